import { CreditkitError } from '../errors.js';

/** PD bands that give a rating: an applicant gets the first band with pd ≤ maxPd. */
export type RatingBands = { rating: string; maxPd: number }[];

/** The rating of a PD under `bands`, or undefined when the PD is above every band. */
export function ratingForPd(pd: number, bands: RatingBands): string | undefined {
  return bands.find((b) => pd <= b.maxPd)?.rating;
}

/**
 * Bands that reproduce a reference population's grade mix: with the grades in
 * `order` (best first) and the reference firms sorted by PD, the lowest n_A
 * PDs are A, the next n_B are B, and so on, where n_g is the number of
 * reference firms the bank rated g. Each cut point is the midpoint between
 * the last PD of a grade and the first of the next, and the last grade runs
 * to 1.
 *
 * The reference PDs should be out-of-sample (cross-validated) PDs of the
 * firms whose ratings are known, so they are on the scale of the PDs the
 * model gives new firms. Tied PDs across a cut go to the better grade.
 */
export function fitRatingBands(referencePds: ArrayLike<number>, referenceRatings: readonly string[], order: readonly string[]): RatingBands {
  const n = referencePds.length;
  if (n === 0) throw new CreditkitError('E_EMPTY_DATA', 'no reference PDs to fit rating bands on');
  if (referenceRatings.length !== n) {
    throw new CreditkitError('E_SHAPE', `${referenceRatings.length} ratings for ${n} reference PDs`, { column: 'rating' });
  }
  if (order.length === 0 || new Set(order).size !== order.length) {
    throw new CreditkitError('E_OPTION', `the grade order must list distinct grades (got ${JSON.stringify(order)})`);
  }
  const counts = new Map(order.map((g) => [g, 0]));
  for (let i = 0; i < n; i++) {
    const pd = referencePds[i];
    if (!(pd >= 0 && pd <= 1)) throw new CreditkitError('E_NONFINITE', `reference PD ${pd} is not in [0, 1]`, { row: i + 1 });
    const c = counts.get(referenceRatings[i]);
    if (c === undefined) {
      throw new CreditkitError('E_OPTION', `rating "${referenceRatings[i]}" is not one of the grades ${order.join(', ')}`, { row: i + 1, column: 'rating' });
    }
    counts.set(referenceRatings[i], c + 1);
  }
  const sorted = Float64Array.from(referencePds).sort();
  const bands: RatingBands = [];
  let cum = 0;
  order.forEach((g, k) => {
    cum += counts.get(g)!;
    const last = k === order.length - 1;
    const maxPd = last ? 1 : cum === 0 ? 0 : cum >= n ? 1 : (sorted[cum - 1] + sorted[cum]) / 2;
    bands.push({ rating: g, maxPd });
  });
  return bands;
}

/**
 * The typical PD of each band: the median of the reference PDs that fall in
 * it (the lower middle one for an even count), for `churnByPd`, so each
 * rating's churn curve applies at the PD of a typical firm of that rating.
 * Bands no reference PD falls in are left out.
 */
export function bandMedianPds(referencePds: ArrayLike<number>, bands: RatingBands): Record<string, number> {
  const sorted = Float64Array.from(referencePds).sort();
  const out = Object.create(null) as Record<string, number>;
  let from = 0;
  for (const b of bands) {
    let to = from;
    while (to < sorted.length && sorted[to] <= b.maxPd) to++;
    if (to > from) out[b.rating] = sorted[from + Math.floor((to - from - 1) / 2)];
    from = to;
  }
  return out;
}
