import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import { lendingDemo, lendingDemoJson } from '../../src/cli/commands/demoLending.js';
import { STRATEGY_COLUMNS } from '../../src/lending/io.js';
import { tempDir } from './helpers.js';

describe('the lending part of creditkit demo', () => {
  it('prints Q2 and the stressed Q3 side by side, proven optimal, and writes both strategies', async () => {
    const tmp = tempDir();
    try {
      let out = '';
      const result = await lendingDemo({ out: (s) => { out += s + '\n'; }, err: () => undefined, isTTY: false }, join(tmp.dir, 'strategies'));
      expect(out).toMatch(/302 unrated SME firms/);
      expect(out).toMatch(/Q2: base PDs\s+Q3: epidemic stress/);
      expect(out).toMatch(/HiGHS\s+optimal, gap \S+, [\d.]+ s\s+optimal, gap/);
      for (const row of ['loans', 'total amount', 'mean rate', 'expected return', 'expected loss']) expect(out).toMatch(new RegExp(`\\n${row}\\s+\\S`));
      const files = ['cumcm-q2-strategy.csv', 'cumcm-q3-stressed-strategy.csv'].map((f) => readFileSync(join(tmp.dir, 'strategies', f), 'utf8').trim().split('\n'));
      for (const lines of files) {
        expect(lines[0]).toBe(STRATEGY_COLUMNS.join(','));
        expect(lines).toHaveLength(303);
        expect(lines.filter((l) => l.includes(',excluded,')).every((l) => l.split(',')[1] === 'D')).toBe(true);
      }
      // the sector table adds up to the loan counts
      const sectorRows = out.slice(out.indexOf('loans by sector')).trim().split('\n').slice(2)
        .map((l) => l.trim().split(/\s+/)).filter((c) => c.length === 5 && /^\d+$/.test(c[1]));
      const col = (j: number): number => sectorRows.reduce((t, c) => t + Number(c[j]), 0);
      expect(sectorRows.length).toBeGreaterThanOrEqual(7);
      expect(col(1)).toBe(Number(/eligible firms \(rating A–C\)\s+(\d+)/.exec(out)![1]));
      // the printed loan count is the number of "lend" lines
      const loans = /\nloans\s+(\d+)\s+(\d+)/.exec(out)!;
      expect(files.map((lines) => lines.filter((l) => l.split(',')[4] === 'lend').length)).toEqual([Number(loans[1]), Number(loans[2])]);
      expect([col(2), col(4)]).toEqual([Number(loans[1]), Number(loans[2])]);
      // demo --json: the same figures, unrounded
      const json = JSON.parse(JSON.stringify(lendingDemoJson(result)));
      expect(json.strategies.map((x: { name: string }) => x.name)).toEqual(['Q2: base PDs', 'Q3: epidemic stress']);
      expect(json.strategies.map((x: { summary: { loans: number } }) => x.summary.loans)).toEqual([Number(loans[1]), Number(loans[2])]);
      expect(json.strategies[0].eligible).toBe(col(1));
      expect(json.pdModel.cv.auc.toFixed(4)).toBe(/out-of-fold AUC ([\d.]+)/.exec(out)![1]);
      expect(Object.values(json.unratedRatings as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(302);
    } finally {
      tmp.cleanup();
    }
  });
});
