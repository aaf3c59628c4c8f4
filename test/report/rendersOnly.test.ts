import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The report renders results computed elsewhere; fitting and comparing models is selection's work.
const REPORT = new URL('../../src/report/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

describe('src/report', () => {
  it('fits no model: no model factory, no model comparison, no fit call', () => {
    const offenders: string[] = [];
    for (const file of sources(REPORT)) {
      const text = readFileSync(file, 'utf8');
      const valueImports = [...text.matchAll(/^import (?!type )[^;]*? from '([^']+)';/gm)].map((m) => m[1]);
      for (const from of valueImports) {
        if (/\/models\/(?!classifier\.js)|\/selection\//.test(from)) offenders.push(`${relative(REPORT, file)} imports ${from}`);
      }
      if (/\.fit\(/.test(text)) offenders.push(`${relative(REPORT, file)} calls fit()`);
    }
    expect(offenders).toEqual([]);
  });

  it('keeps its charts in one folder', () => {
    const top = readdirSync(REPORT).filter((f) => /^charts?\b/.test(f));
    expect(top).toEqual(['charts']);
  });
});
