import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/data/csvFile.js';
import { Dataset } from '../../src/data/dataset.js';
import { PSI_EPSILON, categoricalPsi, numericPsi, populationStability, quantileCuts, stabilityLabel } from '../../src/monitor/psi.js';
import { Random } from '../../src/random.js';
import { errorOf } from '../errorOf.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('PSI on constructed shifts', () => {
  it('is 0 for identical distributions', () => {
    const r = numericPsi('x', range(1, 100), range(1, 100));
    expect(r.psi).toBe(0);
    expect(r.label).toBe('stable');
    expect(r.bins).toHaveLength(10);
    expect(r.bins.every((b) => b.baselineCount === 10)).toBe(true);
  });

  it('uses baseline deciles and the epsilon for empty bins (computed by hand)', () => {
    // Baseline 1..100: deciles (-inf,10], (10,20], …, (90,inf). Current: half in the
    // first decile, half in the last, none in between.
    const current = [...range(1, 10), ...range(1, 10), ...range(1, 10), ...range(1, 10), ...range(1, 10), ...range(91, 100), ...range(91, 100), ...range(91, 100), ...range(91, 100), ...range(91, 100)];
    const r = numericPsi('x', range(1, 100), current);
    expect(Array.from(quantileCuts(range(1, 100), 10))).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const expected = 2 * (0.5 - 0.1) * Math.log(0.5 / 0.1) + 8 * (PSI_EPSILON - 0.1) * Math.log(PSI_EPSILON / 0.1);
    expect(r.psi).toBeCloseTo(expected, 12);
    expect(r.label).toBe('significant shift');
    expect(r.bins[0]).toMatchObject({ bin: '(-inf, 10]', baselineCount: 10, currentCount: 50, baselineShare: 0.1, currentShare: 0.5 });
    expect(r.bins[9].bin).toBe('(90, inf)');
  });

  it('counts a two-bin shift and values beyond the baseline range in the outer bins', () => {
    // Baseline 1..100 in 4 quartiles; current: 40 in Q1, 10 in Q2, 25 in Q3, 25 beyond the maximum.
    const current = [...range(1, 25), ...range(1, 15), ...range(26, 35), ...range(51, 75), ...Array(25).fill(1000)];
    const r = numericPsi('x', range(1, 100), current, { bins: 4 });
    const expected = (0.4 - 0.25) * Math.log(0.4 / 0.25) + (0.1 - 0.25) * Math.log(0.1 / 0.25);
    expect(r.psi).toBeCloseTo(expected, 12);
    expect(r.bins.map((b) => b.currentCount)).toEqual([40, 10, 25, 25]);
    expect(r.label).toBe('moderate shift');
  });

  it('has a missing bin, listed only when it holds rows', () => {
    const r = numericPsi('x', [...range(1, 90), ...Array(10).fill(NaN)], [...range(1, 70), ...Array(30).fill(NaN)], { bins: 3 });
    const missing = r.bins.find((b) => b.bin === 'missing')!;
    expect(missing).toMatchObject({ baselineCount: 10, currentCount: 30 });
    expect(missing.contribution).toBeCloseTo((0.3 - 0.1) * Math.log(3), 12);
    expect(numericPsi('x', range(1, 10), range(1, 10)).bins.some((b) => b.bin === 'missing')).toBe(false);
  });

  it('makes fewer bins when the baseline has heavy ties', () => {
    const base = [...Array(80).fill(0), ...range(1, 20)];
    // Deciles of 80 zeros and 1..20: the first eight are all 0, then 10 — two cut points.
    const cuts = Array.from(quantileCuts(base, 10));
    expect(cuts[0]).toBe(0);
    expect(new Set(cuts).size).toBe(cuts.length);
    expect(cuts).toEqual([0, 10]);
  });

  it('matches categories by label across dictionaries, with an (other) bin for new labels', () => {
    const col = (labels: string[], categories: string[]) => ({
      name: 'c', kind: 'categorical' as const, categories,
      values: Float32Array.from(labels, (l) => (l === '' ? NaN : categories.indexOf(l))),
    });
    const base = col([...Array(50).fill('a'), ...Array(50).fill('b')], ['a', 'b']);
    const cur = col([...Array(30).fill('b'), ...Array(50).fill('a'), ...Array(20).fill('z')], ['b', 'a', 'z']);
    const r = categoricalPsi('c', base, cur);
    const expected = (0.3 - 0.5) * Math.log(0.3 / 0.5) + (0.2 - PSI_EPSILON) * Math.log(0.2 / PSI_EPSILON);
    expect(r.psi).toBeCloseTo(expected, 12);
    expect(r.bins.map((b) => [b.bin, b.baselineCount, b.currentCount])).toEqual([['a', 50, 50], ['b', 50, 30], ['(other)', 0, 20]]);
  });

  it('labels PSI by the 0.1 / 0.25 thresholds', () => {
    expect(stabilityLabel(0.0999)).toBe('stable');
    expect(stabilityLabel(0.1)).toBe('moderate shift');
    expect(stabilityLabel(0.2499)).toBe('moderate shift');
    expect(stabilityLabel(0.25)).toBe('significant shift');
  });

  it('rejects missing columns, kind mismatches, infinities, empty data and bad bin counts', () => {
    const a = Dataset.fromColumns({ x: [1, 2, 3], y: [1, 2, 3] });
    const b = Dataset.fromColumns({ x: [1, 2, 3] });
    const e = errorOf(() => populationStability(a, b));
    expect(e.code).toBe('E_COLUMN_UNKNOWN');
    expect(e.where.column).toBe('y');
    expect(errorOf(() => populationStability(a, a, { columns: ['w'] })).code).toBe('E_COLUMN_UNKNOWN');
    expect(errorOf(() => numericPsi('x', [1, 2], [1, Infinity])).code).toBe('E_NONFINITE');
    expect(errorOf(() => numericPsi('x', [], [1])).code).toBe('E_EMPTY_DATA');
    expect(errorOf(() => numericPsi('x', [1, 2], [1], { bins: 1 })).code).toBe('E_OPTION');
    expect(errorOf(() => numericPsi('x', [1, 2], [1], { bins: 2.5 })).code).toBe('E_OPTION');
  });
});

describe('PSI on Give Me Some Credit (bundled)', async () => {
  const ds = await readCsvFile(fileURLToPath(new URL('../../data/give-me-some-credit.csv.gz', import.meta.url)));
  const X = ds.drop(['Id', 'SeriousDlqin2yrs']);

  it('finds no shift between two random halves', () => {
    const order = new Random(9).shuffle(Uint32Array.from({ length: X.nRows }, (_, i) => i));
    const half = X.nRows >> 1;
    const r = populationStability(X.take(order.subarray(0, half)), X.take(order.subarray(half)));
    expect(r).toHaveLength(10);
    for (const f of r) expect(f.psi).toBeLessThan(0.01);
  });

  it('finds age shifted most, and shifted features beyond 0.25, when split by age', () => {
    const age = X.column('age').values;
    const young: number[] = [];
    const old: number[] = [];
    for (let i = 0; i < X.nRows; i++) (age[i] < 50 ? young : old).push(i);
    const r = populationStability(X.take(young), X.take(old));
    expect(r[0].name).toBe('age');
    expect(r[0].label).toBe('significant shift');
    expect(r[0].psi).toBeGreaterThan(5); // disjoint supports: every bin uses the epsilon
    for (let k = 1; k < r.length; k++) expect(r[k].psi).toBeLessThanOrEqual(r[k - 1].psi);
    // Older borrowers have fewer dependents and less revolving utilization: visible shifts.
    const psi = Object.fromEntries(r.map((f) => [f.name, f.psi]));
    expect(psi.NumberOfDependents).toBeGreaterThan(0.25);
    expect(psi.RevolvingUtilizationOfUnsecuredLines).toBeGreaterThan(0.1);
    // MonthlyIncome has missing values: they get their own bin.
    expect(r.find((f) => f.name === 'MonthlyIncome')!.bins.at(-1)!.bin).toBe('missing');
  });
});
