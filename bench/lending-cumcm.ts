/**
 * Lending-strategy optimizer on the 302 unrated firms of CUMCM 2020 C with
 * the PDs of the GBDT on invoice features (see bench/lending-instance.ts):
 * question 2, the epidemic stress of question 3, and question 2 with risk
 * limits, solved by HiGHS (WebAssembly) and javascript-lp-solver side by
 * side. Prints markdown tables for bench/RESULTS.md.
 *
 *   npx tsx bench/lending-cumcm.ts [--jslp-time-limit 30] [--repeats 3] [--seed 0]
 *
 * Times are wall-clock seconds of the solve alone (model building is a few
 * milliseconds and reported separately). "first" is the first solve of that
 * variant in the process — the very first one also pays V8's baseline-to-
 * optimized tier-up of the HiGHS WebAssembly — "median" is the median of the
 * repeats after it. Statuses are the solvers' own: a javascript-lp-solver run
 * stopped by its time limit says so.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { cumcmInstance } from './lending-instance.js';
import { CUMCM_EPIDEMIC_STRESS } from '../src/lending/cumcm.js';
import { lendingFrontier } from '../src/lending/frontier.js';
import { loadHighs } from '../src/lending/highs.js';
import { optimizeLending, type LendingResult, type OptimizeOptions } from '../src/lending/optimize.js';
import type { LendingLimits, LendingProblem } from '../src/lending/problem.js';

const { values } = parseArgs({
  options: {
    'jslp-time-limit': { type: 'string', default: '30' },
    repeats: { type: 'string', default: '3' },
    seed: { type: 'string', default: '0' },
  },
});
const jslpLimit = Number(values['jslp-time-limit']);
const repeats = Number(values.repeats);
const seed = Number(values.seed);

const RISK: LendingLimits = { expectedLossShare: 0.005, sectorShare: { '*': 0.2 }, maxAveragePd: 0.01 };
const TAIL = { alpha: 0.95, scenarios: 500, correlation: 0.15, seed: 1 };

interface Variant {
  name: string;
  problem: LendingProblem;
}

const q2 = await cumcmInstance({}, seed);
const variants: Variant[] = [
  { name: 'Q2: budget, 10–100 per loan, 29 rates, D excluded', problem: q2.problem },
  { name: 'Q3: Q2 under the epidemic stress', problem: { ...q2.problem, stress: CUMCM_EPIDEMIC_STRESS } },
  { name: 'Q2 + EL ≤ 0.5% of budget, sector ≤ 20%, avg PD ≤ 1%', problem: (await cumcmInstance(RISK, seed)).problem },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor((s.length - 1) / 2)];
}

const f2 = (x: number) => x.toFixed(2);
const money = (x: number | null) => (x === null ? '-' : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const gap = (g: number | null) => (g === null ? '-' : g === 0 ? '0' : g.toExponential(1));

/** CPU seconds (all threads of this process) of the last `run`: unlike wall time, hardly affected by other jobs on the machine. */
let lastCpu = 0;
async function run(p: LendingProblem, o: OptimizeOptions): Promise<LendingResult> {
  const c = process.cpuUsage();
  const r = await optimizeLending(p, o);
  const d = process.cpuUsage(c);
  lastCpu = (d.user + d.system) / 1e6;
  return r;
}

const t0 = performance.now();
await loadHighs();
const loadSeconds = (performance.now() - t0) / 1000;

const pdCv = q2.estimate.cv;
console.log(`instance: 302 applicants (CUMCM attachment 2); PDs from the GBDT on invoice features (seed ${seed}; ${pdCv.folds}-fold out-of-fold AUC ${pdCv.auc.toFixed(4)} on the 123 rated firms);` +
  ` ratings ${['A', 'B', 'C', 'D'].map((g) => `${g} ${q2.estimate.unrated.rating.filter((r) => r === g).length}`).join(', ')} from PD bands; sectors from firm names`);
console.log(`HiGHS WebAssembly loaded in ${f2(loadSeconds)} s; javascript-lp-solver time limit ${jslpLimit} s; ${repeats} repeats; ${new Date().toISOString()}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);

const rows: string[][] = [];
const summaries: string[][] = [];
for (const v of variants) {
  const times: number[] = [];
  const cpus: number[] = [];
  let first: LendingResult | undefined;
  let firstCpu = 0;
  for (let r = 0; r <= repeats; r++) {
    const res = await run(v.problem, {});
    if (r === 0) {
      first = res;
      firstCpu = lastCpu;
    } else {
      times.push(res.seconds);
      cpus.push(lastCpu);
    }
  }
  const exact = await run(v.problem, { relGap: 0 });
  const noPrune = await run(v.problem, { prune: false });
  const jslp = await run(v.problem, { solver: 'jslp', timeLimit: jslpLimit });
  const m = first!.model;
  rows.push([
    v.name,
    `${m.binaries} (${m.candidates} before pruning)`,
    `${first!.status}, gap ${gap(first!.gap)}`,
    `${f2(first!.seconds)} (cpu ${f2(firstCpu)})`,
    `${f2(median(times))} (cpu ${f2(median(cpus))})`,
    `${exact.status}, gap ${gap(exact.gap)}, ${f2(exact.seconds)} s`,
    `${noPrune.status}, ${f2(noPrune.seconds)} s`,
    `${jslp.status}, ${f2(jslp.seconds)} s, ${jslp.objective === null ? 'no strategy' : `return ${money(jslp.objective)}`}, bound ${money(jslp.bound)}`,
  ]);
  const s = first!.summary!;
  summaries.push([v.name, String(s.loans), money(s.totalAmount), `${(s.meanRate! * 100).toFixed(2)}%`, money(s.expectedReturn), money(s.expectedLoss), `${(s.averagePd! * 100).toFixed(2)}%`]);
  if (Math.abs(exact.objective! - first!.objective!) > 1e-4 * Math.abs(exact.objective!)) throw new Error('default-gap and exact objectives differ by more than the gap');
}

console.log('| instance | binaries | HiGHS (gap 1e-4) | first s | median s | HiGHS exact (gap 0) | HiGHS without pruning | javascript-lp-solver |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

console.log('\n| instance | loans | offered (万元) | mean rate | expected return (万元) | expected loss (万元) | avg PD |');
console.log('|---|---|---|---|---|---|---|');
for (const r of summaries) console.log(`| ${r.join(' | ')} |`);

// The risk-limited variant with the PDs of other seeds of the PD model: how much the solve time varies.
console.log('\nrisk-limited variant, PD model seeds 1–5 (HiGHS, gap 1e-4):');
console.log('| seed | binaries | status | gap | seconds (cpu) | expected return |');
console.log('|---|---|---|---|---|---|');
for (const s of [1, 2, 3, 4, 5]) {
  const r = await run((await cumcmInstance(RISK, s)).problem, {});
  console.log(`| ${s} | ${r.model.binaries} | ${r.status} | ${gap(r.gap)} | ${f2(r.seconds)} (${f2(lastCpu)}) | ${money(r.objective)} |`);
}

// The frontier on the risk-limited variant, and a CVaR cap over copula scenarios.
const risky = variants[2].problem;
const tf = performance.now();
const frontier = await lendingFrontier(risky, { points: 11 });
const frontierSeconds = (performance.now() - tf) / 1000;
const slowest = Math.max(...frontier.points.map((p) => p.seconds));
const proven = frontier.points.filter((p) => p.status === 'optimal').length;
console.log(`\nexpected-loss frontier, 11 points (EL ${money(frontier.minRisk)} to ${money(frontier.maxRisk)}): ${f2(frontierSeconds)} s in all, slowest point ${f2(slowest)} s, ${proven}/11 proven optimal`);
console.log('| EL cap | expected return | loans | mean rate |');
console.log('|---|---|---|---|');
for (const p of frontier.points) console.log(`| ${money(p.cap)} | ${money(p.objective)} | ${p.summary?.loans ?? '-'} | ${p.summary?.meanRate ? (p.summary.meanRate * 100).toFixed(2) + '%' : '-'} |`);

const withTail = { ...risky, tailRisk: TAIL };
const free = await run(withTail, {});
const capped = { ...withTail, limits: { ...RISK, cvar: free.summary!.cvar! * 0.9 } };
const cv = await run(capped, {});
console.log(`\nCVaR95 over ${TAIL.scenarios} one-factor copula scenarios (ρ = ${TAIL.correlation}): unconstrained ${money(free.summary!.cvar)};` +
  ` capped at 90% of it → HiGHS ${cv.status}, gap ${gap(cv.gap)}, ${f2(cv.seconds)} s, return ${money(cv.objective)} (from ${money(free.objective)}), CVaR ${money(cv.summary!.cvar)}` +
  ` (${cv.model.columns} columns, ${cv.model.rows} rows)`);
