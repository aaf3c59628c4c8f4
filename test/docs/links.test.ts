import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every relative link and #anchor in README.md and docs/**/*.md must resolve, so that moving a
// section between files cannot leave a dead link behind. Anchors follow GitHub's heading slugs.

const ROOT = process.cwd();

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'api' ? [] : markdownFiles(path); // docs/api/: generated, git-ignored
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string): { line: string; n: number }[] {
  const out: { line: string; n: number }[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((line, i) => {
    const open = /^\s*(```+|~~~+)/.exec(line);
    if (open) {
      if (fence === undefined) fence = open[1][0];
      else if (open[1][0] === fence) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ line, n: i + 1 });
  });
  return out;
}

/** GitHub's slug of a heading: markup dropped, lower case, punctuation removed, spaces to hyphens. */
function githubSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file: heading slugs (repeats get -1, -2, ...) and explicit HTML ids. */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const { line } of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const base = githubSlug(heading[1]);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
  }
  return anchors;
}

/** Link targets of a Markdown file, outside code blocks and inline code. */
function linksOf(text: string): { target: string; n: number }[] {
  const out: { target: string; n: number }[] = [];
  for (const { line, n } of proseLines(text)) {
    const prose = line.replace(/(`+)[^`]*?\1/g, '');
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ target: m[1], n });
    for (const m of prose.matchAll(/^\s*\[[^\]]+\]:\s+(\S+)/g)) out.push({ target: m[1], n });
  }
  return out;
}

const files = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))];

describe('documentation links', () => {
  it('finds the README and the docs', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.some((f) => f.endsWith(join('docs', 'guides', 'modelling.md')))).toBe(true);
  });

  it('slugs headings as GitHub does', () => {
    expect(githubSlug('Explanations: TreeSHAP and reason codes')).toBe('explanations-treeshap-and-reason-codes');
    expect(githubSlug('`creditkit compare`')).toBe('creditkit-compare');
    expect(githubSlug('Tree baselines: decision tree, random forest, AdaBoost')).toBe('tree-baselines-decision-tree-random-forest-adaboost');
    expect(githubSlug('CUMCM 2020 C: the 302 unrated firms (what `npm start` ends with)')).toBe('cumcm-2020-c-the-302-unrated-firms-what-npm-start-ends-with');
    expect(githubSlug('Capital: Basel IRB')).toBe('capital-basel-irb');
  });

  it('every relative link and anchor resolves', () => {
    const anchorCache = new Map<string, Set<string>>();
    const anchors = (path: string): Set<string> => {
      if (!anchorCache.has(path)) anchorCache.set(path, anchorsOf(readFileSync(path, 'utf8')));
      return anchorCache.get(path)!;
    };
    const broken: string[] = [];
    let checked = 0;
    for (const file of files) {
      for (const { target, n } of linksOf(readFileSync(file, 'utf8'))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, ...
        checked++;
        const [path, fragment] = target.split('#', 2) as [string, string | undefined];
        const resolved = path === '' ? file : normalize(join(dirname(file), decodeURI(path)));
        const where = `${relative(ROOT, file)}:${n} → ${target}`;
        if (!resolved.startsWith(ROOT) || !existsSync(resolved)) broken.push(`${where}: no such file`);
        else if (fragment !== undefined && resolved.endsWith('.md') && !anchors(resolved).has(decodeURIComponent(fragment))) {
          broken.push(`${where}: no such anchor`);
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });
});
