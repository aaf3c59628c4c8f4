import type { PointsTable } from '../models/scorecard/scorecard.js';
import { characteristicBinsChartSpec } from './charts/characteristicBins.js';
import { formatPercent, type ReportBlock, type ReportSection } from './html.js';
import { renderSvg } from './renderSvg.js';

/** The points table, the characteristics of the wrong sign, and per characteristic its event rate and WOE by attribute. */
export async function scorecardSection(t: PointsTable): Promise<ReportSection> {
  const blocks: ReportBlock[] = [
    { kind: 'text', text: `Score = base points + the points of each characteristic's attribute; ${t.pdo} points double the good:bad odds, and odds of ${t.baseOdds}:1 score ${t.scoreAtBaseOdds}. Base points: ${t.basePoints.toFixed(2)}.` },
  ];
  if (t.wrongSign.length > 0) {
    blocks.push({ kind: 'note', text: `Coefficient of the wrong sign (riskier attributes earn more points): ${t.wrongSign.join(', ')}. Usually two correlated characteristics; consider dropping one.` });
  }
  blocks.push({
    kind: 'table', caption: 'Points table', headers: ['characteristic', 'attribute', 'count', 'share', 'event rate', 'WOE', 'coefficient', 'points'],
    numeric: [false, false, true, true, true, true, true, true],
    rows: t.rows.map((r) => [r.characteristic, r.attribute, r.count, formatPercent(r.share, 1), formatPercent(r.eventRate, 1), r.woe.toFixed(4), r.coefficient.toFixed(4), r.points.toFixed(2)]),
  });
  for (const c of t.characteristics) {
    const bins = t.rows.filter((r) => r.characteristic === c.characteristic);
    blocks.push({
      kind: 'chart', title: `${c.characteristic} (IV ${c.iv.toFixed(3)})`, svg: await renderSvg(characteristicBinsChartSpec(c.characteristic, bins)),
      howToRead: 'bars: the share of each attribute\'s training rows that defaulted; line: its weight of evidence, ln(%good / %bad), high where the default rate is low. An attribute\'s points are its WOE times the coefficient, scaled.',
    });
  }
  return { id: 'scorecard', title: 'Scorecard', blocks };
}
