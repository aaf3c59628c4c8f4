import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import { lendingDemo, lendingDemoJson } from '../../src/cli/commands/demoLending.js';
import { STRATEGY_COLUMNS } from '../../src/lending/io.js';
import { tempDir } from './helpers.js';

describe('the lending part of creditkit demo', () => {
  it('prints Q1, Q2 and the stressed Q3 side by side, proven optimal, with no decision against the PD order, and writes the three strategies', async () => {
    const tmp = tempDir();
    try {
      let out = '';
      const result = await lendingDemo({ out: (s) => { out += s + '\n'; }, err: () => undefined, isTTY: false }, join(tmp.dir, 'strategies'));
      expect(out).toMatch(/123 rated \(Q1\) and 302 unrated SME firms/);
      expect(out).toMatch(/Q1: 123 rated firms\s+Q2: base PDs\s+Q3: epidemic stress/);
      expect(out).toMatch(/HiGHS\s+optimal, gap \S+, [\d.]+ s\s+optimal, gap \S+, [\d.]+ s\s+optimal, gap/);
      // Take-up by PD: no firm is declined while a riskier one gets a loan, in any question; the raw table by rating did that in Q2.
      expect(out).toMatch(/\ndeclined below a lent PD\s+0\s+0\s+0\n/);
      expect(Number(/raw table by rating, budget counts offers\s+[\d,.]+ \(\d+ inv\.\)\s+[\d,.]+ \((\d+) inv\.\)/.exec(out)![1])).toBeGreaterThan(0);
      // Both budget readings: counting expected take-ups lends more and earns more.
      const money = (s: string): number => Number(s.replace(/,/g, ''));
      const offered = /smooth take-up by PD, budget counts offers \(above\)\s+([\d,.]+)\s+([\d,.]+)\s+([\d,.]+)/.exec(out)!.slice(1).map(money);
      const expected = /smooth take-up by PD, budget counts expected take-ups\s+([\d,.]+)\s+([\d,.]+)\s+([\d,.]+)/.exec(out)!.slice(1).map(money);
      offered.forEach((x, j) => expect(expected[j]).toBeGreaterThan(x));
      expect(out).toMatch(/take-up: a smooth curve per rating fitted to attachment 3 \(R² A 0\.9977, B 0\.9984, C 0\.9978\)/);
      for (const row of ['loans', 'total amount', 'mean rate', 'expected return', 'expected loss']) expect(out).toMatch(new RegExp(`\\n${row}\\s+\\S`));
      const files = ['cumcm-q1-strategy.csv', 'cumcm-q2-strategy.csv', 'cumcm-q3-stressed-strategy.csv'].map((f) => readFileSync(join(tmp.dir, 'strategies', f), 'utf8').trim().split('\n'));
      files.forEach((lines, j) => {
        expect(lines[0]).toBe(STRATEGY_COLUMNS.join(','));
        expect(lines).toHaveLength(j === 0 ? 124 : 303);
        const excluded = lines.filter((l) => l.includes(',excluded,')).map((l) => l.split(','));
        if (j > 0) expect(excluded.every((c) => c[1] === 'D')).toBe(true);
        // Q1: the 24 D firms, and the 3 A–C firms with a default on record (1 B, 2 C in attachment 1).
        else expect([excluded.filter((c) => c[1] === 'D').length, excluded.filter((c) => c[11] === 'excluded by id').map((c) => c[1]).sort()]).toEqual([24, ['B', 'C', 'C']]);
        // Every lent firm's take-up uses the budget: the amounts offered add up to the budget at most.
        const total = lines.slice(1).map((l) => l.split(',')).filter((c) => c[4] === 'lend').reduce((t, c) => t + Number(c[5]), 0);
        expect(total).toBeLessThanOrEqual((j === 0 ? 4000 : 10000) + 1e-6);
      });
      // the sector table adds up to the loan counts
      const sectorRows = out.slice(out.indexOf('loans by sector')).trim().split('\n').slice(2)
        .map((l) => l.trim().split(/\s+/)).filter((c) => c.length === 5 && /^\d+$/.test(c[1]));
      const col = (j: number): number => sectorRows.reduce((t, c) => t + Number(c[j]), 0);
      expect(sectorRows.length).toBeGreaterThanOrEqual(7);
      expect(col(1)).toBe(Number(/eligible firms \(A–C, no default on record\)\s+\d+\s+(\d+)/.exec(out)![1]));
      // the printed loan count is the number of "lend" lines
      const loans = /\nloans\s+(\d+)\s+(\d+)\s+(\d+)/.exec(out)!.slice(1).map(Number);
      expect(files.map((lines) => lines.filter((l) => l.split(',')[4] === 'lend').length)).toEqual(loans);
      expect([col(2), col(4)]).toEqual(loans.slice(1));
      // demo --json: the same figures, unrounded
      const json = JSON.parse(JSON.stringify(lendingDemoJson(result)));
      expect(json.strategies.map((x: { name: string }) => x.name)).toEqual(['Q1: 123 rated firms', 'Q2: base PDs', 'Q3: epidemic stress']);
      expect(json.strategies.map((x: { summary: { loans: number } }) => x.summary.loans)).toEqual(loans);
      expect(json.strategies[1].eligible).toBe(col(1));
      expect(json.strategies.map((x: { budgetReadings: { offered: number } }) => x.budgetReadings.offered.toFixed(2))).toEqual(offered.map((x) => x.toFixed(2)));
      expect(json.pdModel.cv.auc.toFixed(4)).toBe(/out-of-fold AUC ([\d.]+)/.exec(out)![1]);
      expect(Object.values(json.unratedRatings as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(302);
    } finally {
      tmp.cleanup();
    }
  });
});
