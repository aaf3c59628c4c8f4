import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { SME_FEATURES, smeDatasets } from '../../src/sme/features.js';
import { type SmeData, loadSmeData, loadSmeTables } from '../../src/sme/invoices.js';
import { init } from '../../src/wasm/load.js';

// log comes from creditkit.wasm (src/math/deterministic.ts).
await init();

const DIR = fileURLToPath(new URL('../../data/cumcm', import.meta.url));

describe('the bundled CUMCM 2020 C data', () => {
  let data: SmeData;
  beforeAll(async () => {
    data = await loadSmeData(DIR);
  });

  it('loads the documented tables', () => {
    const { rated, unrated } = data;
    expect(rated.enterprises.ids).toHaveLength(123);
    expect(unrated.enterprises.ids).toHaveLength(302);
    expect(rated.enterprises.ids[0]).toBe('E1');
    expect(unrated.enterprises.ids[0]).toBe('E124');
    expect([rated.input.length, rated.output.length, unrated.input.length, unrated.output.length]).toEqual([210_947, 162_484, 395_175, 330_835]);
    const voids = (t: { valid: Uint8Array }): number => t.valid.length - t.valid.reduce((s, v) => s + v, 0);
    expect([voids(rated.input), voids(rated.output), voids(unrated.input), voids(unrated.output)]).toEqual([7_608, 11_206, 17_236, 27_555]);
    const negatives = (t: { amount: Float64Array }): number => t.amount.filter((a) => a < 0).length;
    expect([negatives(rated.input), negatives(rated.output), negatives(unrated.input), negatives(unrated.output)]).toEqual([1_881, 8_556, 3_630, 5_697]);
    expect(rated.enterprises.defaulted!.reduce((s, v) => s + v, 0)).toBe(27);
    const ratings = rated.enterprises.creditRating!;
    expect(['A', 'B', 'C', 'D'].map((r) => ratings.filter((x) => x === r).length)).toEqual([27, 38, 34, 24]);
    expect(unrated.enterprises.creditRating).toBeUndefined();
    expect(unrated.enterprises.defaulted).toBeUndefined();
  });

  it('gives 123 + 302 feature rows, finite or missing, with the target kept apart', () => {
    const d = smeDatasets(data);
    expect(d.asOf).toBe('2020-02');
    expect(d.rated.X.nRows).toBe(123);
    expect(d.unrated.X.nRows).toBe(302);
    for (const X of [d.rated.X, d.unrated.X]) {
      expect(X.names).toEqual(SME_FEATURES.map((f) => f.name));
      const infinite = X.columns.filter((c) => c.values.some((v) => v === Infinity || v === -Infinity)).map((c) => c.name);
      expect(infinite).toEqual([]);
    }
    expect(d.rated.X.names).not.toContain('defaulted');
    expect(d.rated.X.names).not.toContain('credit_rating');
    expect(d.rated.y).toHaveLength(123);
    expect(d.rated.creditRating).toHaveLength(123);
    expect(d.rated.ids[122]).toBe('E123');
    // Every firm sells something; the rated firms' margins are mostly positive.
    const sales = d.rated.X.column('sales_total').values;
    expect(sales.every((v) => v > 0)).toBe(true);
    // All D-rated firms defaulted (a fact of the data the tables must preserve).
    d.rated.creditRating.forEach((r, i) => r === 'D' && expect(d.rated.y[i]).toBe(1));
  });

  it('names the missing file', async () => {
    await expect(loadSmeTables(DIR, 'a9')).rejects.toThrow(CreditkitError);
    await expect(loadSmeTables(DIR, 'a9')).rejects.toThrow(/a9_/);
  });
});
