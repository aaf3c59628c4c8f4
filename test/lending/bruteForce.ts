/**
 * An exact solver by enumeration, independent of the MILP model and of both
 * solvers, for small lending problems.
 *
 * What must be enumerated. The discrete part is each applicant's choice: no
 * loan, or a loan at one of the K grid rates — (K + 1)^n assignments. For a
 * fixed assignment the amounts are continuous, and the problem left is a
 * linear program: maximize Σ c_j x_j over the box L_j ≤ x_j ≤ U_j and the
 * limit rows (budget and minimum total, expected loss, average PD, sector and
 * rating caps). Enumerating only amounts at L_j or U_j is NOT enough: the
 * budget row alone makes the best amount of one loan fall strictly between
 * its bounds whenever the budget is not a sum of bounds (optimize.test.ts
 * shows such an instance). The LP's optimum is at a vertex, and at a vertex of a
 * polytope in s variables s linearly independent constraints are tight; if f
 * of them are limit rows, the other s − f are bounds, so at most f ≤ m
 * amounts (m = number of limit rows) are strictly inside their box and are
 * fixed by the f tight rows. The enumeration therefore tries every set F of
 * "free" amounts with |F| ≤ m, every L/U choice for the others, every set of
 * |F| rows (at their lower or upper side) to be tight, solves that square
 * system, and keeps the best feasible point. The loan-count limits depend on
 * the assignment only and are checked directly.
 *
 * Speed without losing exactness: assignments are visited by decreasing upper
 * bound (the LP keeping one nonnegative row at a time, a fractional
 * knapsack), and the search stops when no remaining bound beats the best
 * strategy found; an assignment whose budget-only optimum meets every row needs
 * no vertex enumeration.
 *
 * CVaR limits are handled only when every eligible applicant's amount is
 * fixed (minAmount = maxAmount); the CVaR of a fixed portfolio is then the
 * mean of its worst scenario losses.
 */
import { cvarWithThreshold, scenarioLosses, type Plan } from '../../src/lending/evaluate.js';
import { irbCapital } from '../../src/lending/irb.js';
import { validateProblem, type LendingProblem, type NormalizedProblem } from '../../src/lending/problem.js';

export interface BruteForceResult {
  feasible: boolean;
  objective: number;
  plan: Plan;
  assignments: number;
}

interface Row {
  lo: number;
  hi: number;
  coef: (i: number, k: number) => number;
}

export function bruteForce(problem: LendingProblem, opts: { boundsOnly?: boolean } = {}): BruteForceResult {
  const np = validateProblem(problem);
  const eligible = np.applicants.filter((a) => a.excluded === undefined).map((a) => a.index);
  const K = np.rates.length;
  const econ = (i: number, k: number) => {
    const a = np.applicants[i];
    const acc = 1 - a.churn[k];
    return {
      ret: acc * ((1 - a.pd) * np.rates[k] - a.pd * a.lgd * a.eadFactor - np.fundingCost),
      el: acc * a.pd * a.lgd * a.eadFactor,
      e: np.exposure === 'offered' ? 1 : acc,
    };
  };
  const rows = limitRows(np, econ);
  if (np.capitalCap !== undefined) {
    // Capital per unit offered, from the IRB function itself (test/lending/irb.test.ts checks it against scipy).
    const model = np.capital!;
    const perEad = np.applicants.map((a) => {
      const raw = problem.applicants[a.index];
      return model.ratio * irbCapital({
        pd: a.pd, lgd: a.lgd, exposureClass: raw.exposureClass ?? model.exposureClass, maturity: raw.maturity ?? model.maturity,
        ...(raw.turnover !== undefined ? { turnover: raw.turnover } : {}),
      }, model.pdFloor).riskWeight;
    });
    rows.push({ lo: -Infinity, hi: np.capitalCap, coef: (i, k) => (1 - np.applicants[i].churn[k]) * np.applicants[i].eadFactor * perEad[i] });
  }
  const withCvar = np.cvarCap !== undefined;
  if (withCvar && eligible.some((i) => np.applicants[i].minAmount !== np.applicants[i].maxAmount)) {
    throw new Error('bruteForce: CVaR limits need fixed amounts');
  }

  // Pass 1: every assignment, with the bound its LP cannot exceed. Pass 2: exact LPs from the
  // highest bound down, until no remaining bound can beat the best found (every assignment is
  // still accounted for: the ones skipped cannot be better).
  const candidates: { bound: number; sel: { i: number; k: number }[] }[] = [];
  const choice = new Int32Array(eligible.length).fill(-1);
  let count = 0;
  for (;;) {
    count++;
    const sel: { i: number; k: number }[] = [];
    eligible.forEach((i, p) => {
      if (choice[p] >= 0) sel.push({ i, k: choice[p] });
    });
    const loansOk = (np.maxLoans === undefined || sel.length <= np.maxLoans) && (np.minLoans === undefined || sel.length >= np.minLoans);
    if (loansOk) {
      const bound = lpBound(np, sel, rows, econ);
      if (bound !== null) candidates.push({ bound, sel });
    }
    // Next assignment (odometer over {-1, 0, …, K−1}^n).
    let p = 0;
    while (p < choice.length) {
      choice[p]++;
      if (choice[p] < K) break;
      choice[p] = -1;
      p++;
    }
    if (p === choice.length) break;
  }
  candidates.sort((x, y) => y.bound - x.bound);

  let best: BruteForceResult = { feasible: false, objective: -Infinity, plan: [], assignments: count };
  for (const { bound, sel } of candidates) {
    if (bound <= best.objective) break;
    const lp = solveAmounts(np, sel, rows, econ, opts.boundsOnly ?? false);
    if (!lp || lp.objective <= best.objective) continue;
    const plan: Plan = np.applicants.map(() => null);
    sel.forEach((c, j) => (plan[c.i] = { rate: c.k, amount: lp.x[j] }));
    if (withCvar && cvarWithThreshold(scenarioLosses(np, plan), np.tailRisk.alpha).cvar > np.cvarCap! * (1 + 1e-12) + 1e-12) continue;
    best = { feasible: true, objective: lp.objective, plan, assignments: count };
  }
  return best;
}

/** Max c·x over L ≤ x ≤ U with w·x ≤ cap (w ≥ 0): fill from the lower bounds by value per weight. */
function knapsack(c: number[], w: number[], L: number[], U: number[], cap: number): { value: number; x: number[] } {
  const x = [...L];
  let room = cap - w.reduce((acc, a, j) => acc + a * L[j], 0);
  let value = c.reduce((acc, cj, j) => acc + cj * L[j], 0);
  const order = [...c.keys()].filter((j) => c[j] > 0).sort((p, q) => c[q] / Math.max(w[q], 1e-300) - c[p] / Math.max(w[p], 1e-300));
  for (const j of order) {
    const take = w[j] > 0 ? Math.min(U[j] - L[j], Math.max(0, room) / w[j]) : U[j] - L[j];
    x[j] += take;
    value += take * c[j];
    room -= take * w[j];
  }
  return { value, x };
}

/**
 * An upper bound on the LP of one assignment (see the knapsacks below), or
 * null when some row cannot be met anywhere in the box.
 */
function lpBound(np: NormalizedProblem, sel: { i: number; k: number }[], rows: Row[], econ: (i: number, k: number) => { ret: number; el: number; e: number }): number | null {
  const L = sel.map(({ i }) => np.applicants[i].minAmount);
  const U = sel.map(({ i }) => np.applicants[i].maxAmount);
  for (const r of rows) {
    let lo = 0;
    let hi = 0;
    sel.forEach(({ i, k }, j) => {
      const a = r.coef(i, k);
      lo += Math.min(a * L[j], a * U[j]);
      hi += Math.max(a * L[j], a * U[j]);
    });
    const tol = 1e-9 * Math.max(1, Math.abs(lo), Math.abs(hi));
    if (lo > r.hi + tol || hi < r.lo - tol) return null;
  }
  // Each row with nonnegative coefficients and a finite upper side, kept alone with the box,
  // gives a fractional knapsack whose optimum bounds the LP; take the smallest.
  const c = sel.map(({ i, k }) => econ(i, k).ret);
  let bound = Infinity;
  for (const r of rows) {
    if (!Number.isFinite(r.hi)) continue;
    const w = sel.map(({ i, k }) => r.coef(i, k));
    if (w.some((v) => v < 0)) continue;
    bound = Math.min(bound, knapsack(c, w, L, U, r.hi).value);
  }
  return bound;
}

function limitRows(np: NormalizedProblem, econ: (i: number, k: number) => { ret: number; el: number; e: number }): Row[] {
  const rows: Row[] = [];
  rows.push({ lo: np.minTotal > 0 ? np.minTotal : -Infinity, hi: np.budget, coef: (i, k) => econ(i, k).e });
  if (np.expectedLossCap !== undefined) rows.push({ lo: -Infinity, hi: np.expectedLossCap, coef: (i, k) => econ(i, k).el });
  if (np.maxAveragePd !== undefined) {
    const cap = np.maxAveragePd;
    rows.push({ lo: -Infinity, hi: 0, coef: (i, k) => (np.applicants[i].pd - cap) * econ(i, k).e });
  }
  // Concentration caps, written out here from the raw limits ('*' = each other group present).
  for (const kind of ['sector', 'rating'] as const) {
    for (const measure of ['share', 'amount'] as const) {
      const caps = np.groupCaps.filter((c) => c.kind === kind && c.measure === measure);
      const named = new Set(caps.map((c) => c.group).filter((g) => g !== '*'));
      const star = caps.find((c) => c.group === '*');
      const groups = new Map<string, number>(caps.filter((c) => c.group !== '*').map((c) => [c.group, c.value]));
      if (star) {
        for (const a of np.applicants) {
          const g = kind === 'sector' ? a.sector : a.rating;
          if (g !== undefined && a.excluded === undefined && !named.has(g)) groups.set(g, star.value);
        }
      }
      for (const [g, value] of groups) {
        const member = (i: number) => ((kind === 'sector' ? np.applicants[i].sector : np.applicants[i].rating) === g ? 1 : 0);
        if (measure === 'share') rows.push({ lo: -Infinity, hi: 0, coef: (i, k) => (member(i) - value) * econ(i, k).e });
        else rows.push({ lo: -Infinity, hi: value, coef: (i, k) => member(i) * econ(i, k).e });
      }
    }
  }
  return rows;
}

/** The best amounts for a fixed assignment, by vertex enumeration (see the file comment), or null if infeasible. */
function solveAmounts(
  np: NormalizedProblem,
  sel: { i: number; k: number }[],
  rows: Row[],
  econ: (i: number, k: number) => { ret: number; el: number; e: number },
  boundsOnly: boolean,
): { x: number[]; objective: number } | null {
  const s = sel.length;
  const L = sel.map(({ i }) => np.applicants[i].minAmount);
  const U = sel.map(({ i }) => np.applicants[i].maxAmount);
  const c = sel.map(({ i, k }) => econ(i, k).ret);
  const A = rows.map((r) => sel.map(({ i, k }) => r.coef(i, k)));
  const m = rows.length;
  let best: { x: number[]; objective: number } | null = null;
  // The budget-only relaxation's optimum (see lpBound): when it meets every row, it is the LP's optimum.
  const relaxed = knapsack(c, A[0], L, U, rows[0].hi).x;
  const feasible = (x: number[]): boolean => {
    for (let j = 0; j < s; j++) if (x[j] < L[j] - 1e-9 * Math.max(1, U[j]) || x[j] > U[j] + 1e-9 * Math.max(1, U[j])) return false;
    for (let r = 0; r < m; r++) {
      let act = 0;
      let scale = 1;
      for (let j = 0; j < s; j++) {
        act += A[r][j] * x[j];
        scale = Math.max(scale, Math.abs(A[r][j] * x[j]));
      }
      const tol = 1e-9 * Math.max(scale, Math.abs(rows[r].hi === Infinity ? 0 : rows[r].hi), Math.abs(rows[r].lo === -Infinity ? 0 : rows[r].lo));
      if (act > rows[r].hi + tol || act < rows[r].lo - tol) return false;
    }
    return true;
  };
  const consider = (x: number[]): void => {
    if (!feasible(x)) return;
    let obj = 0;
    for (let j = 0; j < s; j++) obj += c[j] * x[j];
    if (!best || obj > best.objective) best = { x: [...x], objective: obj };
  };
  if (!boundsOnly) {
    consider(relaxed);
    if (best) return best;
  }

  const maxFree = boundsOnly ? 0 : Math.min(m, s);
  for (let f = 0; f <= maxFree; f++) {
    for (const F of subsets(s, f)) {
      const inF = new Array<boolean>(s).fill(false);
      F.forEach((j) => (inF[j] = true));
      const N = [...Array(s).keys()].filter((j) => !inF[j]);
      for (let mask = 0; mask < 1 << N.length; mask++) {
        const x = new Array<number>(s).fill(0);
        N.forEach((j, q) => (x[j] = mask & (1 << q) ? U[j] : L[j]));
        if (f === 0) {
          consider(x);
          continue;
        }
        for (const R of subsets(m, f)) {
          // Each tight row at its lower or upper side (finite sides only).
          const sides = R.map((r) => [rows[r].lo, rows[r].hi].filter(Number.isFinite));
          for (const rhs of product(sides)) {
            const M = R.map((r) => F.map((j) => A[r][j]));
            const b = R.map((r, q) => rhs[q] - N.reduce((acc, j) => acc + A[r][j] * x[j], 0));
            const sol = solveSquare(M, b);
            if (!sol) continue;
            F.forEach((j, q) => (x[j] = sol[q]));
            consider(x);
          }
        }
      }
    }
  }
  return best;
}

function* subsets(n: number, k: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) {
    yield [...acc];
    return;
  }
  for (let j = start; j < n; j++) {
    acc.push(j);
    yield* subsets(n, k, j + 1, acc);
    acc.pop();
  }
}

function* product(lists: number[][], q = 0, acc: number[] = []): Generator<number[]> {
  if (q === lists.length) {
    yield [...acc];
    return;
  }
  for (const v of lists[q]) {
    acc.push(v);
    yield* product(lists, q + 1, acc);
    acc.pop();
  }
}

/** Gaussian elimination with partial pivoting; null when singular. */
function solveSquare(M: number[][], b: number[]): number[] | null {
  const n = b.length;
  const a = M.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
    const scale = Math.max(...a.map((row) => Math.abs(row[col])), 1e-300);
    if (Math.abs(a[piv][col]) <= 1e-12 * scale) return null;
    [a[col], a[piv]] = [a[piv], a[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= n; c++) a[r][c] -= f * a[col][c];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}
