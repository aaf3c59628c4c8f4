import { describe, expect, it } from 'vitest';
import { cvarWithThreshold } from '../../src/lending/evaluate.js';
import { drawDefaultScenarios } from '../../src/lending/scenarios.js';
import { normalQuantile } from '../../src/stats/normal.js';

describe('one-factor Gaussian copula scenarios', () => {
  it('Φ⁻¹ matches reference values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874040841, 8);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 7);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('each applicant defaults with its PD; correlation clusters defaults; seeded', () => {
    const pds = [0.02, 0.05, 0.1, 0.2, 0, 1, ...new Array<number>(20).fill(0.05)];
    const S = 4000;
    const count = (rho: number) => {
      const sc = drawDefaultScenarios(pds, S, rho, 42);
      const freq = new Array<number>(pds.length).fill(0);
      const perScenario: number[] = [];
      for (let s = 0; s < S; s++) {
        perScenario.push(sc.starts[s + 1] - sc.starts[s]);
        for (let q = sc.starts[s]; q < sc.starts[s + 1]; q++) freq[sc.members[q]]++;
      }
      const mean = perScenario.reduce((a, b) => a + b, 0) / S;
      const variance = perScenario.reduce((a, b) => a + (b - mean) ** 2, 0) / S;
      return { freq: freq.map((f) => f / S), variance };
    };
    const independent = count(0);
    const clustered = count(0.4);
    for (const { freq } of [independent, clustered]) {
      pds.forEach((pd, i) => expect(Math.abs(freq[i] - pd)).toBeLessThanOrEqual(4 * Math.sqrt((pd * (1 - pd)) / S) + (pd > 0 && pd < 1 ? 0.01 : 0)));
      expect(freq[4]).toBe(0);
      expect(freq[5]).toBe(1);
    }
    expect(clustered.variance).toBeGreaterThan(2 * independent.variance);
    const a = drawDefaultScenarios(pds, 50, 0.3, 9);
    const b = drawDefaultScenarios(pds, 50, 0.3, 9);
    expect(Array.from(a.members)).toEqual(Array.from(b.members));
    // Sectors without a sector loading leave the one-factor draw unchanged.
    const c = drawDefaultScenarios(pds, 50, 0.3, 9, pds.map((_, i) => (i % 2 ? 'x' : 'y')), 0);
    expect(Array.from(c.members)).toEqual(Array.from(a.members));
  });

  it('CVaR is the mean of the worst (1 − α) share of scenarios, fractional at the boundary', () => {
    const losses = [5, 1, 9, 3, 7, 0, 2, 8, 4, 6];
    expect(cvarWithThreshold(losses, 0.8).cvar).toBeCloseTo((9 + 8) / 2, 12);
    expect(cvarWithThreshold(losses, 0.75).cvar).toBeCloseTo((9 + 8 + 0.5 * 7) / 2.5, 12);
    expect(cvarWithThreshold(losses, 0).cvar).toBeCloseTo(4.5, 12);
    expect(cvarWithThreshold(new Array(10).fill(0), 0.9).cvar).toBe(0);
  });
});
