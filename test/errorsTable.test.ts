import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The Errors page (docs/errors.md) promises, per bad input, a code and the test that checks it.
// This keeps that promise honest: every code the library can throw is documented, and every
// row names test files that exist and assert the row's codes.
const section = readFileSync('docs/errors.md', 'utf8');
const declared = readFileSync('src/errors.ts', 'utf8');
const union = declared.slice(declared.indexOf('export type ErrorCode ='));
const errorCodes = [...union.slice(0, union.indexOf('\n\n')).matchAll(/\| '(E_[A-Z_]+)'/g)].map((m) => m[1]);

/** Rows of the Markdown table whose header row starts with `| first |`. */
function tableRows(first: string): string[][] {
  const lines = section.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(lines[i].slice(1, -1).replace(/\\\|/g, '¦').split('|').map((c) => c.trim()));
  }
  return rows;
}

const codesIn = (s: string): string[] => [...s.matchAll(/E_[A-Z_]+/g)].map((m) => m[0]);

describe('the Errors page (docs/errors.md)', () => {
  it('lists every error code the library declares, and no other', () => {
    expect(errorCodes.length).toBeGreaterThan(20);
    const documented = new Set(tableRows('code').flatMap((r) => codesIn(r[0])));
    expect([...documented].sort()).toEqual([...errorCodes].sort());
  });

  const rows = tableRows('bad input');
  it('has a row per bad input, each naming existing test files', () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      expect(row, row[0]).toHaveLength(5);
      const files = [...row[4].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      expect(files.length, row[0]).toBeGreaterThan(0);
      for (const f of files) expect(existsSync(f), `${row[0]}: ${f}`).toBe(true);
    }
  });

  it.each(rows.filter((r) => codesIn(r[1]).length > 0).map((r) => [r[0], r] as const))('the tests named for "%s" assert its codes', (_name, row) => {
    const text = [...row[4].matchAll(/`([^`]+)`/g)].map((m) => readFileSync(m[1], 'utf8')).join('\n');
    for (const code of codesIn(row[1])) {
      expect(errorCodes, code).toContain(code);
      expect(text.includes(code), `${row[0]}: ${code}`).toBe(true);
    }
  });
});
