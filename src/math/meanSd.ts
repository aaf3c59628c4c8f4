/** Mean and sample standard deviation. */
export interface MeanSd {
  mean: number;
  sd: number;
}

/** Mean and sample standard deviation (0 for a single value). */
export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const ss = values.reduce((s, v) => s + (v - mean) * (v - mean), 0);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}
