import { CreditkitError } from '../errors.js';
import { buildLendingModel } from './model.js';
import type { NormalizedProblem } from './problem.js';
import type { MilpSolver } from './solver.js';

/**
 * Why a problem with a capital cap is infeasible, when the cap is the cause.
 *
 * Lending nothing needs no capital, so a capital cap alone never makes a
 * problem infeasible: "no strategy meets the capital constraint" means the
 * limits that require lending (`bank.minTotal`, `limits.minLoans`) cannot be
 * met within it. This solves the problem without the cap, minimizing the
 * capital; when even the least capital (the solver's proven bound) exceeds
 * `limits.capital`, it throws E_CAPITAL_INFEASIBLE with that figure. When the
 * problem is infeasible without the cap too, or the bound is not above the
 * cap, it returns and the caller reports plain infeasibility.
 */
export async function explainCapitalShortfall(
  np: NormalizedProblem,
  solver: MilpSolver,
  options: { timeLimit: number; relGap: number; prune: boolean },
): Promise<void> {
  const cap = np.capitalCap;
  if (cap === undefined) return;
  const relaxed: NormalizedProblem = { ...np, capitalCap: undefined };
  const model = buildLendingModel(relaxed, { objective: 'capital', prune: options.prune });
  const res = await solver.solve(model.milp, { timeLimit: options.timeLimit, relGap: options.relGap });
  if (res.status === 'infeasible' || res.status === 'error') return;
  // The MILP maximizes −capital, so its bound is minus the least capital any strategy needs. Without a
  // proven bound, an 'optimal' incumbent is within relGap of the optimum, which bounds it as well.
  const bound = res.bound ?? (res.status === 'optimal' && res.objective !== null ? res.objective + options.relGap * Math.abs(res.objective) : null);
  if (bound === null) return;
  const least = -bound;
  if (!(least > cap * (1 + 1e-9) + 1e-9)) return;
  const required = [
    np.minTotal > 0 ? `bank.minTotal = ${np.minTotal}` : '',
    np.minLoans ? `limits.minLoans = ${np.minLoans}` : '',
  ].filter(Boolean).join(' and ');
  throw new CreditkitError('E_CAPITAL_INFEASIBLE',
    `no strategy meets the capital limit ${cap}: the lending that ${required || 'the limits'} require${required.includes(' and ') || !required ? '' : 's'} needs at least ${Number(least.toPrecision(8))} of capital ` +
    `(capital.ratio ${np.capital!.ratio} × RWA); raise limits.capital or lower the required lending`, { path: 'limits.capital' });
}
