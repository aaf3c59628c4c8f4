// Real data for the tree-baseline tests (bundled files only). Not a test file itself.
import { fileURLToPath } from 'node:url';
import { type Dataset, readCsvFile, splitTarget, stratifiedSplit } from '../../src/index.js';

export interface TrainTest {
  Xtr: Dataset;
  ytr: Float64Array;
  Xte: Dataset;
  yte: Float64Array;
}

const bundled = (name: string): string => fileURLToPath(new URL(`../../data/${name}`, import.meta.url));

function split(X: Dataset, y: Float64Array, ratio: number): TrainTest {
  const { train, test } = stratifiedSplit(y, ratio, 0);
  return { Xtr: X.take(train), ytr: Float64Array.from(train, (i) => y[i]), Xte: X.take(test), yte: Float64Array.from(test, (i) => y[i]) };
}

/** German credit (13 categorical columns), stratified 70/30 with seed 0. */
export async function german(): Promise<TrainTest> {
  const { X, y } = splitTarget(await readCsvFile(bundled('german-credit.csv.gz')), 'is_bad');
  return split(X, y, 0.7);
}

/** The first `rows` rows of Give Me Some Credit (Id dropped; MonthlyIncome and NumberOfDependents have missing values), 70/30. */
export async function gmsc(rows: number): Promise<TrainTest> {
  const ds = await readCsvFile(bundled('give-me-some-credit.csv.gz'));
  const head = ds.take(Array.from({ length: rows }, (_, i) => i)).drop(['Id']);
  const { X, y } = splitTarget(head, 'SeriousDlqin2yrs');
  return split(X, y, 0.7);
}
