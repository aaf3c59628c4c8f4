import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { estimateTail, simulatePortfolioLoss, type PortfolioLoan } from '../../src/lending/lossDistribution.js';

interface Level { alpha: number; var: number; cvar: number }
interface Case {
  name: string; loansPerSector: number; sectors: number; pd: number; correlation: number; sectorCorrelation: number;
  finite: Level[]; limit: Level[] | null;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/vasicek.json', import.meta.url), 'utf8')) as { cases: Case[] };

function portfolio(c: Case): PortfolioLoan[] {
  const loans: PortfolioLoan[] = [];
  for (let g = 0; g < c.sectors; g++) {
    for (let i = 0; i < c.loansPerSector; i++) loans.push({ pd: c.pd, lossAtDefault: 1, sector: c.sectors > 1 ? `s${g}` : null });
  }
  return loans;
}

describe('simulatePortfolioLoss: the Vasicek one-factor loss distribution', () => {
  for (const c of fixture.cases) {
    it(`VaR and CVaR at 99% and 99.9% hold the exact values (scipy) inside their intervals: ${c.name}`, () => {
      const d = simulatePortfolioLoss(portfolio(c), {
        correlation: c.correlation, sectorCorrelation: c.sectorCorrelation, scenarios: 100_000, seed: 7, confidence: 0.99,
      });
      expect(d.scenarios).toBe(100_000);
      d.levels.forEach((l, j) => {
        const exact = c.finite[j];
        expect(l.alpha).toBe(exact.alpha);
        expect(l.varInterval[0]).toBeLessThanOrEqual(exact.var);
        expect(l.varInterval[1]).toBeGreaterThanOrEqual(exact.var);
        expect(l.cvarInterval[0]).toBeLessThanOrEqual(exact.cvar);
        expect(l.cvarInterval[1]).toBeGreaterThanOrEqual(exact.cvar);
        // The intervals are informative, not vacuous: CVaR known to a few percent.
        expect(l.cvarInterval[1] - l.cvarInterval[0]).toBeLessThan(0.15 * exact.cvar);
      });
      expect(Math.abs(d.meanLoss - d.expectedLoss)).toBeLessThan(0.05 * d.expectedLoss);
      expect(d.expectedLoss).toBeCloseTo(c.pd * c.loansPerSector * c.sectors, 9);
    });
  }

  it('the sector factor fattens the tail: dropping it misses the exact sector-model CVaR', () => {
    const c = fixture.cases.find((x) => x.sectors > 1)!;
    const without = simulatePortfolioLoss(portfolio(c), { correlation: c.correlation, scenarios: 50_000, seed: 3 });
    expect(without.levels[1].cvarInterval[1]).toBeLessThan(c.finite[1].cvar);
  });

  it('is deterministic by seed, and a larger count extends the same draw', () => {
    const loans = Array.from({ length: 30 }, (_, i) => ({ pd: 0.01 + 0.002 * i, lossAtDefault: 10 + i, sector: i % 2 ? 'a' : 'b' }));
    const opts = { correlation: 0.2, sectorCorrelation: 0.1, scenarios: 5_000, seed: 11 };
    const a = simulatePortfolioLoss(loans, opts);
    expect(simulatePortfolioLoss(loans, opts)).toEqual(a);
    expect(simulatePortfolioLoss(loans, { ...opts, seed: 12 }).levels[0].cvar).not.toBe(a.levels[0].cvar);
    // The precision rule stops at some count N; a fixed count N gives the same answer.
    const p = simulatePortfolioLoss(loans, { correlation: 0.2, seed: 11, precision: 0.03 });
    expect(p.precisionMet).toBe(true);
    expect(p.relativeHalfWidth).toBeLessThanOrEqual(0.03);
    expect(p.scenarios).toBeGreaterThan(20_000);
    const fixed = simulatePortfolioLoss(loans, { correlation: 0.2, seed: 11, scenarios: p.scenarios });
    expect(fixed.levels).toEqual(p.levels);
  });

  it('reports a precision it could not reach within maxScenarios', () => {
    const loans = Array.from({ length: 20 }, (_, i) => ({ pd: 0.02, lossAtDefault: 1 + i }));
    const d = simulatePortfolioLoss(loans, { precision: 1e-4, maxScenarios: 30_000 });
    expect(d.scenarios).toBe(30_000);
    expect(d.precisionMet).toBe(false);
    expect(d.relativeHalfWidth).toBeGreaterThan(1e-4);
  });

  it('estimateTail: VaR is the ⌈Nα⌉-th smallest loss, CVaR the Rockafellar–Uryasev value', () => {
    const losses = Float64Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
    const t = estimateTail(losses, 0.99, 1.959963984540054);
    expect(t.var).toBe(989);
    expect(t.cvar).toBeCloseTo(989 + (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10) / 10, 9);
    expect(t.varInterval[0]).toBeLessThan(989);
    expect(t.varInterval[1]).toBeGreaterThan(989);
  });

  it('rejects bad loans and options with coded errors naming the field', () => {
    const err = (f: () => unknown): CreditkitError => {
      try {
        f();
      } catch (e) {
        return e as CreditkitError;
      }
      throw new Error('no error');
    };
    const e1 = err(() => simulatePortfolioLoss([{ pd: 1.5, lossAtDefault: 1 }]));
    expect(e1.code).toBe('E_PROBLEM');
    expect(e1.where.path).toBe('loans[0].pd');
    expect(err(() => simulatePortfolioLoss([{ pd: 0.1, lossAtDefault: -1 }])).where.path).toBe('loans[0].lossAtDefault');
    expect(err(() => simulatePortfolioLoss([], { correlation: 0.6, sectorCorrelation: 0.5 })).code).toBe('E_OPTION');
    expect(err(() => simulatePortfolioLoss([], { levels: [1] })).code).toBe('E_OPTION');
    expect(err(() => simulatePortfolioLoss([], { scenarios: 0 })).code).toBe('E_OPTION');
  });
});
