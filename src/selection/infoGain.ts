import { type FeatureInput, toDataset } from '../data/dataset.js';
import { validateLabels } from '../data/target.js';
import { checkFinite } from '../data/finiteFeatures.js';
import { CreditkitError } from '../errors.js';
import { discretize } from '../binning/discretize.js';
import { log } from '../math/deterministic.js';

export interface InfoGainOptions {
  /** Quantile bins per numeric feature (plus a missing bin). Default 10. */
  bins?: number;
}

export interface InfoGainRow {
  feature: string;
  /** 1 = most informative. */
  rank: number;
  /** Mutual information with the 0/1 target, in nats: H(y) − H(y | feature bin). */
  infoGain: number;
  /** infoGain / H(y): the share of the target's entropy the feature explains, 0..1. */
  normalized: number;
  /** Bins used, the missing bin included when present. */
  bins: number;
}

/**
 * Information gain (mutual information with the 0/1 target) of every feature,
 * ranked. Numeric features are cut into `bins` quantile bins of about equal
 * counts (a cut only between distinct values) plus a bin for missing values;
 * categorical features get one bin per category plus a missing bin. Natural
 * logarithms (nats). More bins raise the estimate (a finite-sample bias), so
 * compare features at the same `bins`.
 */
export function informationGain(X: FeatureInput, y: ArrayLike<number>, options: InfoGainOptions = {}): InfoGainRow[] {
  const data = toDataset(X);
  if (data.nRows !== y.length) throw new CreditkitError('E_SHAPE', `${data.nRows} rows but ${y.length} labels`);
  validateLabels(y);
  data.columns.forEach((c) => checkFinite(c.values, c.name));
  const bins = options.bins ?? 10;
  const hy = entropy2(count(y), y.length);
  const rows = data.columns.map((col) => {
    const d = discretize(col, bins);
    const pos = new Float64Array(d.nBins);
    const all = new Float64Array(d.nBins);
    for (let i = 0; i < y.length; i++) {
      all[d.codes[i]]++;
      pos[d.codes[i]] += y[i];
    }
    let conditional = 0;
    for (let b = 0; b < d.nBins; b++) if (all[b] > 0) conditional += (all[b] / y.length) * entropy2(pos[b], all[b]);
    // Clamp the rounding residue of H(y) − H(y|x) at 0.
    const infoGain = Math.max(0, hy - conditional);
    return { feature: col.name, rank: 0, infoGain, normalized: hy > 0 ? infoGain / hy : 0, bins: d.nBins };
  });
  rows.sort((a, b) => b.infoGain - a.infoGain);
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}

function count(y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i];
  return s;
}

/** Entropy (nats) of a two-class distribution with `pos` positives among `n`. */
function entropy2(pos: number, n: number): number {
  const h = (p: number) => (p > 0 ? -p * log(p) : 0);
  return h(pos / n) + h(1 - pos / n);
}
