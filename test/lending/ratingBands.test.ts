import { describe, expect, it } from 'vitest';
import { parseApplicantsCsv } from '../../src/lending/io.js';
import { fitRatingBands, ratingForPd } from '../../src/lending/ratingBands.js';
import { Random } from '../../src/random.js';
import { errorOf } from '../errorOf.js';

describe('rating bands from PDs', () => {
  it('reproduce the reference grade mix exactly on distinct PDs', () => {
    const rng = new Random(3);
    const ratings = [...Array(27).fill('A'), ...Array(38).fill('B'), ...Array(34).fill('C'), ...Array(24).fill('D')] as string[];
    const pds = Float64Array.from(ratings, (r) => 0.02 * (1 + 'ABCD'.indexOf(r)) * (0.3 + rng.next())); // overlapping grades
    const bands = fitRatingBands(pds, ratings, ['A', 'B', 'C', 'D']);
    expect(bands.map((b) => b.rating)).toEqual(['A', 'B', 'C', 'D']);
    expect(bands[3].maxPd).toBe(1);
    for (let k = 1; k < 4; k++) expect(bands[k].maxPd).toBeGreaterThanOrEqual(bands[k - 1].maxPd);
    const assigned = Array.from(pds, (p) => ratingForPd(p, bands));
    for (const [g, n] of [['A', 27], ['B', 38], ['C', 34], ['D', 24]] as const) expect(assigned.filter((r) => r === g)).toHaveLength(n);
    // the cut between two grades lies strictly between the PDs on either side
    const sorted = Float64Array.from(pds).sort();
    expect(bands[0].maxPd).toBeGreaterThan(sorted[26]);
    expect(bands[0].maxPd).toBeLessThan(sorted[27]);
  });

  it('give the lowest PDs the best grade whatever the reference order, and put ties in the better grade', () => {
    const bands = fitRatingBands([0.5, 0.1, 0.2, 0.2], ['B', 'A', 'B', 'A'], ['A', 'B']);
    expect(bands).toEqual([{ rating: 'A', maxPd: 0.2 }, { rating: 'B', maxPd: 1 }]);
    expect(ratingForPd(0.2, bands)).toBe('A');
    expect(ratingForPd(0.2000001, bands)).toBe('B');
  });

  it('reject bad input with a clear error', () => {
    expect(errorOf(() => fitRatingBands([], [], ['A'])).code).toBe('E_EMPTY_DATA');
    expect(errorOf(() => fitRatingBands([0.1], ['A', 'B'], ['A', 'B'])).code).toBe('E_SHAPE');
    expect(errorOf(() => fitRatingBands([0.1, NaN], ['A', 'B'], ['A', 'B'])).code).toBe('E_NONFINITE');
    expect(errorOf(() => fitRatingBands([0.1, 1.5], ['A', 'B'], ['A', 'B'])).where.row).toBe(2);
    expect(errorOf(() => fitRatingBands([0.1, 0.2], ['A', 'E'], ['A', 'B'])).message).toMatch(/"E"/);
    expect(errorOf(() => fitRatingBands([0.1], ['A'], ['A', 'A'])).code).toBe('E_OPTION');
  });

  it('rate applicants of a CSV without a rating column', () => {
    const t = parseApplicantsCsv('id,pd\nx,0.01\ny,0.3\n', 'a.csv', {}, [{ rating: 'A', maxPd: 0.05 }, { rating: 'D', maxPd: 1 }]);
    expect(t.applicants.map((a) => a.rating)).toEqual(['A', 'D']);
  });
});
