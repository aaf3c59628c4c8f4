/** The benchmark datasets, each with its stratified 80/20 split. */
import { relative } from 'node:path';
import { readCsvFile } from '../src/data/csvFile.js';
import type { Dataset } from '../src/data/dataset.js';
import { stratifiedSplit } from '../src/data/split.js';
import { splitTarget } from '../src/data/target.js';
import { gmscPath, REPO_ROOT } from './io.js';
import { makeCreditLike } from './synthetic.js';

export interface BenchData {
  name: string;
  /** Where the data came from (repository-relative path or generator call). */
  source: string;
  X: Dataset;
  y: Float64Array;
  train: Uint32Array;
  test: Uint32Array;
}

export const TRAIN_RATIO = 0.8;
export const GMSC_TARGET = 'SeriousDlqin2yrs';

/** Give Me Some Credit without `Id`, target SeriousDlqin2yrs, stratified 80/20. */
export async function loadGmsc(seed: number): Promise<BenchData> {
  const path = gmscPath();
  const ds = await readCsvFile(path);
  const { X: withId, y } = splitTarget(ds, GMSC_TARGET);
  const X = withId.has('Id') ? withId.drop(['Id']) : withId;
  const { train, test } = stratifiedSplit(y, TRAIN_RATIO, seed);
  return { name: 'gmsc', source: relative(REPO_ROOT, path), X, y, train, test };
}

/** makeCreditLike(rows, features, seed), stratified 80/20. */
export function loadSynthetic(rows: number, features: number, seed: number): BenchData {
  const { X, y } = makeCreditLike(rows, features, seed);
  const { train, test } = stratifiedSplit(y, TRAIN_RATIO, seed);
  return { name: 'synthetic', source: `makeCreditLike(${rows}, ${features}, ${seed})`, X, y, train, test };
}
