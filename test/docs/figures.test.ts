import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// A timing or throughput in the docs is a measurement of one machine on one day: it must say when
// and how it was measured. Each paragraph, table or code block holding one must carry — itself or
// in the block just before or after it — a date (2026-12-07) and the command (`npx ...`, `npm ...`,
// `creditkit ...`, npm start, a bench/ or scripts/ file), or else a link to bench/RESULTS.md (whose
// sections give both) or the marker of a block a script writes.
// Durations that are settings or examples rather than measurements (a time limit, a grace period, a
// default, a polling interval, anything inside a code span) are not figures. A paragraph or list item
// must carry its own provenance; a table or code block may take it from the text just before or after.

const FIGURE = /(?<![\w.`-])\d[\d,]*(?:\.\d+)?(?:–\d[\d.,]*)?\s?(?:ms|s|seconds|minutes|min)\b(?![/\w])|\d[\d.,]*\s?[kM]?\s?rows\/s/g;
const SETTING_BEFORE = /(?:limit|grace|every|timeout|after|up to|default|S \+)\W*(?:of\s+|is\s+)?$/i;
const LIST_ITEM = /^\s{0,3}(?:[-*]|\d+\.)\s/;
const DATE = /20\d\d-\d\d-\d\d/;
const COMMAND = /`(?:npx|npm|creditkit) |npm start|bench\/[\w-]+\.ts|scripts\/[\w-]+\.ts/;
const RESULTS_OR_WRITTEN = /RESULTS\.md|<!-- [a-z-]+ -->/;
const hasProvenance = (text: string): boolean => (DATE.test(text) && COMMAND.test(text)) || RESULTS_OR_WRITTEN.test(text);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'api' ? [] : markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Paragraphs, tables and fenced code blocks (a fence is one block, blank lines included), with their first line number. */
function markdownBlocks(text: string): { line: number; lines: string[] }[] {
  const blocks: { line: number; lines: string[] }[] = [];
  let current: { line: number; lines: string[] } | null = null;
  let fenced = false;
  text.split('\n').forEach((l, i) => {
    if (l.trimStart().startsWith('```')) {
      if (!fenced && current) blocks.push(current);
      if (!fenced) current = { line: i + 1, lines: [] };
      current!.lines.push(l);
      if (fenced) {
        blocks.push(current!);
        current = null;
      }
      fenced = !fenced;
    } else if (fenced) current!.lines.push(l);
    else if (l.trim() === '') {
      if (current) blocks.push(current);
      current = null;
    } else {
      if (current && LIST_ITEM.test(l)) blocks.push(current);
      if (!current || LIST_ITEM.test(l)) current = { line: i + 1, lines: [] };
      current.lines.push(l);
    }
  });
  if (current) blocks.push(current);
  return blocks;
}

/** Lines ("file:line: text") with a timing or throughput figure and no date, command or RESULTS link nearby. */
function undatedFigures(file: string, text: string): string[] {
  const blocks = markdownBlocks(text);
  return blocks.flatMap((b, k) => {
    const excerpt = b.lines[0].trimStart().startsWith('```') || b.lines[0].trimStart().startsWith('|');
    const near = excerpt ? blocks.slice(Math.max(0, k - 1), k + 2) : [b];
    if (hasProvenance(near.map((n) => n.lines.join('\n')).join('\n'))) return [];
    let ticks = 0; // backticks before the current line in this block: odd = inside a code span
    return b.lines.flatMap((l, i) => {
      const figure = !excerpt && [...l.matchAll(FIGURE)].some((m) => {
        const before = l.slice(0, m.index);
        return (ticks + before.split('`').length - 1) % 2 === 0 && !SETTING_BEFORE.test(before);
      });
      ticks += l.split('`').length - 1;
      const inExcerpt = excerpt && [...l.matchAll(FIGURE)].length > 0;
      return figure || inExcerpt ? [`${file}:${b.line + i}: ${l.trim()}`] : [];
    });
  });
}

describe('figures in the docs', () => {
  it('every timing or throughput says when or how it was measured', () => {
    const files = ['README.md', ...markdownFiles('docs')];
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((f) => undatedFigures(relative('.', f), readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('would catch one, and lets settings and dated figures pass', () => {
    expect(undatedFigures('x.md', 'Intro.\n\nIt scores 1.2M rows/s on one thread.\n\nMore.\n')).toEqual(['x.md:3: It scores 1.2M rows/s on one thread.']);
    expect(undatedFigures('x.md', 'A fit took 0.26 s instead of 1.8 s.\n')).toHaveLength(1);
    expect(undatedFigures('x.md', 'A fit took 0.26 s instead of 1.8 s (2026-11-29).\n')).toHaveLength(1);
    expect(undatedFigures('x.md', 'A fit took 0.26 s (with `npx tsx bench/x.ts`).\n')).toHaveLength(1);
    expect(undatedFigures('x.md', 'A fit took 0.26 s (2026-12-07, `npx tsx bench/x.ts`).\n')).toEqual([]);
    expect(undatedFigures('x.md', 'A fit took 0.26 s ([bench/RESULTS.md](bench/RESULTS.md) §2).\n')).toEqual([]);
    expect(undatedFigures('x.md', 'Measured by `npx tsx bench/x.ts` on 2026-12-07:\n\n| model | fit s |\n|---|---|\n| gbdt | 0.3 s |\n')).toEqual([]);
    expect(undatedFigures('x.md', 'The worker is stopped at the time limit plus a grace of 0.5–1 s; `--time-limit 30` sets it.\n')).toEqual([]);
    expect(undatedFigures('x.md', '`--verbose` ends with each phase (`phases reading 6.10 s,\nbinning 0.81 s`) and more.\n')).toEqual([]);
    // A list item needs its own: a command in the next item does not date this one.
    expect(undatedFigures('x.md', '- It takes 1.2 s (2026-12-07).\n- `creditkit scorecard` prints it.\n')).toEqual(['x.md:1: - It takes 1.2 s (2026-12-07).']);
    expect(undatedFigures('x.md', 'prints:\n\n```\nread in 0.18 s\n\nfit time 0.59 s\n```\n\nText.\n')).toHaveLength(2);
  });
});
