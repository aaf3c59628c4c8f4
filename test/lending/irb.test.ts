import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assetCorrelation, irbCapital, maturityAdjustment, pdFloor, type ExposureClass, type PdFloorRule } from '../../src/lending/irb.js';
import { normalCdf, normalQuantile } from '../../src/stats/normal.js';

// Expected values from scripts/fixtures/irb.py: the Basel text (CRE31/CRE32) written independently
// with scipy.stats.norm. Tolerance: RELATIVE 1e-12 (|ours − scipy| ≤ 1e-12 · |scipy|; exact when scipy gives 0).
interface Case {
  exposureClass: ExposureClass;
  pdFloor: PdFloorRule;
  pd: number;
  lgd: number;
  ead: number;
  maturity?: number;
  turnover?: number;
  expected: { pd: number; correlation: number; maturityAdjustment: number; k: number; rwa: number };
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/irb.json', import.meta.url), 'utf8')) as {
  cases: Case[];
  normal: { x: number[]; cdf: number[]; p: number[]; quantile: number[] };
};

function relativeError(ours: number, ref: number): number {
  if (ref === 0) return Math.abs(ours);
  return Math.abs(ours - ref) / Math.abs(ref);
}

describe('Basel IRB risk weights equal an independent scipy implementation to 1e-12 (relative)', () => {
  it('covers the PD floors, maturities outside [1, 5], turnovers outside [5, 50] and every class', () => {
    const c = fixture.cases;
    expect(c.length).toBeGreaterThan(5000);
    expect(c.some((x) => x.pd < x.expected.pd && x.pdFloor === 'basel3')).toBe(true);
    expect(c.some((x) => x.pd < x.expected.pd && x.pdFloor === 'basel2')).toBe(true);
    expect(c.some((x) => (x.maturity ?? 2.5) < 1) && c.some((x) => (x.maturity ?? 2.5) > 5)).toBe(true);
    expect(c.some((x) => (x.turnover ?? 50) < 5) && c.some((x) => (x.turnover ?? 0) > 50)).toBe(true);
    expect(new Set(c.map((x) => x.exposureClass)).size).toBe(4);
  });

  it('floored PD, R, MA, K and RWA on every grid point', () => {
    let worst = 0;
    for (const c of fixture.cases) {
      const r = irbCapital(c, c.pdFloor);
      expect(r.pd).toBe(c.expected.pd);
      for (const key of ['correlation', 'maturityAdjustment', 'k', 'rwa'] as const) {
        const err = relativeError(r[key], c.expected[key]);
        worst = Math.max(worst, err);
        if (err > 1e-12) expect.fail(`${key} of ${JSON.stringify(c)}: ${r[key]} (relative error ${err})`);
      }
      expect(r.riskWeight).toBeCloseTo(12.5 * r.k, 15);
      expect(r.capital).toBe(r.k * c.ead);
    }
    expect(worst).toBeLessThan(1e-12);
  });

  // In the lower tail scipy's own ndtr rounds x² inside e^(−x²/2), so its relative error grows like
  // x²·1e-16 (1.8e-13 against 50-digit mpmath at x = −37, where ours is within 2e-15): the CDF is held
  // to max(1e-14, 4e-16·x²).
  it('the normal CDF and quantile agree with scipy', () => {
    const { x, cdf, p, quantile } = fixture.normal;
    x.forEach((v, i) => expect(relativeError(normalCdf(v), cdf[i]), `Φ(${v})`).toBeLessThan(Math.max(1e-14, 4e-16 * v * v)));
    p.forEach((v, i) => expect(relativeError(normalQuantile(v), quantile[i]), `Φ⁻¹(${v})`).toBeLessThan(1e-14));
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });
});

describe('IRB formulas: the properties the Basel text states', () => {
  it('PD floors: Basel III 0.05% (0.1% for revolving retail), Basel II 0.03%, or a number', () => {
    expect(pdFloor('corporate')).toBe(0.0005);
    expect(pdFloor('qualifying-revolving')).toBe(0.001);
    expect(pdFloor('other-retail', 'basel2')).toBe(0.0003);
    expect(irbCapital({ pd: 0.0001, lgd: 0.45, exposureClass: 'corporate' }, 0.0002).pd).toBe(0.0002);
    expect(irbCapital({ pd: 0, lgd: 0.45, exposureClass: 'corporate' }, 0).k).toBe(0);
  });

  it('corporate correlation runs from 0.24 to 0.12; the SME adjustment takes up to 0.04 off, none from EUR 50m', () => {
    expect(assetCorrelation('corporate', 1e-12)).toBeCloseTo(0.24, 9);
    expect(assetCorrelation('corporate', 0.5)).toBeCloseTo(0.12, 10);
    const base = assetCorrelation('corporate', 0.01);
    expect(assetCorrelation('corporate', 0.01, 5) - base).toBeCloseTo(-0.04, 15);
    expect(assetCorrelation('corporate', 0.01, 1)).toBe(assetCorrelation('corporate', 0.01, 5));
    expect(assetCorrelation('corporate', 0.01, 27.5) - base).toBeCloseTo(-0.02, 15);
    expect(assetCorrelation('corporate', 0.01, 50)).toBe(base);
    expect(assetCorrelation('corporate', 0.01, 500)).toBe(base);
    expect(assetCorrelation('residential-mortgage', 0.01)).toBe(0.15);
    expect(assetCorrelation('qualifying-revolving', 0.01)).toBe(0.04);
    expect(assetCorrelation('other-retail', 1e-12)).toBeCloseTo(0.16, 9);
  });

  it('maturity adjustment: 1/(1 − 1.5b) at M = 2.5, and M is bounded to [1, 5]', () => {
    const b = (0.11852 - 0.05478 * Math.log(0.01)) ** 2;
    expect(maturityAdjustment(0.01, 2.5)).toBeCloseTo(1 / (1 - 1.5 * b), 15);
    expect(maturityAdjustment(0.01, 0.1)).toBe(maturityAdjustment(0.01, 1));
    expect(maturityAdjustment(0.01, 30)).toBe(maturityAdjustment(0.01, 5));
  });

  it('a textbook figure: corporate PD 1%, LGD 45%, M 2.5 has a risk weight of about 92.3%', () => {
    const r = irbCapital({ pd: 0.01, lgd: 0.45, ead: 100, exposureClass: 'corporate', maturity: 2.5 });
    expect(r.riskWeight).toBeCloseTo(0.9232, 4);
    expect(r.rwa).toBeCloseTo(92.32, 2);
  });

  it.each([
    ['an LGD above 1', { lgd: 1.2 }, 'lgd'],
    ['a negative EAD', { ead: -5 }, 'ead'],
    ['a PD above 1', { pd: 1.01 }, 'pd'],
    ['a negative turnover', { turnover: -1 }, 'turnover'],
    ['an unknown class', { exposureClass: 'sovereign' }, 'exposureClass'],
  ])('%s is E_PROBLEM naming the field', (_name, change, path) => {
    expect(() => irbCapital({ pd: 0.01, lgd: 0.45, exposureClass: 'corporate', ...change } as never)).toThrow(
      expect.objectContaining({ code: 'E_PROBLEM', where: expect.objectContaining({ path }) }),
    );
  });
});
