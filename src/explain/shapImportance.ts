/** One feature's global SHAP importance over a set of rows. */
export interface ShapImportance {
  feature: string;
  /** Mean |contribution|: how much the feature moves scores on average (raw-score units). */
  meanAbs: number;
  /** Mean contribution (signed): its average push against the baseline. */
  mean: number;
}

/**
 * Running mean |SHAP| and mean SHAP per feature, added to block by block (so a
 * file can be explained in pieces); `result()` sorts by mean |SHAP|, largest first.
 */
export class ShapImportanceAccumulator {
  private readonly absSum: Float64Array;
  private readonly sum: Float64Array;
  private rows = 0;

  constructor(private readonly featureNames: readonly string[]) {
    this.absSum = new Float64Array(featureNames.length);
    this.sum = new Float64Array(featureNames.length);
  }

  /** Adds nRows × nFeatures row-major contributions. */
  add(contributions: Float64Array, nRows: number): void {
    const nf = this.featureNames.length;
    for (let r = 0; r < nRows; r++) {
      for (let f = 0; f < nf; f++) {
        const c = contributions[r * nf + f];
        this.absSum[f] += Math.abs(c);
        this.sum[f] += c;
      }
    }
    this.rows += nRows;
  }

  get nRows(): number {
    return this.rows;
  }

  result(): ShapImportance[] {
    const n = Math.max(1, this.rows);
    return this.featureNames
      .map((feature, f) => ({ feature, meanAbs: this.absSum[f] / n, mean: this.sum[f] / n }))
      .sort((a, b) => b.meanAbs - a.meanAbs);
  }
}

/** Global importance of each feature: mean |SHAP| over the rows (and the signed mean), largest first. */
export function shapImportance(shap: { contributions: Float64Array; featureNames: readonly string[]; nRows: number }): ShapImportance[] {
  const acc = new ShapImportanceAccumulator(shap.featureNames);
  acc.add(shap.contributions, shap.nRows);
  return acc.result();
}
