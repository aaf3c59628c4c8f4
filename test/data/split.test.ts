import { describe, expect, it } from 'vitest';
import { stratifiedKFold, stratifiedSplit } from '../../src/data/split.js';
import { errorOf } from '../errorOf.js';

/** 1,000 labels, 70 positives scattered through them. */
const y = Float64Array.from({ length: 1000 }, (_, i) => ((i * 37) % 100 < 7 ? 1 : 0));
const positives = (rows: Uint32Array): number => rows.reduce((s, i) => s + y[i], 0);
const isAscending = (rows: Uint32Array): boolean => rows.every((v, i) => i === 0 || rows[i - 1] < v);

describe('stratifiedSplit', () => {
  it('puts round(ratio × class size) of each class in train', () => {
    for (const ratio of [0.7, 0.8]) {
      const { train, test } = stratifiedSplit(y, ratio, 1);
      expect(train.length).toBe(Math.round(ratio * 930) + Math.round(ratio * 70));
      expect(positives(train)).toBe(Math.round(ratio * 70));
      expect(positives(test)).toBe(70 - Math.round(ratio * 70));
      expect(train.length + test.length).toBe(1000);
    }
  });

  it('returns disjoint, covering, ascending index sets', () => {
    const { train, test } = stratifiedSplit(y, 0.75, 3);
    expect(train).toBeInstanceOf(Uint32Array);
    expect(isAscending(train) && isAscending(test)).toBe(true);
    const all = [...train, ...test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('is deterministic by seed', () => {
    expect(stratifiedSplit(y, 0.7, 42)).toEqual(stratifiedSplit(y, 0.7, 42));
    expect(stratifiedSplit(y, 0.7, 42).train).not.toEqual(stratifiedSplit(y, 0.7, 43).train);
  });

  it('keeps both classes on each side when a class is tiny', () => {
    const tiny = [1, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    for (const ratio of [0.05, 0.95]) {
      const { train, test } = stratifiedSplit(tiny, ratio, 7);
      expect([...train].map((i) => tiny[i])).toContain(1);
      expect([...train].map((i) => tiny[i])).toContain(0);
      expect([...test].map((i) => tiny[i])).toContain(1);
      expect([...test].map((i) => tiny[i])).toContain(0);
    }
  });

  it('E_OPTION for a ratio outside (0, 1); label errors from validateLabels', () => {
    for (const ratio of [0, 1, -0.5, 1.5, NaN]) {
      expect(errorOf(() => stratifiedSplit(y, ratio, 1)).code).toBe('E_OPTION');
    }
    expect(errorOf(() => stratifiedSplit([0, 0, 0], 0.5, 1)).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => stratifiedSplit([0, 2, 1], 0.5, 1)).where).toEqual({ row: 1 });
  });
});

describe('stratifiedKFold', () => {
  it('puts every row in exactly one test fold, train being the rest', () => {
    const folds = stratifiedKFold(y, 5, 1);
    expect(folds).toHaveLength(5);
    const seen = new Uint8Array(1000);
    for (const { train, test } of folds) {
      expect(isAscending(train) && isAscending(test)).toBe(true);
      expect(train.length + test.length).toBe(1000);
      for (const i of test) seen[i]++;
      const inTest = new Set(test);
      expect(train.every((i) => !inTest.has(i))).toBe(true);
    }
    expect(seen.every((n) => n === 1)).toBe(true);
  });

  it('balances class counts across folds', () => {
    for (const k of [3, 7, 10]) {
      const folds = stratifiedKFold(y, k, 9);
      for (const { test } of folds) {
        expect([Math.floor(70 / k), Math.ceil(70 / k)]).toContain(positives(test));
        expect([Math.floor(1000 / k), Math.ceil(1000 / k)]).toContain(test.length);
      }
    }
  });

  it('is deterministic by seed', () => {
    expect(stratifiedKFold(y, 4, 5)).toEqual(stratifiedKFold(y, 4, 5));
    expect(stratifiedKFold(y, 4, 5)[0].test).not.toEqual(stratifiedKFold(y, 4, 6)[0].test);
  });

  it('E_OPTION unless 2 ≤ k ≤ the smaller class size', () => {
    expect(stratifiedKFold([0, 1, 0, 1, 0], 2, 1)).toHaveLength(2);
    for (const k of [1, 3, 2.5]) {
      expect(errorOf(() => stratifiedKFold([0, 1, 0, 1, 0], k, 1)).code).toBe('E_OPTION');
    }
  });
});
