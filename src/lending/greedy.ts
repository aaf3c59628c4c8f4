import { evaluatePlan, type Plan } from './evaluate.js';
import { unitEconomics, type Choice, type UnitEconomics } from './model.js';
import { expandGroupCaps, groupOf, type GroupCap, type NormalizedProblem } from './problem.js';

/**
 * A feasible strategy without a solver, so a solve stopped at its time limit
 * always has one in hand (and HiGHS gets it as its MIP start).
 *
 * Every (applicant, rate) choice the model kept that earns a positive return
 * is ranked by its return per unit of the limits it uses — exposure against
 * the budget, expected loss against its cap, capital against the capital
 * limit, exposure against each of its groups' caps — as a Lagrangian plan
 * with equal prices on the normalized limits would rank it. In that order each
 * applicant gets the first rate that fits, at the largest amount every linear
 * limit leaves room for (share caps are read against the budget here). A
 * repair pass then drops the lowest-ranked loans while a share cap (now
 * against the realised total) or the CVaR cap is broken. Returns null when the
 * result still breaks a limit (a minimum total or number of loans it did not
 * reach); lending nothing is then no answer either.
 */
export function greedyPlan(np: NormalizedProblem, model: { choices: readonly Pick<Choice, 'applicant' | 'rate'>[] }): Plan | null {
  const caps = expandGroupCaps(np);
  const capsOf = np.applicants.map((a) => caps.map((c, q) => (groupOf(a, c.kind) === c.group ? q : -1)).filter((q) => q >= 0));
  const ranked: { applicant: number; rate: number; score: number; e: UnitEconomics }[] = [];
  for (const ch of model.choices) {
    const e = unitEconomics(np, ch.applicant, ch.rate);
    if (!(e.ret > 0)) continue;
    let use = e.exposure / np.budget;
    if (np.expectedLossCap !== undefined) use += e.el / Math.max(np.expectedLossCap, 1e-300);
    if (np.capitalCap !== undefined) use += e.capital / Math.max(np.capitalCap, 1e-300);
    for (const q of capsOf[ch.applicant]) use += e.exposure / Math.max(capRoom(caps[q], np), 1e-300);
    ranked.push({ applicant: ch.applicant, rate: ch.rate, score: e.ret / Math.max(use, 1e-300), e });
  }
  ranked.sort((p, q) => q.score - p.score || p.applicant - q.applicant || p.rate - q.rate);

  const plan: Plan = np.applicants.map(() => null);
  const order: number[] = [];
  const group = new Float64Array(caps.length);
  let exposure = 0;
  let el = 0;
  let capital = 0;
  let pdExposure = 0;
  let loans = 0;
  const shrink = 1 - 1e-9;
  for (const c of ranked) {
    if (plan[c.applicant]) continue;
    if (np.maxLoans !== undefined && loans >= np.maxLoans) break;
    const a = np.applicants[c.applicant];
    const { e } = c;
    let x = a.maxAmount;
    const room = (perUnit: number, left: number): void => {
      if (perUnit > 0) x = Math.min(x, (left / perUnit) * shrink);
    };
    room(e.exposure, np.budget - exposure);
    if (np.expectedLossCap !== undefined) room(e.el, np.expectedLossCap - el);
    if (np.capitalCap !== undefined) room(e.capital, np.capitalCap - capital);
    if (np.maxAveragePd !== undefined) room((a.pd - np.maxAveragePd) * e.exposure, np.maxAveragePd * exposure - pdExposure);
    for (const q of capsOf[c.applicant]) room(e.exposure, capRoom(caps[q], np) - group[q]);
    if (!(x >= a.minAmount) || x <= 0) continue;
    plan[c.applicant] = { rate: c.rate, amount: x };
    order.push(c.applicant);
    exposure += e.exposure * x;
    el += e.el * x;
    capital += e.capital * x;
    pdExposure += a.pd * e.exposure * x;
    for (const q of capsOf[c.applicant]) group[q] += e.exposure * x;
    loans++;
  }
  repair(np, plan, order, caps, capsOf);
  return evaluatePlan(np, plan).violations.length === 0 ? plan : null;
}

/** How much exposure a group cap allows: its amount, or its share of the budget. */
function capRoom(cap: GroupCap, np: NormalizedProblem): number {
  return cap.measure === 'share' ? cap.value * np.budget : cap.value;
}

/**
 * Drops the lowest-ranked loans (last in `order`) while a share cap (against
 * the realised total exposure) or the CVaR cap is broken. Removing a loan
 * only lowers exposures, so amount caps, the budget and the expected-loss and
 * capital limits stay met.
 */
function repair(np: NormalizedProblem, plan: Plan, order: number[], caps: GroupCap[], capsOf: number[][]): void {
  const exposureOf = (i: number): number => {
    const p = plan[i]!;
    return unitEconomics(np, i, p.rate).exposure * p.amount;
  };
  const shares = caps.map((c, q) => (c.measure === 'share' ? q : -1)).filter((q) => q >= 0);
  if (shares.length > 0) {
    const group = new Float64Array(caps.length);
    const members: number[][] = caps.map(() => []);
    let total = 0;
    for (const i of order) {
      const e = exposureOf(i);
      total += e;
      for (const q of capsOf[i]) {
        group[q] += e;
        members[q].push(i);
      }
    }
    const removed = new Set<number>();
    for (;;) {
      const q = shares.find((r) => group[r] > caps[r].value * total + 1e-9 * Math.max(1, total));
      if (q === undefined) break;
      // The lowest-ranked loan of that group still lent.
      let i = members[q].pop();
      while (i !== undefined && removed.has(i)) i = members[q].pop();
      if (i === undefined) break;
      const e = exposureOf(i);
      total -= e;
      for (const r of capsOf[i]) group[r] -= e;
      removed.add(i);
      plan[i] = null;
    }
    if (removed.size > 0) {
      const kept = order.filter((i) => !removed.has(i));
      order.length = 0;
      order.push(...kept);
    }
  }
  if (np.cvarCap === undefined) return;
  // CVaR grows with every loan: drop the lowest-ranked 5% at a time (share caps are then re-checked).
  while (order.length > 0 && evaluatePlan(np, plan).violations.some((v) => v.startsWith('CVaR '))) {
    const drop = Math.max(1, Math.ceil(order.length * 0.05));
    for (const i of order.splice(order.length - drop, drop)) plan[i] = null;
    if (shares.length > 0) return repair(np, plan, order, caps, capsOf);
  }
}
