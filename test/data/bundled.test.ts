import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/data/csvFile.js';
import type { Dataset } from '../../src/data/dataset.js';
import { splitTarget } from '../../src/data/target.js';

const dataFile = (name: string): string => fileURLToPath(new URL(`../../data/${name}`, import.meta.url));

const countMissing = (ds: Dataset, name: string): number => ds.column(name).values.filter(Number.isNaN).length;
const sum = (y: Float64Array): number => y.reduce((s, v) => s + v, 0);

describe('bundled datasets', () => {
  it('give-me-some-credit.csv.gz: 150,000 rows, the documented missing counts and positives', async () => {
    const ds = await readCsvFile(dataFile('give-me-some-credit.csv.gz'));
    expect(ds.nRows).toBe(150_000);
    expect(ds.nColumns).toBe(12);
    expect(ds.columns.every((c) => c.kind === 'numeric')).toBe(true);
    expect(countMissing(ds, 'MonthlyIncome')).toBe(29_731);
    expect(countMissing(ds, 'NumberOfDependents')).toBe(3_924);
    // first data row: 1,1,0.766126609,45,2,0.802982129,9120,13,0,6,0,2
    expect(ds.column('Id').values[0]).toBe(1);
    expect(ds.column('RevolvingUtilizationOfUnsecuredLines').values[0]).toBe(Math.fround(0.766126609));
    expect(ds.column('MonthlyIncome').values[0]).toBe(9120);
    expect(ds.column('Id').values[149_999]).toBe(150_000);

    const { X, y } = splitTarget(ds, 'SeriousDlqin2yrs');
    expect(sum(y)).toBe(10_026);
    expect(X.nColumns).toBe(11);
  });

  it('german-credit.csv.gz: 1,000 rows, 13 categorical columns, 300 bad', async () => {
    const ds = await readCsvFile(dataFile('german-credit.csv.gz'));
    expect(ds.nRows).toBe(1000);
    expect(ds.nColumns).toBe(21);
    expect(ds.columns.filter((c) => c.kind === 'categorical')).toHaveLength(13);
    expect(ds.column('checking_account_status').categories).toEqual(['A11', 'A12', 'A13', 'A14']);
    expect(ds.column('purpose').categories).toEqual(['A40', 'A41', 'A410', 'A42', 'A43', 'A44', 'A45', 'A46', 'A48', 'A49']);
    expect(ds.column('credit_amount').values[0]).toBe(1169);
    expect(ds.columns.every((c) => countMissing(ds, c.name) === 0)).toBe(true);
    expect(sum(splitTarget(ds, 'is_bad').y)).toBe(300);
  });
});
