/**
 * Time limits on large synthetic lending pools: N applicants × the 29 rates
 * of CUMCM attachment 3, with a budget, an expected-loss cap and sector
 * shares. Prints, per size, the wall time of `optimizeLending` against its
 * time limit, the status, where the strategy came from (HiGHS or the greedy
 * start), its return, the proven bound and gap.
 *
 *   npx tsx bench/lending-time-limit.ts [N ...] [--time-limit S] [--solver-option k=v,...]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { churnTableFromCsv } from '../src/lending/churn.js';
import { optimizeLending } from '../src/lending/optimize.js';
import type { LendingProblem } from '../src/lending/problem.js';
import { parseSolverOptionList } from '../src/lending/solverOptions.js';
import { Random } from '../src/random.js';

const CHURN = fileURLToPath(new URL('../data/cumcm-rate-churn.csv', import.meta.url));
const churn = churnTableFromCsv(readFileSync(CHURN, 'utf8'), CHURN);
const SECTORS = ['construction', 'food', 'individual', 'logistics', 'manufacturing', 'other', 'services', 'technology', 'trade'];

/** A seeded pool like the CUMCM one scaled up: 10,000 万元 of budget per 302 applicants. */
export function syntheticPool(n: number, seed = 1): LendingProblem {
  const rng = new Random(seed);
  const applicants = Array.from({ length: n }, (_, i) => {
    const pd = Math.min(0.5, Math.exp(Math.log(0.02) + 1.1 * (rng.next() + rng.next() + rng.next() - 1.5) * 2));
    const rating = pd <= 0.02 ? 'A' : pd <= 0.08 ? 'B' : 'C';
    return { id: `S${i}`, pd: Number(pd.toFixed(5)), rating, sector: SECTORS[rng.int(SECTORS.length)] };
  });
  const budget = Math.round((10_000 * n) / 302);
  return {
    applicants,
    bank: { budget, minAmount: 10, maxAmount: 100, rates: churn.rates, lgd: 1, fundingCost: 0 },
    churn,
    limits: { expectedLoss: budget * 0.006, sectorShare: { '*': 0.2 } },
  };
}

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const timeLimit = Number(flag('--time-limit') ?? 20);
const solverOptions = flag('--solver-option') ? parseSolverOptionList(flag('--solver-option')!) : undefined;
const sizes = args.filter((a, k) => /^\d+$/.test(a) && !['--time-limit', '--solver-option'].includes(args[k - 1])).map(Number);
for (const n of sizes.length > 0 ? sizes : [3000, 10_000]) {
  const p = syntheticPool(n);
  const t0 = performance.now();
  const r = await optimizeLending(p, { timeLimit, ...(solverOptions ? { solverOptions } : {}) });
  const wall = (performance.now() - t0) / 1000;
  console.log(
    `${n} applicants × 29 rates, limit ${timeLimit} s: ${wall.toFixed(2)} s wall, ${r.status}, strategy from ${r.incumbent}, ` +
      `${r.summary?.loans ?? 0} loans, return ${r.objective?.toFixed(4)}, bound ${r.bound?.toFixed(4)}, gap ${r.gap === null ? '-' : (r.gap * 100).toPrecision(3) + '%'}, ` +
      `${r.model.binaries} binaries after pruning, violations ${r.violations.length}${r.message ? ` (${r.message})` : ''}`,
  );
}
