import { float32Text } from '../data/float32Text.js';
import type { Dataset } from '../data/dataset.js';
import { CreditkitError } from '../errors.js';
import type { FeatureSpec } from '../models/schema.js';
import { binomialTwoSidedP } from '../stats/binomial.js';

/**
 * Fair-lending figures of a PD model per protected group. Conventions:
 * - positive = default (y = 1);
 * - an applicant is **approved** when their PD is below the cut-off, declined
 *   otherwise, so a "positive prediction" is a decline;
 * - TPR = share of the group's defaulters declined, FPR = share of its
 *   non-defaulters declined (a good borrower refused). Equal opportunity asks
 *   for the same FPR in every group (good borrowers refused alike); the TPR
 *   gap says whether bad risks are caught alike.
 * Protected attributes are inputs to this check only, never model features.
 */

/** The group label of rows whose protected value is missing. */
export const MISSING_GROUP = '(missing)';
/** Groups with fewer rows are marked: their rates are too noisy to judge. */
export const FAIRNESS_MIN_GROUP_ROWS = 30;
/** The four-fifths rule: a group approved at under 80% of the most favoured group's rate is flagged. */
export const FOUR_FIFTHS = 0.8;

export interface FairnessOptions {
  /** Approve when PD < cutoff (in (0, 1]). Give this or `approvalShare`. */
  cutoff?: number;
  /** Approve the `approvalShare` of all rows with the lowest PDs: the cut-off is then the PD of the first declined row. */
  approvalShare?: number;
  /** Groups with fewer rows are marked and cannot be the reference (default 30). */
  minGroupRows?: number;
}

export interface FairnessGroup {
  group: string;
  count: number;
  defaults: number;
  approved: number;
  approvalRate: number;
  /** Whether this is the most favoured group, the one the ratios and gaps compare with. */
  reference: boolean;
  /** approvalRate / the reference's; null when the reference approves nobody. */
  disparateImpact: number | null;
  /** disparateImpact < 0.8; null when the ratio is null. */
  belowFourFifths: boolean | null;
  /** Share of the group's defaulters declined; null without defaulters. */
  tpr: number | null;
  /** Share of the group's non-defaulters declined; null without non-defaulters. */
  fpr: number | null;
  /** tpr − the reference's tpr; null when either is null. */
  tprGap: number | null;
  fprGap: number | null;
  /** Calibration within the group: mean PD against the observed default rate. */
  meanPd: number;
  defaultRate: number;
  /** Two-sided exact binomial test of the group's defaults against count × mean PD (twice the smaller tail). */
  calibrationPValue: number;
  /** Fewer rows than `minGroupRows`. */
  fewRows: boolean;
  /** Plain-words reasons a figure is missing or unreliable (empty when none). */
  notes: string[];
}

export interface FairnessColumn {
  column: string;
  /** The most favoured group: the highest approval rate among groups with enough rows (first label on a tie). */
  reference: string;
  /** Why the reference is what it is, when it is not the plain rule (e.g. every group is small). */
  referenceNote?: string;
  /** Groups in label order, the missing group last. */
  groups: FairnessGroup[];
  /** Groups below the four-fifths line. */
  flagged: string[];
}

export interface FairnessResult {
  /** Approved when PD < cutoff. */
  cutoff: number;
  /** The rule in words, e.g. "approve when PD < 0.2" or "approve the 70% with the lowest PD (PD < 0.31)". */
  rule: string;
  rows: number;
  approvalRate: number;
  minGroupRows: number;
  columns: FairnessColumn[];
}

/** The PD cut-off that approves `share` of the rows with the lowest PDs (ties at the cut-off are declined together). */
export function cutoffForApprovalShare(pd: ArrayLike<number>, share: number): number {
  if (!(share > 0 && share <= 1)) throw new CreditkitError('E_OPTION', `approvalShare must be in (0, 1], got ${share}`);
  if (pd.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no rows');
  const sorted = Float64Array.from(pd).sort();
  const k = Math.ceil(share * sorted.length);
  // Approving everyone needs a cut-off above 1 (a PD of 1 is declined by any cut-off ≤ 1).
  return k >= sorted.length ? 1 + Number.EPSILON : sorted[k];
}

/**
 * The group label of every row for each protected column of `ds`: the
 * category label, or the number as text for a numeric column, `(missing)`
 * for a missing value. E_COLUMN_UNKNOWN names a column `ds` lacks.
 */
export function protectedGroups(ds: Dataset, columns: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const name of columns) {
    if (!ds.has(name)) throw new CreditkitError('E_COLUMN_UNKNOWN', `no protected column "${name}" in the data`, { column: name });
    const col = ds.column(name);
    const labels = new Array<string>(ds.nRows);
    for (let i = 0; i < ds.nRows; i++) {
      const v = col.values[i];
      labels[i] = v !== v ? MISSING_GROUP : col.kind === 'categorical' ? (col.categories ?? [])[v] : float32Text(v);
    }
    out[name] = labels;
  }
  return out;
}

/**
 * E_PROTECTED_FEATURE naming the first protected column that is a feature of
 * the model: a protected attribute may be used to check a model, never to
 * score with it (and so never appears in its reason codes).
 */
export function checkProtectedNotFeatures(model: { readonly featureSpecs: readonly FeatureSpec[] }, protectedColumns: readonly string[]): void {
  const features = new Set(model.featureSpecs.map((s) => s.name));
  for (const column of protectedColumns) {
    if (features.has(column)) {
      throw new CreditkitError('E_PROTECTED_FEATURE', 'a protected attribute is a feature of the model: it may be used to check the model, never to score with it; retrain without it', { column });
    }
  }
}

interface Counts {
  count: number;
  defaults: number;
  approved: number;
  declinedDefaults: number;
  declinedGood: number;
  pdSum: number;
}

/**
 * Per protected column and group: count, approval rate at the cut-off,
 * disparate-impact ratio against the most favoured group with the
 * four-fifths flag, TPR and FPR and their gaps to that group, and calibration
 * within the group (mean PD, observed default rate, binomial p-value). Figures
 * that a group cannot have (a TPR without defaulters) are null with a note.
 */
export function fairnessTable(groups: Readonly<Record<string, ArrayLike<string>>>, y: ArrayLike<number>, pd: ArrayLike<number>, options: FairnessOptions): FairnessResult {
  const n = y.length;
  if (pd.length !== n) throw new CreditkitError('E_SHAPE', `${n} labels but ${pd.length} PDs`);
  if (n === 0) throw new CreditkitError('E_EMPTY_DATA', 'no rows to check');
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new CreditkitError('E_TARGET_INVALID', `label must be 0 or 1, got ${y[i]}`, { row: i });
    if (!(pd[i] >= 0 && pd[i] <= 1)) throw new CreditkitError('E_NONFINITE', `PD must be in [0, 1], got ${pd[i]}`, { row: i });
  }
  const minGroupRows = options.minGroupRows ?? FAIRNESS_MIN_GROUP_ROWS;
  if (!Number.isInteger(minGroupRows) || minGroupRows < 1) throw new CreditkitError('E_OPTION', `minGroupRows must be a whole number >= 1, got ${minGroupRows}`);
  const { cutoff, rule } = approvalRule(pd, options);
  const columns = Object.keys(groups);
  if (columns.length === 0) throw new CreditkitError('E_OPTION', 'name at least one protected column');
  let approvedAll = 0;
  for (let i = 0; i < n; i++) if (pd[i] < cutoff) approvedAll++;
  return {
    cutoff, rule, rows: n, approvalRate: approvedAll / n, minGroupRows,
    columns: columns.map((column) => {
      const labels = groups[column];
      if (labels.length !== n) throw new CreditkitError('E_SHAPE', `${labels.length} group labels but ${n} rows`, { column });
      return columnFairness(column, labels, y, pd, cutoff, minGroupRows);
    }),
  };
}

function approvalRule(pd: ArrayLike<number>, o: FairnessOptions): { cutoff: number; rule: string } {
  if ((o.cutoff === undefined) === (o.approvalShare === undefined)) throw new CreditkitError('E_OPTION', 'give either cutoff or approvalShare');
  if (o.cutoff !== undefined) {
    if (!(o.cutoff > 0 && o.cutoff <= 1)) throw new CreditkitError('E_OPTION', `cutoff must be in (0, 1], got ${o.cutoff}`);
    return { cutoff: o.cutoff, rule: `approve when PD < ${o.cutoff}` };
  }
  const cutoff = cutoffForApprovalShare(pd, o.approvalShare!);
  return { cutoff, rule: `approve the ${+(100 * o.approvalShare!).toFixed(2)}% with the lowest PD (PD < ${+cutoff.toPrecision(4)})` };
}

function columnFairness(column: string, labels: ArrayLike<string>, y: ArrayLike<number>, pd: ArrayLike<number>, cutoff: number, minGroupRows: number): FairnessColumn {
  const byGroup = new Map<string, Counts>();
  for (let i = 0; i < y.length; i++) {
    const g = labels[i];
    if (typeof g !== 'string') throw new CreditkitError('E_OPTION', `group label must be text, got ${String(g)}`, { column, row: i });
    let c = byGroup.get(g);
    if (!c) byGroup.set(g, (c = { count: 0, defaults: 0, approved: 0, declinedDefaults: 0, declinedGood: 0, pdSum: 0 }));
    const approved = pd[i] < cutoff;
    c.count++;
    c.defaults += y[i];
    c.pdSum += pd[i];
    if (approved) c.approved++;
    else if (y[i] === 1) c.declinedDefaults++;
    else c.declinedGood++;
  }
  const names = [...byGroup.keys()].sort((a, b) => (a === MISSING_GROUP ? 1 : b === MISSING_GROUP ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const stats = names.map((group) => {
    const c = byGroup.get(group)!;
    const good = c.count - c.defaults;
    return {
      group, c,
      approvalRate: c.approved / c.count,
      tpr: c.defaults > 0 ? c.declinedDefaults / c.defaults : null,
      fpr: good > 0 ? c.declinedGood / good : null,
      fewRows: c.count < minGroupRows,
    };
  });
  // The most favoured group: highest approval rate among the groups large enough to judge (first label on a tie).
  const eligible = stats.filter((s) => !s.fewRows);
  const pool = eligible.length > 0 ? eligible : stats;
  const ref = pool.reduce((best, s) => (s.approvalRate > best.approvalRate ? s : best), pool[0]);
  const referenceNote = eligible.length === 0 ? `every group has fewer than ${minGroupRows} rows: the reference is the most approved group, and every figure is unreliable` : undefined;
  const gap = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  const groups: FairnessGroup[] = stats.map((s) => {
    const notes: string[] = [];
    if (s.fewRows) notes.push(`only ${s.c.count} row${s.c.count === 1 ? '' : 's'} (fewer than ${minGroupRows}): rates too noisy to judge`);
    if (s.tpr === null) notes.push('no defaulters: TPR and its gap undefined');
    if (s.fpr === null) notes.push('no non-defaulters: FPR and its gap undefined');
    if (s !== ref && ref.tpr === null && s.tpr !== null) notes.push(`the reference group ${ref.group} has no defaulters: no TPR gap`);
    if (s !== ref && ref.fpr === null && s.fpr !== null) notes.push(`the reference group ${ref.group} has no non-defaulters: no FPR gap`);
    const di = ref.approvalRate > 0 ? s.approvalRate / ref.approvalRate : null;
    if (di === null) notes.push('no group is approved at this cut-off: no disparate-impact ratio');
    const meanPd = s.c.pdSum / s.c.count;
    return {
      group: s.group,
      count: s.c.count,
      defaults: s.c.defaults,
      approved: s.c.approved,
      approvalRate: s.approvalRate,
      reference: s === ref,
      disparateImpact: di,
      belowFourFifths: di === null ? null : di < FOUR_FIFTHS,
      tpr: s.tpr,
      fpr: s.fpr,
      tprGap: gap(s.tpr, ref.tpr),
      fprGap: gap(s.fpr, ref.fpr),
      meanPd,
      defaultRate: s.c.defaults / s.c.count,
      calibrationPValue: binomialTwoSidedP(s.c.defaults, s.c.count, Math.min(1, meanPd)),
      fewRows: s.fewRows,
      notes,
    };
  });
  return {
    column,
    reference: ref.group,
    ...(referenceNote ? { referenceNote } : {}),
    groups,
    flagged: groups.filter((g) => g.belowFourFifths === true).map((g) => g.group),
  };
}
