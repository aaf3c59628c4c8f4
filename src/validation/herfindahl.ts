/**
 * Concentration of the grade distribution. `index` is the Herfindahl index
 * Σ s_k² of the grade shares s_k (1/K when K grades are equally filled, 1 when
 * one grade holds every row). `normalised` is the coefficient-of-variation form
 * the ECB's reporting instructions use, HI = 1 + ln((CV² + 1)/K) / ln K with
 * CV the coefficient of variation of the shares (population form), which
 * equals 1 + ln(Σ s_k²)/ln K: 0 for equal shares, 1 for one grade; null for a
 * single grade.
 */
export interface Herfindahl {
  index: number;
  normalised: number | null;
  grades: number;
}

export function herfindahl(counts: ArrayLike<number>): Herfindahl {
  let total = 0;
  for (let k = 0; k < counts.length; k++) total += counts[k];
  let index = 0;
  for (let k = 0; k < counts.length; k++) index += (counts[k] / total) ** 2;
  const K = counts.length;
  return { index, normalised: K > 1 ? 1 + Math.log(index) / Math.log(K) : null, grades: K };
}
