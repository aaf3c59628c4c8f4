import type { StrategyFile } from '../lending/strategyJson.js';
import type { TailRiskCheck } from '../lending/tailRiskCheck.js';
import { allocationChartSpec } from './charts/allocation.js';
import { frontierChartSpec } from './charts/frontier.js';
import { rateVsPdChartSpec } from './charts/rateVsPd.js';
import { formatPercent, type ReportBlock, type ReportSection } from './html.js';
import { renderSvg } from './renderSvg.js';

/** The lending strategy: its figures, the frontier, where the money goes and how it is priced. */
export async function lendingSection(s: StrategyFile, title = 'Lending strategy'): Promise<ReportSection> {
  const loans = s.strategy.filter((d) => d.decision === 'lend');
  const unit = s.unit;
  const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const u = unit ? ` (${unit})` : '';
  const sum = s.summary;
  const count = (what: string) => s.strategy.filter((d) => d.decision === what).length;
  const blocks: ReportBlock[] = [
    { kind: 'table', headers: ['figure', 'value'], numeric: [false, true], rows: [
      ['applicants', s.strategy.length], ['loans / declined / excluded', `${count('lend')} / ${count('decline')} / ${count('excluded')}`],
      [`total amount offered${u}`, money(sum.totalAmount)], [`expected amount taken up${u}`, money(sum.expectedAmount)],
      ['amount-weighted mean rate', formatPercent(sum.meanRate)], [`expected return${u}`, money(sum.expectedReturn)],
      [`expected loss${u}`, money(sum.expectedLoss)], ['average PD of the loans', formatPercent(sum.averagePd)],
      ...(typeof sum.capital === 'number' ? [[`Basel IRB capital${u}`, money(sum.capital)], ['RAROC (expected return / capital)', formatPercent(sum.raroc ?? null)]] : []),
      ['solver', `${s.solver}: ${s.status}${s.gap === null ? '' : `, gap ${s.gap === 0 ? '0' : formatPercent(s.gap, 3)}`}`],
    ] },
  ];
  if (s.tailRiskCheck) blocks.push(tailRiskBlock(s.tailRiskCheck, money, u));
  if (s.frontier && s.frontier.points.length > 0) {
    const m = s.frontier.measure;
    const measure = m === 'cvar' ? 'CVaR of the credit loss' : m === 'capital' ? 'Basel IRB capital' : 'expected loss';
    const risk = m === 'cvar' ? sum.cvar : m === 'capital' ? sum.capital ?? null : sum.expectedLoss;
    blocks.push({ kind: 'chart', title: 'Return versus risk', svg: await renderSvg(frontierChartSpec(s.frontier.points, {
      measure, unit, ...(risk !== null ? { chosen: { risk, expectedReturn: sum.expectedReturn, label: 'this strategy' } } : {}),
    })), howToRead: `each point is the best expected return the bank can reach with its ${measure} capped at that level, under all its other limits. Moving right buys return with risk; the diamond is the strategy reported here.` });
  } else {
    blocks.push({ kind: 'note', text: 'This strategy file holds no return-versus-risk frontier ("creditkit optimize --json-out F --frontier-points N" includes one).' });
  }
  if (loans.length > 0) {
    blocks.push(
      { kind: 'chart', title: 'Allocation by rating', svg: await renderSvg(allocationChartSpec(loans, { by: 'rating', unit })),
        howToRead: 'the total amount lent to each rating grade, with the number of loans.' },
    );
    if (loans.some((d) => d.sector !== null)) {
      blocks.push({ kind: 'chart', title: 'Allocation by sector', svg: await renderSvg(allocationChartSpec(loans, { by: 'sector', unit })),
        howToRead: 'the total amount lent to each sector, largest first: where the concentration limits bite.' });
    }
    blocks.push({ kind: 'chart', title: 'Rate chosen against PD', svg: await renderSvg(rateVsPdChartSpec(loans.map((d) => ({ pd: d.pd, rate: d.rate!, rating: d.rating, amount: d.amount })))),
      howToRead: 'each dot is a loan: its borrower\'s PD (right) and the rate offered (up), coloured by rating, sized by amount. Higher rates earn more but more customers decline them (the churn curve of their rating).' });
  } else {
    blocks.push({ kind: 'note', text: 'The strategy makes no loans: there is no allocation to draw.' });
  }
  return { id: 'lending', title, blocks };
}

/** The CVaR cap beside the in-sample CVaR and the CVaR on fresh scenarios with its interval. */
function tailRiskBlock(c: TailRiskCheck, money: (x: number) => string, u: string): ReportBlock {
  const pct = (a: number) => `${Number((a * 100).toPrecision(4))}%`;
  const interval = (i: [number, number]) => `[${money(i[0])}, ${money(i[1])}]`;
  const conf = pct(c.outOfSample.confidence);
  const verdict = c.cap === null ? '–' : c.breachCertain ? 'BREACHED: the whole interval is above the cap'
    : c.breached ? 'BREACHED: the cap lies inside the interval' : 'held';
  return { kind: 'table', caption: 'Tail risk: the CVaR cap on fresh scenarios', headers: ['figure', 'value'], numeric: [false, true], rows: [
    [`cap on CVaR ${pct(c.alpha)}${u}`, c.cap === null ? '–' : money(c.cap)],
    [`CVaR ${pct(c.alpha)} in sample (the optimizer's ${c.inSample.scenarios.toLocaleString('en-US')} scenarios)${u}`, money(c.inSample.cvar)],
    [`CVaR ${pct(c.alpha)} on ${c.outOfSample.scenarios.toLocaleString('en-US')} fresh scenarios${u}`, `${money(c.outOfSample.cvar)} ${interval(c.outOfSample.cvarInterval)}`],
    ['cap out of sample', verdict],
    ...c.levels.flatMap((l) => [
      [`VaR ${pct(l.alpha)} (${conf} interval)${u}`, `${money(l.var)} ${interval(l.varInterval)}`],
      [`CVaR ${pct(l.alpha)} (${conf} interval)${u}`, `${money(l.cvar)} ${interval(l.cvarInterval)}`],
    ]),
  ] };
}
