// What a least take-up (bank.minTakeUp) does to the CUMCM 2020 C question 2 frontier: the expected-loss
// frontier with the raw rate-versus-churn table (churn by rating), then the same caps with minTakeUp.
//   npx tsx scripts/cumcm-q2-min-take-up.ts [--min-take-up 0.3] [--points 5]
// PDs of the 302 unrated firms come from the demo's GBDT on the rated firms' invoices
// (bench/lending-instance.ts, as scripts/cumcm-q2-tail-risk.ts). Prints, per cap: mean rate, expected take-up as a share of the
// amount offered, and the expected return, without and with the least take-up.
import { parseArgs } from 'node:util';
import { lendingFrontier, optimizeLending, type FrontierPoint } from '../src/lending/index.js';
import { cumcmInstance } from '../bench/lending-instance.js';

const { values } = parseArgs({ options: { 'min-take-up': { type: 'string' }, points: { type: 'string' } } });
const minTakeUp = Number(values['min-take-up'] ?? 0.3);
const points = Number(values.points ?? 5);

const { problem: plain } = await cumcmInstance();
const least = { ...plain, bank: { ...plain.bank, minTakeUp } };

const free = await lendingFrontier(plain, { points });
const caps = free.points.map((p) => p.cap);
const held = await lendingFrontier(least, { caps });
const optimum = await optimizeLending(least);

const pct = (x: number | null | undefined): string => (x == null ? '-' : `${(x * 100).toFixed(2)}%`);
const money = (x: number | null | undefined): string => (x == null ? '-' : x.toFixed(2));
const describe = (p: FrontierPoint | undefined): string => {
  const s = p?.summary;
  if (!s || s.loans === 0) return 'no loans';
  return `mean rate ${pct(s.meanRate)}, take-up ${pct(s.expectedAmount / s.totalAmount)} of ${money(s.totalAmount)} offered, return ${money(s.expectedReturn)}`;
};
console.log(`CUMCM Q2, raw rate-versus-churn table, expected-loss frontier (${caps.length} points); minTakeUp ${minTakeUp} on the same caps`);
for (const [j, cap] of caps.entries()) {
  console.log(`expected loss ≤ ${money(cap)}: without: ${describe(free.points[j])}; with: ${describe(held.points[j])}`);
}
console.log(`optimum without a frontier cap: ${money(free.points.at(-1)?.summary?.expectedReturn)} without, ${money(optimum.summary?.expectedReturn)} with minTakeUp ${minTakeUp}`);
