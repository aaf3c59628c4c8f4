import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logGamma } from '../../src/stats/logGamma.js';
import { gammaP, gammaQ } from '../../src/stats/incompleteGamma.js';
import { incompleteBeta, incompleteBetaComplement } from '../../src/stats/incompleteBeta.js';
import { betaQuantile } from '../../src/stats/betaQuantile.js';
import { normalCdf, normalQuantile, normalSf, normalTwoSidedP } from '../../src/stats/normal.js';
import { chiSquareCdf, chiSquareSf } from '../../src/stats/chiSquare.js';
import { binomialCdf, binomialUpperTail } from '../../src/stats/binomial.js';

// scipy 1.10's values, written by scripts/fixtures/distributions.py.
const fx = JSON.parse(readFileSync(new URL('../fixtures/validation/distributions.json', import.meta.url), 'utf8'));

/** |got − want| within `abs`, and within `rel` relative for small tails (a p-value of 1e-30 must not read as 0). */
function close(got: number, want: number, abs = 1e-10, rel = 1e-8): void {
  const err = Math.abs(got - want);
  expect(err <= abs && (Math.abs(want) > 1e-3 || err <= rel * Math.abs(want) || err < 1e-300), `got ${got}, want ${want}`).toBe(true);
}

describe('special functions against scipy', () => {
  it('logGamma to 1e-13 relative', () => {
    for (const c of fx.gammaln) expect(Math.abs(logGamma(c.x) - c.value), `x ${c.x}`).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(c.value)));
  });

  it('regularized incomplete gamma P and Q, both tails', () => {
    for (const c of fx.gamma) {
      close(gammaP(c.a, c.x), c.p);
      close(gammaQ(c.a, c.x), c.q);
    }
  });

  it('regularized incomplete beta I_x(a, b) to 1e-10, up to a + b = 150,000', () => {
    for (const c of fx.beta) {
      close(incompleteBeta(c.x, c.a, c.b), c.value);
      close(incompleteBetaComplement(c.x, c.a, c.b), c.complement);
    }
  });

  it('incomplete beta with large shapes to 1e-12 of 50-digit mpmath (where scipy 1.10 is ~3e-11 off)', () => {
    expect(fx.betaExact.length).toBeGreaterThanOrEqual(3);
    for (const c of fx.betaExact) expect(Math.abs(incompleteBeta(c.x, c.a, c.b) - c.value), `${c.x} ${c.a} ${c.b}`).toBeLessThan(1e-12);
  });

  it('beta quantiles', () => {
    for (const c of fx.betaQuantile) expect(Math.abs(betaQuantile(c.q, c.a, c.b) - c.value)).toBeLessThan(1e-12);
  });

  it('normal CDF, tails and quantile', () => {
    for (const c of fx.normal) {
      close(normalCdf(c.z), c.cdf);
      close(normalSf(c.z), c.sf);
      close(normalTwoSidedP(c.z), c.twoSided);
    }
    for (const c of fx.normalQuantile) expect(Math.abs(normalQuantile(c.p) - c.value)).toBeLessThan(1e-10 * Math.max(1, Math.abs(c.value)));
  });

  it('chi-square CDF and survival function', () => {
    for (const c of fx.chi2) {
      close(chiSquareCdf(c.x, c.df), c.cdf);
      close(chiSquareSf(c.x, c.df), c.sf);
    }
  });

  it('binomial CDF and upper tail to 1e-10', () => {
    for (const c of fx.binomial) {
      close(binomialCdf(c.k, c.n, c.p), c.cdf);
      close(binomialUpperTail(c.k, c.n, c.p), c.upperTail);
    }
  });

  it('edges: outside the domain is NaN, the ends are exact', () => {
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
    expect(incompleteBeta(0.5, 0, 3)).toBeNaN();
    expect(incompleteBeta(1.5, 2, 3)).toBeNaN();
    expect(gammaQ(2, 0)).toBe(1);
    expect(binomialUpperTail(0, 10, 0.1)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.1)).toBe(0);
    expect(binomialUpperTail(3, 10, 0)).toBe(0);
    expect(binomialCdf(3, 10, 1)).toBe(0);
    expect(binomialCdf(3, 10.5, 0.1)).toBeNaN();
    expect(Math.abs(normalQuantile(0.5))).toBeLessThan(1e-15);
    expect(chiSquareSf(-1, 3)).toBe(1);
  });
});
