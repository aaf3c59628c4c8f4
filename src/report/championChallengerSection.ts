import { rocComparisonChartSpec } from './charts/rocComparison.js';
import type { ChampionChallengerComparison } from '../selection/championChallenger.js';
import { formatValue, type ReportBlock, type ReportSection } from './html.js';
import { renderSvg } from './renderSvg.js';
import { isUnavailable, type RepeatedComparison, type Sourced } from './sources.js';

/** "+0.0123" / "−0.0045": a signed difference, so a challenger's gain or loss reads at a glance. */
function signed(x: number): string {
  return x === 0 ? '0' : `${x > 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`;
}

/**
 * The champion–challenger section: the model under review and its
 * challengers scored on the same holdout rows (none of them fitted on it),
 * their ROC curves overlaid and, when given, the challenger kinds' repeated
 * splits of the training data.
 */
export async function championChallengerSection(c: ChampionChallengerComparison, repeated?: Sourced<RepeatedComparison>): Promise<ReportSection> {
  const blocks: ReportBlock[] = [
    { kind: 'text', text: `The model under review (champion: ${c.champion}) and ${c.rows.length - 1} challenger${c.rows.length === 2 ? '' : 's'}, all scored on the same ${c.holdoutRows.toLocaleString('en-US')} holdout rows (default rate ${(100 * c.holdoutDefaultRate).toFixed(2)}%); no model was fitted on these rows. ΔAUC is a model's AUC minus the champion's.` },
    { kind: 'table', headers: ['model', 'role', 'source', 'AUC', 'ΔAUC vs champion', 'Gini', 'KS', 'log loss', 'Brier', 'fit time (s)'],
      numeric: [false, false, false, true, true, true, true, true, true, true],
      rows: c.rows.map((r) => [r.model, r.role, r.source, r.auc, r.role === 'champion' ? '—' : signed(r.aucDifference), r.gini, r.ks, r.logLoss, r.brier, r.fitSeconds === null ? '—' : r.fitSeconds.toFixed(2)]) },
    { kind: 'chart', title: 'ROC curves on the holdout', svg: await renderSvg(rocComparisonChartSpec(c.curves, { title: 'ROC curves on the same holdout rows' })),
      howToRead: 'the champion\'s and the challengers\' ROC curves on the same holdout rows: a curve above another catches more defaulters at every false-alarm rate. Curves that cross rank differently at different cut-offs.' },
  ];
  if (repeated) {
    if (isUnavailable(repeated)) blocks.push({ kind: 'note', text: `No repeated-split table: ${repeated.unavailable}.` });
    else {
      const ms = (v: { mean: number; sd: number }) => `${formatValue(v.mean)} ± ${formatValue(v.sd)}`;
      blocks.push({ kind: 'table', caption: `The challenger kinds over ${repeated.repeats} repeated stratified splits of the training data (mean ± sd)`, headers: ['model', 'training share', 'AUC', 'KS', 'F1', 'fit time (s)'],
        rows: repeated.rows.map((r) => [r.model, `${Math.round(r.trainRatio * 100)}%`, ms(r.auc), ms(r.ks), ms(r.f1), ms(r.fitSeconds)]) });
    }
  }
  return { id: 'champion-challenger', title: 'Champion and challengers', blocks };
}
