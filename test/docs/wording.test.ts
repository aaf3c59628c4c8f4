import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The docs speak to users: no words from the project's internal planning (issue numbers, the
// design card, the study the project started from by its internal name).

const INTERNAL = [/\bissue #?\d+/i, /\bthe issue's\b/i, /\bdesign card\b/i, /\bseed study\b/i];

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'api' ? [] : markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

describe('documentation wording', () => {
  it('has no internal planning words', () => {
    const files = ['README.md', ...markdownFiles('docs')];
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) =>
      readFileSync(f, 'utf8').split('\n').flatMap((line, i) => INTERNAL.filter((re) => re.test(line)).map((re) => `${relative('.', f)}:${i + 1}: ${re}`)));
    expect(found).toEqual([]);
  });

  it('would catch one', () => {
    expect(INTERNAL.some((re) => re.test('the targets of issue 3'))).toBe(true);
    expect(INTERNAL.some((re) => re.test("where it departs from the design card's stack"))).toBe(true);
  });
});
