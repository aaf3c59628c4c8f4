import { rocComparisonChartSpec } from './charts/rocComparison.js';
import type { HoldoutComparison } from '../selection/holdoutComparison.js';
import { formatValue, type ReportBlock, type ReportSection } from './html.js';
import { renderSvg } from './renderSvg.js';
import { isUnavailable, type RepeatedComparison, type Sourced } from './sources.js';

/** The model comparison: the holdout table, the overlaid ROC curves and, when available, the repeated-split table. */
export async function comparisonSection(c: HoldoutComparison, repeated?: Sourced<RepeatedComparison>): Promise<ReportSection> {
  const blocks: ReportBlock[] = [
    { kind: 'text', text: `Each model fitted with its default settings (seed ${c.seed}) on the same ${c.trainRows.toLocaleString('en-US')} training rows (stratified ${Math.round(c.trainRatio * 100)}% share) and scored on the same ${c.testRows.toLocaleString('en-US')} held-out rows.` },
    { kind: 'table', headers: ['model', 'test AUC', 'Gini', 'KS', 'log loss', 'Brier', 'fit time (s)'],
      numeric: [false, true, true, true, true, true, true], rows: [...c.rows].sort((a, b) => b.auc - a.auc).map((r) => [r.model, r.auc, r.gini, r.ks, r.logLoss, r.brier, r.fitSeconds.toFixed(2)]) },
    { kind: 'chart', title: 'ROC curves compared', svg: await renderSvg(rocComparisonChartSpec(c.curves)),
      howToRead: 'the models\' ROC curves on the same test rows: a curve above another catches more defaulters at every false-alarm rate. Curves that cross rank differently at different cut-offs.' },
  ];
  if (repeated) {
    if (isUnavailable(repeated)) blocks.push({ kind: 'note', text: `No repeated-split table: ${repeated.unavailable}.` });
    else {
      const ms = (v: { mean: number; sd: number }) => `${formatValue(v.mean)} ± ${formatValue(v.sd)}`;
      blocks.push({ kind: 'table', caption: `Over ${repeated.repeats} repeated stratified splits (mean ± sd)`, headers: ['model', 'training share', 'AUC', 'KS', 'F1', 'fit time (s)'],
        rows: repeated.rows.map((r) => [r.model, `${Math.round(r.trainRatio * 100)}%`, ms(r.auc), ms(r.ks), ms(r.f1), ms(r.fitSeconds)]) });
    }
  }
  return { id: 'comparison', title: 'Model comparison', blocks };
}
