import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { delongAuc, delongPairedTest, midranks } from '../../src/validation/delong.js';
import { jeffreysTest } from '../../src/validation/jeffreysTest.js';
import { binomialTest } from '../../src/validation/binomialTest.js';
import { hosmerLemeshow, riskGroups } from '../../src/validation/hosmerLemeshow.js';
import { spiegelhalterTest } from '../../src/validation/spiegelhalter.js';
import { herfindahl } from '../../src/validation/herfindahl.js';
import { trafficLight } from '../../src/validation/trafficLight.js';
import { aucChangeTest } from '../../src/validation/aucChangeTest.js';

// Reference figures from scripts/fixtures/validation.py (scipy; DeLong by the O(m·n) placement definition).
const fx = JSON.parse(readFileSync(new URL('../fixtures/validation/validation.json', import.meta.url), 'utf8'));

describe('DeLong against the O(m·n) placement-value definition', () => {
  it('AUC and its variance to 1e-6 (1e-12 in fact), with and without ties', () => {
    expect(fx.delong.length).toBe(4);
    for (const c of fx.delong) {
      const a = delongAuc(c.y, c.a);
      const b = delongAuc(c.y, c.b);
      expect(Math.abs(a.auc! - c.auc[0])).toBeLessThan(1e-12);
      expect(Math.abs(b.auc! - c.auc[1])).toBeLessThan(1e-12);
      expect(Math.abs(a.variance! - c.variance[0])).toBeLessThan(1e-12);
      expect(Math.abs(b.variance! - c.variance[1])).toBeLessThan(1e-12);
      expect(a.gini).toBeCloseTo(2 * c.auc[0] - 1, 12);
      const half = 1.959963984540054 * Math.sqrt(c.variance[0]);
      expect(a.ci![0]).toBeCloseTo(Math.max(0, c.auc[0] - half), 10);
      expect(a.ci![1]).toBeCloseTo(Math.min(1, c.auc[0] + half), 10);
      expect(a.giniCi![0]).toBeCloseTo(2 * a.ci![0] - 1, 12);
    }
  });

  it('the paired test of two correlated AUCs: covariance, z and p to 1e-6', () => {
    for (const c of fx.delong) {
      const t = delongPairedTest(c.y, c.a, c.b);
      expect(Math.abs(t.covariance! - c.covariance)).toBeLessThan(1e-12);
      expect(Math.abs(t.varianceDifference! - c.varianceDifference)).toBeLessThan(1e-12);
      expect(Math.abs(t.z! - c.z)).toBeLessThan(1e-6);
      expect(Math.abs(t.p! - c.p)).toBeLessThan(1e-9);
      expect(t.difference).toBeCloseTo(c.auc[0] - c.auc[1], 12);
    }
  });

  it('one class: AUC not defined, with a word instead of NaN', () => {
    const r = delongAuc([0, 0, 0], [0.1, 0.2, 0.3]);
    expect(r.auc).toBeNull();
    expect(r.note).toMatch(/no defaults/);
    expect(delongAuc([1, 1], [0.1, 0.2]).note).toMatch(/no non-defaults/);
    const one = delongAuc([1, 0, 0, 0], [0.9, 0.1, 0.2, 0.3]);
    expect(one.auc).toBe(1);
    expect(one.se).toBeNull();
    expect(one.note).toMatch(/one defaulter/);
    expect(delongPairedTest([0, 0], [1, 2], [2, 1]).p).toBeNull();
    const same = delongPairedTest([0, 1, 0, 1], [1, 2, 3, 4], [1, 2, 3, 4]);
    expect(same.difference).toBe(0);
    expect(same.p).toBeNull();
    expect(same.note).toMatch(/no variance/);
  });

  it('midranks average tied ranks', () => {
    expect(Array.from(midranks(Float64Array.from([3, 1, 3, 2, 3])))).toEqual([4, 1, 4, 2, 4]);
  });
});

describe('the ECB test of the AUC change since the initial validation', () => {
  it('S = (initial − current) / se, p = 1 − Φ(S) (scipy: norm.sf(2) = 0.022750131948179195)', () => {
    const t = aucChangeTest(0.8, 0.78, 0.01);
    expect(t.statistic).toBeCloseTo(2, 12);
    expect(Math.abs(t.p! - 0.022750131948179195)).toBeLessThan(1e-12);
    expect(aucChangeTest(0.8, 0.85, 0.01).p).toBeGreaterThan(0.99);
    expect(aucChangeTest(0.8, null, null).note).toMatch(/not defined/);
    expect(() => aucChangeTest(1.2, 0.8, 0.01)).toThrow(expect.objectContaining({ code: 'E_OPTION' }));
  });
});

describe('per-grade tests against scipy', () => {
  it('Jeffreys p = Beta(D + ½, N − D + ½) CDF at the PD, and the binomial P(X ≥ D), to 1e-9', () => {
    expect(fx.grades.length).toBe(15);
    for (const g of fx.grades) {
      expect(Math.abs(jeffreysTest(g.defaults, g.count, g.pd)! - g.jeffreysP), JSON.stringify(g)).toBeLessThan(1e-9);
      expect(Math.abs(binomialTest(g.defaults, g.count, g.pd)! - g.binomialP), JSON.stringify(g)).toBeLessThan(1e-9);
    }
    expect(jeffreysTest(0, 0, 0.1)).toBeNull();
    expect(jeffreysTest(0, 50, 0)).toBe(1);
    expect(jeffreysTest(1, 50, 0)).toBe(0);
    expect(binomialTest(0, 50, 0)).toBe(1);
    expect(binomialTest(0, 0, 0.1)).toBeNull();
  });

  it('traffic light: red below 1%, amber below 5%', () => {
    expect([0.2, 0.05, 0.049, 0.01, 0.0099].map((p) => trafficLight(p))).toEqual(['green', 'green', 'amber', 'amber', 'red']);
  });
});

describe('whole-sample calibration tests against a reference computation', () => {
  it('Hosmer–Lemeshow on deciles of PD (both degrees of freedom) and Spiegelhalter', () => {
    for (const c of fx.calibration) {
      const groups = riskGroups(c.pd, 10);
      const hl = hosmerLemeshow(c.y, c.pd, groups.index, groups.names);
      expect(Math.abs(hl.statistic! - c.hl.statistic) / c.hl.statistic).toBeLessThan(1e-12);
      expect(hl.df).toBe(c.hl.groups - 2);
      expect(Math.abs(hl.p! - c.hl.pGroupsMinus2)).toBeLessThan(1e-9);
      const ext = hosmerLemeshow(c.y, c.pd, groups.index, groups.names, 'groups');
      expect(ext.df).toBe(c.hl.groups);
      expect(Math.abs(ext.p! - c.hl.pGroups)).toBeLessThan(1e-9);
      expect(hl.groups.reduce((s, g) => s + g.count, 0)).toBe(c.y.length);
      const sp = spiegelhalterTest(c.y, c.pd);
      expect(Math.abs(sp.z! - c.spiegelhalter.z)).toBeLessThan(1e-9);
      expect(Math.abs(sp.p! - c.spiegelhalter.p)).toBeLessThan(1e-9);
    }
  });

  it('a group whose PDs are all 0 has no variance and is skipped, too few groups is marked', () => {
    const hl = hosmerLemeshow([0, 0, 1, 0], [0, 0, 0.5, 0.2], [0, 0, 1, 1], ['a', 'b']);
    expect(hl.skippedGroups).toBe(1);
    expect(hl.p).toBeNull();
    expect(hl.note).toMatch(/too few/);
    expect(spiegelhalterTest([0, 1], [0.5, 0.5]).z).toBeNull();
  });

  it('Herfindahl index and its ECB normalised form', () => {
    for (const c of fx.herfindahl) {
      const h = herfindahl(c.counts);
      expect(h.index).toBeCloseTo(c.index, 14);
      expect(h.normalised!).toBeCloseTo(c.normalised, 12);
    }
    expect(herfindahl([7]).normalised).toBeNull();
  });
});
