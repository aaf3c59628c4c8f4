import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../core.js';
import {
  churnTableFromCsv, strategyCsv, optimizeLending, type LendingResult, type LendingApplicant,
  type LendingProblem, fitChurnTable, pdOrderCheck, evaluateLendingStrategy,
} from '../../lending/index.js';
import {
  CUMCM_EPIDEMIC_STRESS, cumcmQ1Problem, cumcmQ2Problem, CUMCM_Q1_BUDGET, CREDIT_RATINGS, loadSmeData, type SmeData, estimateSmePds,
  type SmePdEstimate, smeSector,
} from '../../sme/index.js';
import type { CliIO } from '../args.js';
import { percent, seconds, table } from '../format.js';

export const CUMCM_DIR = fileURLToPath(new URL('../../../data/cumcm', import.meta.url));
export const CHURN_CSV = fileURLToPath(new URL('../../../data/cumcm-rate-churn.csv', import.meta.url));

/** The strategies written into the strategy folder (Q1, Q2, then Q3 under stress). */
export const STRATEGY_FILES = ['cumcm-q1-strategy.csv', 'cumcm-q2-strategy.csv', 'cumcm-q3-stressed-strategy.csv'];

/** The expected return of a question's optimum with the budget counting offers and counting expected take-ups. */
export interface BudgetReadings {
  offered: number | null;
  expected: number | null;
}

/** What the lending demo computed, for the SME report. */
export interface LendingDemoResult {
  data: SmeData;
  est: SmePdEstimate;
  /** The Q2 problem and the results of Q1, Q2 and the stressed Q3. */
  base: LendingProblem;
  runs: [string, LendingProblem, LendingResult][];
  /** Per run, the optimum under both budget readings. */
  readings: BudgetReadings[];
}

/**
 * The lending half of `creditkit demo`: PDs and ratings for the 302 unrated
 * CUMCM firms from a GBDT on the rated firms' invoices, then the optimal
 * strategy for question 2 and under the epidemic stress of question 3.
 * Writes both strategies as CSV into `strategyDir` when given.
 */
export async function lendingDemo(io: CliIO, strategyDir?: string): Promise<LendingDemoResult> {
  const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  io.out('');
  io.out('CUMCM 2020 C: lending to the 123 rated (Q1) and 302 unrated SME firms (Q2, Q3; amounts in 万元 = 10,000 CNY)');
  let t = performance.now();
  const data = await loadSmeData(CUMCM_DIR);
  const churn = churnTableFromCsv(await readFile(CHURN_CSV, 'utf8'), CHURN_CSV);
  const readMs = performance.now() - t;
  t = performance.now();
  const est = estimateSmePds(data);
  const pdMs = performance.now() - t;
  const o = est.options;
  io.out(`read 123 rated + 302 unrated firms and their 1.1M invoices in ${seconds(readMs)}`);
  io.out(`PD model: gradient boosting on ${est.model.featureNames.length} invoice features of the 123 rated firms ` +
    `(${o.nEstimators} trees, depth ${o.maxDepth}, min child weight ${o.minChildWeight}, lambda ${o.lambda}, subsample ${o.subsample}; chosen by cross-validation)`);
  io.out(`  ${est.cv.folds}-fold out-of-fold AUC ${est.cv.auc.toFixed(4)}, log loss ${est.cv.logLoss.toFixed(4)}; fitted and scored in ${seconds(pdMs)}`);

  const count = (rs: readonly string[], g: string): number => rs.filter((r) => r === g).length;
  const agree = est.rated.bandRating.filter((r, i) => r === est.rated.rating[i]).length;
  io.out(`ratings from PD bands fitted to the rated firms' grade mix (${CREDIT_RATINGS.map((g) => `${g} ${count(est.rated.rating, g)}`).join(', ')}):`);
  io.out(`  ${est.bands.map((b, k) => (k === est.bands.length - 1 ? `${b.rating} above` : `${b.rating} PD ≤ ${percent(b.maxPd, 1)}`)).join(', ')}` +
    ` → 302 firms: ${CREDIT_RATINGS.map((g) => `${g} ${count(est.unrated.rating, g)}`).join(', ')}` +
    ` (the bands give ${agree} of the 123 rated firms their bank grade)`);

  // Take-up: a smooth curve per rating fitted to attachment 3, applied by PD (see docs/guides/lending.md).
  const smooth = fitChurnTable(churn, 'smooth');
  const churnByPd = Object.fromEntries(Object.entries(est.churnByPd).filter(([g]) => g in churn.byRating));
  io.out(`take-up: a smooth curve per rating fitted to attachment 3 (R² ${Object.entries(smooth).map(([g, c]) => `${g} ${c.r2!.toFixed(4)}`).join(', ')}), ` +
    `applied by PD: ${Object.entries(churnByPd).map(([g, pd]) => `${g}'s curve at PD ${percent(pd)}`).join(', ')} (the bands' median PDs), linear in between`);
  const takeUp = (p: LendingProblem): LendingProblem => ({ ...p, churnModel: 'smooth', churnByPd });

  // Q1: the 123 rated firms with their out-of-fold PDs (the same model and scale as the 302) and the bank's own ratings.
  const ratedNames = data.rated.enterprises.names;
  const q1Applicants: LendingApplicant[] = est.rated.ids.map((id, i) => ({ id, pd: est.rated.pd[i], rating: est.rated.rating[i], sector: smeSector(ratedNames[i]) }));
  const defaulted = est.rated.ids.filter((_, i) => est.rated.defaulted[i] === 1 && est.rated.rating[i] !== 'D');
  const q1 = takeUp(cumcmQ1Problem(q1Applicants, churn, { defaulted }));
  io.out(`Q1 (the 123 rated firms): out-of-fold PDs, the bank's ratings; a credit total of ${money(CUMCM_Q1_BUDGET)} 万元 assumed ` +
    `(the problem fixes the total without giving it: Q2's 10,000 for 302 firms scaled to 123); rating D and the ${defaulted.length} A–C firms with a default on record excluded`);

  const applicants: LendingApplicant[] = est.unrated.ids.map((id, i) => ({
    id, pd: est.unrated.pd[i], rating: est.unrated.rating[i], sector: est.unrated.sector[i],
  }));
  const rawBase = cumcmQ2Problem(applicants, churn);
  const base = takeUp(rawBase);
  const stressed: LendingProblem = { ...base, stress: CUMCM_EPIDEMIC_STRESS };
  const m = CUMCM_EPIDEMIC_STRESS.sectorPdMultiplier!;
  io.out(`Q3 stress (an epidemic): PD × ${Object.entries(m).map(([s, v]) => `${v} ${s === '*' ? 'other' : s}`).join(', ')}`);

  const runs: [string, LendingProblem, LendingResult][] = [];
  for (const [name, p] of [['Q1: 123 rated firms', q1], ['Q2: base PDs', base], ['Q3: epidemic stress', stressed]] as const) {
    runs.push([name, p, await optimizeLending(p, { timeLimit: 30 })]);
  }
  const status = (r: LendingResult): string => r.status === 'optimal'
    ? `optimal, gap ${r.gap === 0 || r.gap === null ? '0' : r.gap.toExponential(1)}`
    : `${r.status.toUpperCase()} (not proven optimal)`;
  const byRating = (r: LendingResult): string => CREDIT_RATINGS.slice(0, 3)
    .map((g) => String(r.strategy?.filter((d) => d.decision === 'lend' && d.rating === g).length ?? 0)).join(' / ');
  const inversions = (r: LendingResult): string => (r.strategy ? String(pdOrderCheck(r.strategy).inversions) : '-');
  const rows: [string, (r: LendingResult) => string][] = [
    ['HiGHS', (r) => `${status(r)}, ${r.seconds.toFixed(2)} s`],
    ['eligible firms (A–C, no default on record)', (r) => String(r.model.eligible)],
    ['loans', (r) => String(r.summary?.loans ?? '-')],
    ['loans to A / B / C', byRating],
    ['total amount', (r) => (r.summary ? money(r.summary.totalAmount) : '-')],
    ['expected amount taken up', (r) => (r.summary ? money(r.summary.expectedAmount) : '-')],
    ['mean rate', (r) => percent(r.summary?.meanRate ?? null)],
    ['expected return', (r) => (r.summary ? money(r.summary.expectedReturn) : '-')],
    ['expected loss', (r) => (r.summary ? money(r.summary.expectedLoss) : '-')],
    ['average PD of the loans', (r) => percent(r.summary?.averagePd ?? null)],
    ['declined below a lent PD', inversions],
  ];
  printColumns(io, 'strategy', runs.map(([name]) => name), rows.map(([h, f]) => [h, runs.map(([, , r]) => f(r))]));

  // The same questions under the other budget reading and with the raw table by rating (the model before).
  const variants: { name: string; make: (p: LendingProblem) => LendingProblem }[] = [
    { name: 'smooth take-up by PD, budget counts expected take-ups', make: (p) => expectedReading(p) },
    { name: 'raw table by rating, budget counts offers', make: rawTable },
    { name: 'raw table by rating, budget counts expected take-ups', make: (p) => expectedReading(rawTable(p)) },
  ];
  const compare: string[][] = [];
  const readings: BudgetReadings[] = runs.map(([, , r]) => ({ offered: r.summary?.expectedReturn ?? null, expected: null }));
  compare.push(runs.map(([, , r]) => (r.summary ? money(r.summary.expectedReturn) : '-')));
  const rawStrategies: (LendingResult | null)[] = [];
  for (const v of variants) {
    const cells: string[] = [];
    for (let j = 0; j < runs.length; j++) {
      const r = await optimizeLending(v.make(runs[j][1]), { timeLimit: 30 });
      cells.push(r.summary ? `${money(r.summary.expectedReturn)}${v.make === rawTable ? ` (${inversions(r)} inv.)` : ''}` : '-');
      if (v.make === rawTable) rawStrategies.push(r);
      if (v === variants[0]) readings[j].expected = r.summary?.expectedReturn ?? null;
    }
    compare.push(cells);
  }
  // What the raw table's optimum is worth when take-up follows the smooth curve: the table's noise it exploited.
  compare.push(runs.map(([, p], j) => {
    const s = rawStrategies[j]?.strategy;
    if (!s) return '-';
    const loans = s.filter((d) => d.decision === 'lend').map((d) => ({ id: d.id, amount: d.amount, rate: d.rate! }));
    return money(evaluateLendingStrategy(p, loans).summary.expectedReturn);
  }));
  const compareRows = ['smooth take-up by PD, budget counts offers (above)', ...variants.map((v) => v.name), 'raw-table strategy valued with smooth take-up by PD'];
  printColumns(io, 'expected return by take-up model and budget reading', runs.map(([name]) => name), compareRows.map((h, k) => [h, compare[k]]));

  // Where the loans go, sector by sector: the stress moves them out of the hardest-hit sectors.
  const sectors = [...new Set(est.unrated.sector)].sort();
  const lentIn = (r: LendingResult, sector: string): number => r.strategy?.filter((d) => d.decision === 'lend' && d.sector === sector).length ?? 0;
  const eligibleIn = (sector: string): number => est.unrated.sector.filter((x, i) => x === sector && est.unrated.rating[i] !== 'D').length;
  const multiplier = (sector: string): number => m[sector] ?? m['*'] ?? 1;
  io.out('');
  io.out(table(['loans by sector', 'eligible', 'Q2 loans', 'Q3 PD ×', 'Q3 loans'],
    sectors.map((x) => [x, eligibleIn(x), lentIn(runs[1][2], x), multiplier(x).toFixed(1).padStart('Q3 PD ×'.length), lentIn(runs[2][2], x)])));

  if (strategyDir) {
    await mkdir(strategyDir, { recursive: true });
    const files = STRATEGY_FILES;
    for (let j = 0; j < runs.length; j++) {
      const s = runs[j][2].strategy;
      if (s) await writeFileAtomic(join(strategyDir, files[j]), strategyCsv(s));
    }
    io.out(`wrote ${files.map((f) => join(strategyDir, f)).join(' and ')}`);
  }
  return { data, est, base, runs, readings };
}

/** A table with one column per question, right-aligned. */
function printColumns(io: CliIO, title: string, heads: string[], rows: [string, string[]][]): void {
  const w0 = Math.max(title.length, ...rows.map(([h]) => h.length));
  const widths = heads.map((name, j) => Math.max(name.length, ...rows.map(([, c]) => c[j].length)));
  io.out('');
  io.out([title.padEnd(w0), ...heads.map((name, j) => name.padStart(widths[j]))].join('  '));
  io.out(['-'.repeat(w0), ...widths.map((w) => '-'.repeat(w))].join('  '));
  for (const [h, cells] of rows) io.out([h.padEnd(w0), ...cells.map((c, j) => c.padStart(widths[j]))].join('  '));
}

/** The problem with the budget, caps and average PD counting expected take-ups. */
function expectedReading(p: LendingProblem): LendingProblem {
  return { ...p, bank: { ...p.bank, exposure: 'expected' } };
}

/** The problem with attachment 3's table read by rating, as given (the model before the smooth curve). */
function rawTable(p: LendingProblem): LendingProblem {
  const { churnModel: _m, churnByPd: _b, ...rest } = p;
  return rest;
}

/** The lending demo's figures as `creditkit demo --json` prints them: the PD model, the rating bands and the three questions' strategies. */
export function lendingDemoJson(r: LendingDemoResult): Record<string, unknown> {
  const { est } = r;
  const lentTo = (res: LendingResult, rating: string): number => res.strategy?.filter((d) => d.decision === 'lend' && d.rating === rating).length ?? 0;
  return {
    pdModel: { features: est.model.featureNames.length, options: est.options, cv: { folds: est.cv.folds, auc: est.cv.auc, logLoss: est.cv.logLoss } },
    ratingBands: est.bands.map((b) => ({ rating: b.rating, maxPd: b.maxPd })),
    unratedRatings: Object.fromEntries(CREDIT_RATINGS.map((g) => [g, est.unrated.rating.filter((x) => x === g).length])),
    strategies: r.runs.map(([name, , res], j) => ({
      name,
      status: res.status,
      gap: res.gap,
      seconds: res.seconds,
      eligible: res.model.eligible,
      loansByRating: Object.fromEntries(CREDIT_RATINGS.slice(0, 3).map((g) => [g, lentTo(res, g)])),
      summary: res.summary ?? null,
      budgetReadings: r.readings[j],
    })),
  };
}
