import { CreditkitError } from '../errors.js';
import { problemScenarios, type DefaultScenarios } from './scenarios.js';
import { expandGroupCaps, groupOf, type NormalizedProblem } from './problem.js';

/**
 * A mixed-integer linear program in the form every solver adapter takes:
 *
 *     maximize  colCost · x
 *     subject   rowLower ≤ A x ≤ rowUpper,  colLower ≤ x ≤ colUpper,
 *               x_j ∈ {0, 1} where integer[j] = 1
 *
 * A is stored by rows (CSR). Infinite bounds are ±Infinity.
 */
export interface Milp {
  nCols: number;
  nRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  /** 1 for a binary column. */
  integer: Uint8Array;
  colNames: string[];
  rowLower: Float64Array;
  rowUpper: Float64Array;
  rowNames: string[];
  rowStarts: Int32Array;
  rowIndex: Int32Array;
  rowValue: Float64Array;
}

/** What the MILP maximizes: expected return, or the negative of a risk measure (to minimize it). */
export type LendingObjective = 'return' | 'expectedLoss' | 'cvar' | 'capital';

export interface BuildOptions {
  objective?: LendingObjective;
  /** Add the expected-loss row even without a cap (its bound is changed later, e.g. by the frontier). */
  expectedLossRow?: boolean;
  /** Add the CVaR rows even without a cap. */
  cvarRows?: boolean;
  /** Add the capital row even without a cap (the problem needs a capital model). */
  capitalRow?: boolean;
  /** Drop (applicant, rate) choices another rate of the same applicant dominates (default true). */
  prune?: boolean;
  /**
   * A restricted model: only these applicants, each at only the listed rates
   * (the others are left out, i.e. declined); applicants in `mustLend` get a
   * loan at one of their rates.
   */
  only?: { rates: Map<number, readonly number[]>; mustLend: Set<number> };
}

/** One (applicant, rate) choice that has columns in the MILP. */
export interface Choice {
  /** Position in NormalizedProblem.applicants. */
  applicant: number;
  /** Position in the rate grid. */
  rate: number;
  /** Binary column: 1 when the applicant gets a loan at this rate. */
  y: number;
  /** Continuous column: the amount above the minimum, or -1 when the amount is fixed. */
  z: number;
}

export interface LendingModel {
  milp: Milp;
  choices: Choice[];
  /** Rows whose bound the frontier moves. */
  expectedLossRow: number;
  cvarRow: number;
  capitalRow: number;
  /** The CVaR rows' variable columns. */
  cvarT: number;
  /** (applicant, rate) pairs of eligible applicants, and how many dominance removed. */
  candidates: number;
  pruned: number;
  scenarios: DefaultScenarios | undefined;
  /** Eligible applicants in scenario order (positions in NormalizedProblem.applicants). */
  scenarioApplicants: number[];
}

/** Per unit amount at one (applicant, rate): acceptance, return, expected loss, exposure, capital. */
export interface UnitEconomics {
  acceptance: number;
  ret: number;
  el: number;
  exposure: number;
  /** capital.ratio · RWA per unit offered: capitalRate · eadFactor · (1 − churn). */
  capital: number;
}

export function unitEconomics(np: NormalizedProblem, i: number, k: number): UnitEconomics {
  const a = np.applicants[i];
  const rate = np.rates[k];
  const acceptance = 1 - a.churn[k];
  // Loss per unit taken up when the applicant defaults: LGD · EAD factor (LGD alone by default, exactly).
  const margin = (1 - a.pd) * rate - a.pd * a.lgd * a.eadFactor - np.fundingCost;
  return {
    acceptance,
    ret: acceptance * margin,
    el: acceptance * a.pd * a.lgd * a.eadFactor,
    exposure: np.exposure === 'offered' ? 1 : acceptance,
    capital: acceptance * a.eadFactor * a.capitalRate,
  };
}

/** A row under construction: its bounds and, per applicant-rate, the coefficient of one unit of amount. */
export interface AmountRow {
  name: string;
  lower: number;
  upper: number;
  /** Whether the bound may be moved later (then it counts as a ≤ row for dominance). */
  movable?: boolean;
  unit(i: number, k: number, e: UnitEconomics): number;
  /**
   * How the row is written in the MILP when it differs from `unit`: share caps
   * Σ_g e·x ≤ s·Σ e·x are written Σ_g e·x − s·T ≤ 0 with T = Σ e·x a column,
   * which keeps them sparse (only the group's columns) instead of touching
   * every column.
   */
  emit?: { unit(i: number, k: number, e: UnitEconomics): number; tCoef: number; lower?: number; upper?: number };
}

/** The rows on amounts (budget, expected loss, capital, average PD, group caps) and where the frontier's rows sit among them. */
export interface CouplingRows {
  rows: AmountRow[];
  /** Whether the share caps need the total-exposure column T. */
  useTotal: boolean;
  elRowPos: number;
  capitalRowPos: number;
}

/**
 * The rows that couple the applicants: every limit that sums over loans. Per
 * applicant the MILP adds only its one-rate and on/off rows, so these few rows
 * are all a decomposition has to price.
 */
export function couplingRows(np: NormalizedProblem, options: BuildOptions = {}): CouplingRows {
  const objective = options.objective ?? 'return';
  const rows: AmountRow[] = [];
  const caps = expandGroupCaps(np);
  // With share caps, the total exposure T is a column: the budget row defines it (Σ e·x − T = 0, minTotal ≤ T ≤ budget).
  const useTotal = caps.some((c) => c.measure === 'share');
  rows.push({
    name: 'budget', lower: np.minTotal > 0 ? np.minTotal : -Infinity, upper: np.budget, unit: (_i, _k, e) => e.exposure,
    ...(useTotal ? { emit: { unit: (_i: number, _k: number, e: UnitEconomics) => e.exposure, tCoef: -1, lower: 0, upper: 0 } } : {}),
  });
  let elRowPos = -1;
  if (np.expectedLossCap !== undefined || options.expectedLossRow || objective === 'expectedLoss') {
    elRowPos = rows.length;
    rows.push({ name: 'expected_loss', lower: -Infinity, upper: np.expectedLossCap ?? Infinity, movable: true, unit: (_i, _k, e) => e.el });
  }
  let capitalRowPos = -1;
  if (np.capitalCap !== undefined || options.capitalRow || objective === 'capital') {
    if (!np.capital) throw new CreditkitError('E_OPTION', 'capital needs a capital model: give "capital" or "limits.capital" in the problem');
    capitalRowPos = rows.length;
    rows.push({ name: 'capital', lower: -Infinity, upper: np.capitalCap ?? Infinity, movable: true, unit: (_i, _k, e) => e.capital });
  }
  if (np.maxAveragePd !== undefined) {
    const cap = np.maxAveragePd;
    rows.push({ name: 'average_pd', lower: -Infinity, upper: 0, unit: (i, _k, e) => (np.applicants[i].pd - cap) * e.exposure });
  }
  for (const c of caps) {
    const inGroup = (i: number) => (groupOf(np.applicants[i], c.kind) === c.group ? 1 : 0);
    if (c.measure === 'share') {
      rows.push({
        name: `${c.kind}_share:${c.group}`, lower: -Infinity, upper: 0, unit: (i, _k, e) => (inGroup(i) - c.value) * e.exposure,
        emit: { unit: (i, _k, e) => inGroup(i) * e.exposure, tCoef: -c.value },
      });
    } else {
      rows.push({ name: `${c.kind}_amount:${c.group}`, lower: -Infinity, upper: c.value, unit: (i, _k, e) => inGroup(i) * e.exposure });
    }
  }
  return { rows, useTotal, elRowPos, capitalRowPos };
}

/** What the MILP maximizes per unit amount of one choice. */
export function objectiveCost(objective: LendingObjective, e: UnitEconomics): number {
  return objective === 'return' ? e.ret : objective === 'expectedLoss' ? -e.el : objective === 'capital' ? -e.capital : 0;
}

/**
 * The rates of applicant i that survive dominance (all of them with
 * `prune` false), with their per-unit row coefficients (`unit` form, plus the
 * acceptance when `withCvar`) and objective cost.
 */
export function applicantChoices(
  np: NormalizedProblem, i: number, rows: AmountRow[], objective: LendingObjective, prune: boolean, withCvar: boolean, rates?: readonly number[],
): { rate: number; vec: Float64Array; cost: number }[] {
  const nAmountRows = rows.length;
  const vecs: Float64Array[] = [];
  const costs: number[] = [];
  const offered = offeredRates(np, i);
  if (offered.length === 0) return [];
  // One buffer for the applicant's vectors (views into it): a typed array of its own per
  // (applicant, rate) pair made garbage collection most of a 30,000-applicant build.
  const width = nAmountRows + (withCvar ? 1 : 0);
  const buffer = new Float64Array(offered.length * width);
  for (const k of offered) {
    const e = unitEconomics(np, i, k);
    const v = buffer.subarray(vecs.length * width, (vecs.length + 1) * width);
    for (let r = 0; r < nAmountRows; r++) v[r] = rows[r].unit(i, k, e);
    if (withCvar) v[nAmountRows] = e.acceptance;
    vecs.push(v);
    costs.push(objectiveCost(objective, e));
  }
  const out: { rate: number; vec: Float64Array; cost: number }[] = [];
  const minLoans = np.minLoans ?? 0;
  // Rows whose coefficient is the same at every rate cannot decide dominance between rates: compare only the others.
  const senses = Array.from({ length: vecs[0].length }, (_, r) => (r < rows.length ? rowSense(rows[r]) : 'le'));
  const varying: number[] = [];
  for (let r = 0; r < vecs[0].length; r++) if (vecs.some((v) => v[r] !== vecs[0][r])) varying.push(r);
  const position = new Map(offered.map((k, m) => [k, m]));
  for (const k of rates ?? offered) {
    const m = position.get(k);
    if (m === undefined) continue;
    if (prune && (dominatedByOther(m, vecs, costs, senses, varying) || dominatedByNothing(vecs[m], costs[m], senses, minLoans))) continue;
    out.push({ rate: k, vec: vecs[m], cost: costs[m] });
  }
  return out;
}

/** The rates applicant i may be offered: those whose expected take-up is at least bank.minTakeUp (the others are not offered, nor used to prune). */
export function offeredRates(np: NormalizedProblem, i: number): number[] {
  const churn = np.applicants[i].churn;
  const out: number[] = [];
  for (let k = 0; k < np.rates.length; k++) if (1 - churn[k] >= np.minTakeUp) out.push(k);
  return out;
}

export function buildLendingModel(np: NormalizedProblem, options: BuildOptions = {}): LendingModel {
  const objective = options.objective ?? 'return';
  const prune = options.prune ?? true;
  const only = options.only;
  const eligible = np.applicants.filter((a) => a.excluded === undefined && (!only || only.rates.has(a.index))).map((a) => a.index);
  const K = np.rates.length;

  // --- Rows whose coefficients scale with the amount
  const { rows, useTotal, elRowPos, capitalRowPos } = couplingRows(np, options);
  const withCvar = np.cvarCap !== undefined || options.cvarRows || objective === 'cvar';
  // The link row a_i ≥ Σ_k (1 − churn) x_ik is per applicant; for dominance it is one more ≤ coefficient.
  const nAmountRows = rows.length;

  // --- Per-unit coefficients and dominance, applicant by applicant
  const kept: { applicant: number; rate: number; unit: Float64Array; cost: number }[] = [];
  // The MILP's coefficients differ from the dominance vectors only in rows written another way (share caps).
  const emitRows = rows.flatMap((row, r) => (row.emit ? [r] : []));
  const emitted = (i: number, k: number, v: Float64Array): Float64Array => {
    if (emitRows.length === 0) return v;
    const e = unitEconomics(np, i, k);
    for (const r of emitRows) v[r] = rows[r].emit!.unit(i, k, e);
    return v;
  };
  let candidates = 0;
  for (const i of eligible) {
    candidates += offeredRates(np, i).length;
    for (const c of applicantChoices(np, i, rows, objective, prune, withCvar, only?.rates.get(i))) {
      kept.push({ applicant: i, rate: c.rate, unit: emitted(i, c.rate, c.vec), cost: c.cost });
    }
  }

  // --- Columns
  const colCost: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  const integer: number[] = [];
  const colNames: string[] = [];
  const addCol = (name: string, cost: number, lo: number, hi: number, int: boolean): number => {
    colCost.push(cost);
    colLower.push(lo);
    colUpper.push(hi);
    integer.push(int ? 1 : 0);
    colNames.push(name);
    return colCost.length - 1;
  };
  const choices: Choice[] = [];
  for (const c of kept) {
    const a = np.applicants[c.applicant];
    const L = a.minAmount;
    const span = a.maxAmount - a.minAmount;
    const y = addCol(`y_${c.applicant}_${c.rate}`, c.cost * L, 0, 1, true);
    const z = span > 0 ? addCol(`z_${c.applicant}_${c.rate}`, c.cost, 0, span, false) : -1;
    choices.push({ applicant: c.applicant, rate: c.rate, y, z });
  }

  // --- Rows
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const rowNames: string[] = [];
  const rowCols: number[][] = [];
  const rowVals: number[][] = [];
  const addRow = (name: string, lo: number, hi: number): number => {
    rowLower.push(lo);
    rowUpper.push(hi);
    rowNames.push(name);
    rowCols.push([]);
    rowVals.push([]);
    return rowNames.length - 1;
  };
  const put = (row: number, col: number, v: number): void => {
    if (v === 0) return;
    rowCols[row].push(col);
    rowVals[row].push(v);
  };

  // One rate per applicant.
  const byApplicant = new Map<number, Choice[]>();
  for (const ch of choices) {
    const list = byApplicant.get(ch.applicant) ?? [];
    list.push(ch);
    byApplicant.set(ch.applicant, list);
  }
  for (const [i, list] of byApplicant) {
    const lend = only?.mustLend.has(i) ? 1 : -Infinity;
    if (list.length < 2) {
      if (lend === 1) colLower[list[0].y] = 1;
      continue;
    }
    const r = addRow(`one_rate:${i}`, lend, 1);
    for (const ch of list) put(r, ch.y, 1);
  }
  // Amount on only with its binary: z ≤ (U − L) y.
  for (const ch of choices) {
    if (ch.z < 0) continue;
    const a = np.applicants[ch.applicant];
    const r = addRow(`on_off:${ch.applicant}_${ch.rate}`, -Infinity, 0);
    put(r, ch.z, 1);
    put(r, ch.y, -(a.maxAmount - a.minAmount));
  }
  // Rows on amounts: x = L·y + z.
  const amountRowIds = rows.map((row) => addRow(row.name, row.emit?.lower ?? row.lower, row.emit?.upper ?? row.upper));
  if (useTotal) {
    const t = addCol('total_exposure', 0, np.minTotal, np.budget, false);
    rows.forEach((row, r) => {
      if (row.emit) put(amountRowIds[r], t, row.emit.tCoef);
    });
  }
  // A row whose coefficient does not depend on the rate (the budget, shares and average PD when
  // exposure is the amount offered) is written on one amount column per applicant,
  // X_i = Σ_k (L·y_ik + z_ik), instead of on every (applicant, rate) pair: the same LP with far
  // fewer nonzeros in the dense rows.
  const firstChoice = new Map<number, number>();
  choices.forEach((ch, c) => {
    if (!firstChoice.has(ch.applicant)) firstChoice.set(ch.applicant, c);
  });
  const rateFree = rows.map((_, r) => choices.every((ch, c) => kept[c].unit[r] === kept[firstChoice.get(ch.applicant)!].unit[r]));
  const amountCol = new Map<number, number>();
  if (rateFree.some(Boolean)) {
    for (const [i, list] of byApplicant) {
      if (list.length < 2) continue;
      const a = np.applicants[i];
      const col = addCol(`x_${i}`, 0, 0, a.maxAmount, false);
      amountCol.set(i, col);
      const link = addRow(`amount:${i}`, 0, 0);
      put(link, col, -1);
      for (const ch of list) {
        put(link, ch.y, a.minAmount);
        if (ch.z >= 0) put(link, ch.z, 1);
      }
    }
  }
  choices.forEach((ch, c) => {
    const unit = kept[c].unit;
    const L = np.applicants[ch.applicant].minAmount;
    const x = amountCol.get(ch.applicant);
    for (let r = 0; r < nAmountRows; r++) {
      if (x !== undefined && rateFree[r]) continue;
      put(amountRowIds[r], ch.y, unit[r] * L);
      if (ch.z >= 0) put(amountRowIds[r], ch.z, unit[r]);
    }
  });
  for (const [i, col] of amountCol) {
    const unit = kept[firstChoice.get(i)!].unit;
    for (let r = 0; r < nAmountRows; r++) if (rateFree[r]) put(amountRowIds[r], col, unit[r]);
  }
  if (np.maxLoans !== undefined || np.minLoans !== undefined) {
    const r = addRow('loans', np.minLoans ?? -Infinity, np.maxLoans ?? Infinity);
    for (const ch of choices) put(r, ch.y, 1);
  }

  // CVaR (Rockafellar–Uryasev): a_i ≥ Σ_k (1 − churn) x_ik; for each scenario s,
  // u_s ≥ Σ_{i defaults in s} LGD_i·EADfactor_i·a_i − t, u_s ≥ 0; CVaR = t + Σ_s u_s / ((1 − α) S).
  let cvarRow = -1;
  let cvarT = -1;
  let scenarios: DefaultScenarios | undefined;
  const scenarioApplicants = eligible;
  if (withCvar) {
    const { alpha, scenarios: S } = np.tailRisk;
    scenarios = problemScenarios(np).scenarios;
    const aCol = new Map<number, number>();
    const linkRow = new Map<number, number>();
    const maxAcc = new Map<number, number>();
    choices.forEach((ch, c) => maxAcc.set(ch.applicant, Math.max(maxAcc.get(ch.applicant) ?? 0, kept[c].unit[nAmountRows])));
    for (const i of byApplicant.keys()) {
      const col = addCol(`a_${i}`, 0, 0, np.applicants[i].maxAmount * maxAcc.get(i)!, false);
      aCol.set(i, col);
      const r = addRow(`accepted:${i}`, -Infinity, 0);
      linkRow.set(i, r);
      put(r, col, -1);
    }
    choices.forEach((ch, c) => {
      const acc = kept[c].unit[nAmountRows];
      const row = linkRow.get(ch.applicant)!;
      put(row, ch.y, acc * np.applicants[ch.applicant].minAmount);
      if (ch.z >= 0) put(row, ch.z, acc);
    });
    const weight = 1 / ((1 - alpha) * S);
    cvarT = addCol('cvar_t', objective === 'cvar' ? -1 : 0, 0, Infinity, false);
    const uCols: number[] = [];
    for (let s = 0; s < S; s++) uCols.push(addCol(`cvar_u_${s}`, objective === 'cvar' ? -weight : 0, 0, Infinity, false));
    for (let s = 0; s < S; s++) {
      const r = addRow(`scenario:${s}`, -Infinity, 0);
      for (let m = scenarios.starts[s]; m < scenarios.starts[s + 1]; m++) {
        const col = aCol.get(eligible[scenarios.members[m]]);
        const a = np.applicants[eligible[scenarios.members[m]]];
        if (col !== undefined) put(r, col, a.lgd * a.eadFactor);
      }
      put(r, cvarT, -1);
      put(r, uCols[s], -1);
    }
    cvarRow = addRow('cvar', -Infinity, np.cvarCap ?? Infinity);
    put(cvarRow, cvarT, 1);
    for (const u of uCols) put(cvarRow, u, weight);
  }

  // Pack rows (CSR).
  const nRows = rowNames.length;
  const rowStarts = new Int32Array(nRows + 1);
  for (let r = 0; r < nRows; r++) rowStarts[r + 1] = rowStarts[r] + rowCols[r].length;
  const rowIndex = new Int32Array(rowStarts[nRows]);
  const rowValue = new Float64Array(rowStarts[nRows]);
  for (let r = 0; r < nRows; r++) {
    rowIndex.set(rowCols[r], rowStarts[r]);
    rowValue.set(rowVals[r], rowStarts[r]);
  }
  const milp: Milp = {
    nCols: colCost.length,
    nRows,
    colCost: Float64Array.from(colCost),
    colLower: Float64Array.from(colLower),
    colUpper: Float64Array.from(colUpper),
    integer: Uint8Array.from(integer),
    colNames,
    rowLower: Float64Array.from(rowLower),
    rowUpper: Float64Array.from(rowUpper),
    rowNames,
    rowStarts,
    rowIndex,
    rowValue,
  };
  return {
    milp,
    choices,
    expectedLossRow: elRowPos >= 0 ? amountRowIds[elRowPos] : -1,
    capitalRow: capitalRowPos >= 0 ? amountRowIds[capitalRowPos] : -1,
    cvarRow,
    cvarT,
    candidates,
    pruned: candidates - kept.length,
    scenarios,
    scenarioApplicants,
  };
}

/**
 * Whether rate k of an applicant is dominated by another rate k' of the same
 * applicant: k' earns at least as much per unit and, in every row, its
 * coefficient is no worse (≤ for a ≤ row, ≥ for a ≥ row, equal for a ranged
 * row). Any strategy lending at k can then lend the same amount at k' instead
 * and stay feasible with no less return (the amount bounds and the loan-count
 * rows do not depend on the rate), so removing k keeps the optimum. Exact
 * ties keep the lowest rate.
 */
function dominatedByOther(k: number, vecs: Float64Array[], costs: number[], senses: readonly RowSense[], varying: readonly number[]): boolean {
  for (let k2 = 0; k2 < vecs.length; k2++) {
    if (k2 === k || costs[k2] < costs[k]) continue;
    let strict = costs[k2] > costs[k];
    let ok = true;
    const a = vecs[k2];
    const b = vecs[k];
    for (let q = 0; q < varying.length && ok; q++) {
      const r = varying[q];
      const sense = senses[r];
      if (sense === 'free') continue;
      if (sense === 'le') {
        if (a[r] > b[r]) ok = false;
        else if (a[r] < b[r]) strict = true;
      } else if (sense === 'ge') {
        if (a[r] < b[r]) ok = false;
        else if (a[r] > b[r]) strict = true;
      } else if (a[r] !== b[r]) ok = false;
    }
    if (ok && (strict || k2 < k)) return true;
  }
  return false;
}

/**
 * Whether not lending is at least as good as lending at this rate: no positive
 * return and no row where lending helps feasibility. With a minimum number of
 * loans, lending always may help, so nothing is removed.
 */
function dominatedByNothing(v: Float64Array, cost: number, senses: readonly RowSense[], minLoans: number): boolean {
  if (cost > 0 || minLoans > 0) return false;
  for (let r = 0; r < v.length; r++) {
    const sense = senses[r];
    if (sense === 'free') continue;
    if (sense === 'le' && v[r] < 0) return false;
    if (sense === 'ge' && v[r] > 0) return false;
    if (sense === 'range' && v[r] !== 0) return false;
  }
  return true;
}

type RowSense = 'le' | 'ge' | 'range' | 'free';

function rowSense(row: AmountRow): RowSense {
  const hasLo = row.lower > -Infinity;
  const hasUp = row.upper < Infinity || row.movable === true;
  if (hasLo && hasUp) return 'range';
  if (hasLo) return 'ge';
  if (hasUp) return 'le';
  return 'free';
}
