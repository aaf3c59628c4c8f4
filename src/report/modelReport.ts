import type { Dataset } from '../data/dataset.js';
import { CreditkitError } from '../errors.js';
import { evaluateBinary, type BinaryMetrics } from '../metrics/summary.js';
import { builtInImportances, type Classifier, hasPointsTable } from '../models/classifier.js';
import { Random } from '../random.js';
import type { PointsTable } from '../models/scorecard/scorecard.js';
import { isUnavailable, shapSource, type ShapData, type Sourced } from './sources.js';

/** Everything the model sections draw, as plain data (computed by `collectModelReport`, or by hand). */
export interface ModelReportData {
  /** What the data is, e.g. "german-credit.csv.gz (holdout)". */
  dataName: string;
  /** What the model is, e.g. "gradient boosting, 100 trees". */
  modelName: string;
  /** The labelled rows (features only) and their labels. */
  X: Dataset;
  y: Float64Array;
  /** The PDs the figures are about, one per row. */
  pd: Float64Array;
  /** Where the PDs come from, when it matters (e.g. out-of-fold PDs of a cross-validation). */
  pdNote?: string;
  metrics: BinaryMetrics;
  importance: Sourced<{ values: Record<string, number>; measure: string; normalize: boolean }>;
  /** SHAP contributions of `shapRows` (indices into X). */
  shap: Sourced<ShapData & { rows: number[] }>;
  /** Rows of `shap` (positions in shapRows) shown as waterfalls, with a label each. */
  applicants: { position: number; label: string }[];
  /** A scorecard's points table (the scorecard section). */
  scorecard?: PointsTable;
}

export interface CollectOptions {
  dataName: string;
  modelName?: string;
  /** PDs to report instead of `model.predictProba(X)` (e.g. out-of-fold PDs). */
  pd?: Float64Array;
  pdNote?: string;
  /** Rows explained with SHAP at most, drawn at random with `seed` (default 1,000). */
  shapRows?: number;
  seed?: number;
  /** Explains with this instead of `shapValues` (tests; other explainers). */
  shapSource?: (model: Classifier, X: Dataset) => Promise<Sourced<ShapData>>;
}

/** A model's built-in importance: the GBDT's total gain, the tree models' normalized Gini decrease. */
export function builtInImportance(model: Classifier): ModelReportData['importance'] {
  const gain = builtInImportances(model, 'gain');
  if (gain !== null) return { values: gain, measure: 'share of total split gain', normalize: true };
  const gini = builtInImportances(model, 'gini');
  if (gini !== null) return { values: gini, measure: 'mean decrease in Gini impurity', normalize: true };
  return { unavailable: 'this model has no built-in feature importance' };
}

/** Computes the model sections' data: PDs, metrics, importance, SHAP on a sample, the applicants shown. */
export async function collectModelReport(model: Classifier, X: Dataset, y: Float64Array, o: CollectOptions): Promise<ModelReportData> {
  if (X.nRows !== y.length) throw new CreditkitError('E_SHAPE', `${X.nRows} rows but ${y.length} labels`);
  const pd = o.pd ?? model.predictProba(X);
  if (pd.length !== y.length) throw new CreditkitError('E_SHAPE', `${pd.length} PDs for ${y.length} rows`);
  const metrics = evaluateBinary(y, pd);
  const limit = o.shapRows ?? 1000;
  if (!Number.isInteger(limit) || limit < 1) throw new CreditkitError('E_OPTION', `shapRows must be a whole number ≥ 1 (got ${limit})`);
  const rows = sampleRows(X.nRows, limit, o.seed ?? 0);
  const source = o.shapSource ?? shapSource;
  const raw = await source(model, X.take(rows));
  const shap: ModelReportData['shap'] = isUnavailable(raw) ? raw : { ...raw, rows };
  // The riskiest, a middle and the safest applicant of the explained sample.
  const applicants: ModelReportData['applicants'] = [];
  if (!isUnavailable(shap)) {
    const byPd = rows.map((r, position) => ({ position, p: pd[r] })).sort((a, b) => b.p - a.p || a.position - b.position);
    const picks: [number, string][] = [[0, 'highest PD'], [Math.floor(byPd.length / 2), 'median PD'], [byPd.length - 1, 'lowest PD']];
    const seen = new Set<number>();
    for (const [k, what] of picks) {
      const { position } = byPd[k];
      if (seen.has(position)) continue;
      seen.add(position);
      applicants.push({ position, label: `row ${rows[position] + 1} (${what} of the explained rows, default flag ${y[rows[position]]})` });
    }
  }
  return {
    dataName: o.dataName,
    modelName: o.modelName ?? (model.toJSON().name as string),
    X, y, pd, ...(o.pdNote ? { pdNote: o.pdNote } : {}),
    metrics,
    importance: builtInImportance(model),
    shap,
    applicants,
    ...(hasPointsTable(model) ? { scorecard: model.pointsTable() } : {}),
  };
}

/** All rows when n ≤ limit, else `limit` distinct rows drawn with the seed, in increasing order. */
export function sampleRows(n: number, limit: number, seed: number): number[] {
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  const rng = new Random(seed);
  const idx = Uint32Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < limit; k++) {
    const j = k + Math.floor(rng.next() * (n - k));
    const t = idx[k];
    idx[k] = idx[j];
    idx[j] = t;
  }
  return Array.from(idx.subarray(0, limit)).sort((a, b) => a - b);
}
