import type { Column, Dataset } from '../data/dataset.js';
import { checkIntegerRange, type IntegerRange } from '../integerRange.js';
import { CreditkitError } from '../errors.js';
import { float32Text } from '../data/float32Text.js';
import { binOf, quantileCuts as quantileCutPoints } from '../math/quantileCuts.js';

/**
 * Population stability index (PSI): how far the distribution of a feature or
 * a score in a current population has moved from a baseline one,
 *
 *     PSI = Σ over bins (current share − baseline share) · ln(current share / baseline share)
 *
 * Bins come from the baseline only: quantile bins for a numeric column (about
 * equal baseline counts; edges are baseline values, a bin holds lower < x ≤ upper,
 * the outer bins are open so current values beyond the baseline's range are
 * counted) plus a bin for missing values; one bin per baseline category for a
 * categorical column, plus "(other)" for labels the baseline never had and a
 * missing bin. A share of 0 in one population is replaced by PSI_EPSILON
 * (without renormalising) so the logarithm stays finite; a bin empty in both
 * adds nothing.
 */
export const PSI_EPSILON = 1e-4;

/** The usual reading: < 0.1 stable, 0.1–0.25 moderate shift, ≥ 0.25 significant shift. */
export const PSI_THRESHOLDS = { moderate: 0.1, significant: 0.25 } as const;

export type StabilityLabel = 'stable' | 'moderate shift' | 'significant shift';

export function stabilityLabel(psi: number): StabilityLabel {
  if (psi >= PSI_THRESHOLDS.significant) return 'significant shift';
  if (psi >= PSI_THRESHOLDS.moderate) return 'moderate shift';
  return 'stable';
}

export interface PsiBin {
  /** "(-inf, 3]", "(3, 7.5]", "(7.5, inf)", a category label, "(other)" or "missing". */
  bin: string;
  baselineCount: number;
  currentCount: number;
  baselineShare: number;
  currentShare: number;
  /** This bin's term of the sum. */
  contribution: number;
}

export interface PsiResult {
  name: string;
  kind: 'numeric' | 'categorical';
  psi: number;
  label: StabilityLabel;
  bins: PsiBin[];
}

export interface PsiOptions {
  /** Quantile bins for numeric values, not counting the missing bin (default 10). */
  bins?: number;
}

/** PSI of numeric values (NaN = missing), e.g. a feature or a model's PDs or scores. */
export function numericPsi(name: string, baseline: ArrayLike<number>, current: ArrayLike<number>, options: PsiOptions = {}): PsiResult {
  const nBins = binCount(options.bins);
  checkValues(name, 'baseline', baseline);
  checkValues(name, 'current', current);
  const cuts = quantileCuts(baseline, nBins);
  const count = (values: ArrayLike<number>): Float64Array => {
    const c = new Float64Array(cuts.length + 2); // value bins, then missing
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      c[v !== v ? cuts.length + 1 : binOf(cuts, v, 'upper')]++;
    }
    return c;
  };
  const labels = [...Array.from({ length: cuts.length + 1 }, (_, k) => `(${k === 0 ? '-inf' : fmt(cuts[k - 1])}, ${k === cuts.length ? 'inf)' : fmt(cuts[k]) + ']'}`), 'missing'];
  return psiOfCounts(name, 'numeric', labels, count(baseline), count(current));
}

/** PSI of a categorical column; the two columns may have different dictionaries (labels are matched). */
export function categoricalPsi(name: string, baseline: Column, current: Column): PsiResult {
  const labels = [...(baseline.categories ?? [])];
  const index = new Map(labels.map((l, k) => [l, k]));
  const other = labels.length;
  const missing = labels.length + 1;
  const count = (col: Column): Float64Array => {
    const map = (col.categories ?? []).map((l) => index.get(l) ?? other);
    const c = new Float64Array(labels.length + 2);
    for (let i = 0; i < col.values.length; i++) {
      const code = col.values[i];
      c[code !== code ? missing : map[code]]++;
    }
    return c;
  };
  return psiOfCounts(name, 'categorical', [...labels, '(other)', 'missing'], count(baseline), count(current));
}

/**
 * PSI of every baseline column (or of `columns`) between two datasets, most
 * shifted first. The current data must have each column with the same kind.
 */
export function populationStability(baseline: Dataset, current: Dataset, options: PsiOptions & { columns?: readonly string[] } = {}): PsiResult[] {
  if (baseline.nRows === 0) throw new CreditkitError('E_EMPTY_DATA', 'the baseline has no rows');
  if (current.nRows === 0) throw new CreditkitError('E_EMPTY_DATA', 'the current data has no rows');
  const names = options.columns ?? baseline.names;
  if (names.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no columns to compare');
  const out = names.map((name) => {
    if (!baseline.has(name)) throw new CreditkitError('E_COLUMN_UNKNOWN', `the baseline has no column "${name}"`, { column: name });
    if (!current.has(name)) throw new CreditkitError('E_COLUMN_UNKNOWN', `the current data has no column "${name}"`, { column: name });
    const b = baseline.column(name);
    const c = current.column(name);
    if (b.kind !== c.kind) throw new CreditkitError('E_COLUMN_TYPE', `${b.kind} in the baseline but ${c.kind} in the current data`, { column: name });
    return b.kind === 'numeric' ? numericPsi(name, b.values, c.values, options) : categoricalPsi(name, b, c);
  });
  return sortByPsi(out);
}

/** Most shifted first; equal PSIs keep their order. */
export function sortByPsi(results: PsiResult[]): PsiResult[] {
  return results.map((r, k) => [r, k] as const).sort((a, b) => b[0].psi - a[0].psi || a[1] - b[1]).map(([r]) => r);
}

/**
 * Upper edges of quantile bins of the non-missing baseline values: the value
 * at each k/bins quantile (nearest rank), without repeats and below the
 * maximum (so no bin is empty by construction; heavy ties give fewer bins).
 */
export function quantileCuts(values: ArrayLike<number>, bins: number): Float64Array {
  return Float64Array.from(quantileCutPoints(values, bins, 'upper'));
}

/** The PSI of counts per bin (baseline and current, in `labels` order). */
export function psiOfCounts(name: string, kind: PsiResult['kind'], labels: string[], base: Float64Array, cur: Float64Array): PsiResult {
  const nb = base.reduce((s, v) => s + v, 0);
  const nc = cur.reduce((s, v) => s + v, 0);
  let psi = 0;
  const bins: PsiBin[] = [];
  labels.forEach((bin, k) => {
    const e = base[k] / nb;
    const a = cur[k] / nc;
    let contribution = 0;
    if (base[k] > 0 || cur[k] > 0) {
      const ee = Math.max(e, PSI_EPSILON);
      const aa = Math.max(a, PSI_EPSILON);
      contribution = (aa - ee) * Math.log(aa / ee);
    }
    psi += contribution;
    // The missing and "(other)" bins are listed only when they hold a row.
    if (base[k] > 0 || cur[k] > 0 || (bin !== 'missing' && bin !== '(other)')) {
      bins.push({ bin, baselineCount: base[k], currentCount: cur[k], baselineShare: e, currentShare: a, contribution });
    }
  });
  return { name, kind, psi, label: stabilityLabel(psi), bins };
}

/** Quantile bins per numeric column (docs/guides/modelling.md: monitoring). */
export const PSI_BIN_RANGE: IntegerRange = { min: 2, max: 1000 };

function binCount(bins: number | undefined): number {
  return checkIntegerRange('bins', bins ?? 10, PSI_BIN_RANGE);
}

function checkValues(name: string, which: string, values: ArrayLike<number>): void {
  if (values.length === 0) throw new CreditkitError('E_EMPTY_DATA', `the ${which} has no rows`, { column: name });
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === Infinity || v === -Infinity) throw new CreditkitError('E_NONFINITE', `${v} in the ${which} (use NaN for missing)`, { row: i, column: name });
  }
}

/** A cut point as a person reads it: a float32 data value as its shortest decimal (123456.78, not 123456.8), others to 7 digits. */
function fmt(x: number): string {
  if (Math.fround(x) === x) return float32Text(x);
  return String(Number(x.toPrecision(7)));
}
