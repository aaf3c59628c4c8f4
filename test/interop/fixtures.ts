// Reads the committed XGBoost interop fixtures (test/fixtures/xgboost/, made by
// generate.py there). Not a test file itself.
import { readFileSync } from 'node:fs';

const DIR = new URL('../fixtures/xgboost/', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, DIR), 'utf8');
}

export function fixtureJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** Rows to score and XGBoost's predictions on them (float32 values, exact after Math.fround). */
export interface Cases {
  about: string;
  xgboostVersion: string;
  featureNames: string[] | null;
  rows: number[][];
  margin: Float64Array;
  proba: Float64Array;
}

export function readCases(name: string): Cases {
  const raw = fixtureJson<{ about: string; xgboostVersion: string; featureNames: string[] | null; rows: (number | null)[][]; margin: number[]; proba: number[] }>(name);
  return {
    about: raw.about,
    xgboostVersion: raw.xgboostVersion,
    featureNames: raw.featureNames,
    rows: raw.rows.map((r) => r.map((v) => (v === null ? NaN : Math.fround(v)))),
    margin: Float64Array.from(raw.margin, Math.fround),
    proba: Float64Array.from(raw.proba, Math.fround),
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return NaN;
    if (d > m) m = d;
  }
  return m;
}

/** A deep copy of a parsed JSON value, for mutating in error tests. */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export const IMPORT_FIXTURES = ['gmsc', 'exact', 'lossguide'] as const;
export const EXPORT_FIXTURES = ['gmsc', 'synthetic', 'handmade'] as const;
