import type { Dataset } from '../data/dataset.js';
import { float32Text } from '../data/float32Text.js';
import { calibrationTable } from '../metrics/calibration.js';
import { precisionRecallCurve } from '../metrics/pr.js';
import { rocCurve } from '../metrics/roc.js';
import { featureImportanceChartSpec } from './charts/featureImportance.js';
import { rocChartSpec } from './charts/roc.js';
import { calibrationChartSpec } from './charts/calibration.js';
import { ksChartSpec } from './charts/ks.js';
import { precisionRecallChartSpec } from './charts/precisionRecall.js';
import { scoreDistributionChartSpec } from './charts/scoreDistribution.js';
import { shapSummaryChartSpec } from './charts/shapSummary.js';
import { pdOfRaw, shapWaterfallChartSpec } from './charts/shapWaterfall.js';
import { formatPercent, formatValue, type ReportBlock, type ReportSection } from './html.js';
import type { ModelReportData } from './modelReport.js';
import { renderSvg } from './renderSvg.js';
import { isUnavailable } from './sources.js';

/** The dataset summary: size, default rate, and each feature's kind and missing values. */
export function datasetSection(d: ModelReportData): ReportSection {
  const { X, y } = d;
  const positives = y.reduce((s, v) => s + v, 0);
  const features = X.columns.map((c) => {
    let missing = 0;
    for (const v of c.values) if (Number.isNaN(v)) missing++;
    return [c.name, c.kind === 'categorical' ? `categorical (${c.categories?.length ?? 0} labels)` : 'numeric', missing, formatPercent(missing / X.nRows, 1)];
  });
  return {
    id: 'data',
    title: 'Dataset summary',
    blocks: [
      { kind: 'table', headers: ['dataset', 'value'], numeric: [false, true], rows: [
        ['data', d.dataName], ['rows', X.nRows], ['features', X.nColumns], ['defaulters', positives], ['default rate', formatPercent(positives / X.nRows)],
        ['model', d.modelName],
      ] },
      { kind: 'table', caption: 'Missing values per feature', headers: ['feature', 'kind', 'missing', 'share missing'], rows: features },
    ],
  };
}

/** The scalar figures and the ROC / precision–recall / KS / calibration / score-distribution charts. */
export async function performanceSection(d: ModelReportData): Promise<ReportSection> {
  const m = d.metrics;
  const roc = rocCurve(d.y, d.pd);
  const pr = precisionRecallCurve(d.y, d.pd);
  const cal = calibrationTable(d.y, d.pd, { bins: 10, strategy: 'quantile' });
  const blocks: ReportBlock[] = [
    ...(d.pdNote ? [{ kind: 'note', text: d.pdNote } as ReportBlock] : []),
    { kind: 'table', headers: ['figure', 'value'], numeric: [false, true], rows: [
      ['AUC', m.auc], ['Gini (2·AUC − 1)', m.gini], ['KS', m.ks], ['average precision', m.averagePrecision], ['log loss', m.logLoss], ['Brier score', m.brier],
      ['KS-optimal PD cut-off', m.atKs.threshold], ['  recall / precision there', `${formatPercent(m.atKs.recall, 1)} / ${formatPercent(m.atKs.precision, 1)}`],
    ] },
    { kind: 'chart', title: 'ROC curve', svg: await renderSvg(rocChartSpec(roc, { auc: m.auc })),
      howToRead: 'each point is a PD cut-off: the share of defaulters caught (up) against the share of good borrowers wrongly flagged (right). The higher the curve above the dashed chance line, the better; the area under it is the AUC.' },
    { kind: 'chart', title: 'Precision–recall curve', svg: await renderSvg(precisionRecallChartSpec(pr, { averagePrecision: m.averagePrecision, baseline: m.defaultRate })),
      howToRead: 'of the applicants flagged at a cut-off, the share that did default (up) against the share of all defaulters flagged (right). The dashed line is the default rate, what a random ranking gives.' },
    { kind: 'chart', title: 'KS plot', svg: await renderSvg(ksChartSpec(d.y, d.pd)),
      howToRead: 'the share of defaulters and of non-defaulters scored at or below each PD. Defaulters should pile up at high PDs, so their line rises late; KS is the widest vertical gap (dashed rule).' },
    { kind: 'chart', title: 'Calibration', svg: await renderSvg(calibrationChartSpec(cal)),
      howToRead: 'rows grouped into ten bins of equal size by PD: the mean predicted PD of a bin (right) against the share that defaulted (up). Points on the diagonal mean the PDs can be read as default rates; above it the model underestimates risk.' },
    { kind: 'chart', title: 'Score distribution by class', svg: await renderSvg(scoreDistributionChartSpec(d.y, d.pd)),
      howToRead: 'how the PDs of defaulters (red) and non-defaulters (blue) spread, each as a share of its own class. The less the two overlap, the better the model separates them.' },
  ];
  return { id: 'performance', title: 'Discrimination and calibration', blocks };
}

export async function importanceSection(d: ModelReportData): Promise<ReportSection> {
  const imp = d.importance;
  const blocks: ReportBlock[] = isUnavailable(imp)
    ? [{ kind: 'note', text: `Feature importance is not shown: ${imp.unavailable}.` }]
    : [{ kind: 'chart', title: 'Feature importance', svg: await renderSvg(featureImportanceChartSpec(imp.values, { measure: imp.measure, normalize: imp.normalize, top: 15 })),
        howToRead: `how much each feature is used by the model (${imp.measure}). It says nothing about the direction of the effect: see the SHAP summary for that.` }];
  return { id: 'importance', title: 'Feature importance', blocks };
}

/** A row's feature values as text (category labels for categorical columns). */
function valueTexts(X: Dataset, featureNames: readonly string[], row: number): string[] {
  return featureNames.map((name) => {
    const c = X.has(name) ? X.column(name) : undefined;
    if (!c) return '?';
    const v = c.values[row];
    if (Number.isNaN(v)) return 'missing';
    // A data value as written (its shortest float32 decimal), not rounded for display.
    return c.kind === 'categorical' ? c.categories?.[v] ?? String(v) : float32Text(v);
  });
}

/** The SHAP summary over the explained rows and a waterfall for a few applicants. */
export async function shapSection(d: ModelReportData): Promise<ReportSection> {
  const s = d.shap;
  if (isUnavailable(s)) {
    return { id: 'shap', title: 'SHAP explanations', blocks: [{ kind: 'note', text: `SHAP explanations are not shown: ${s.unavailable}.` }] };
  }
  const nF = s.featureNames.length;
  const values = new Float64Array(s.nRows * nF);
  s.featureNames.forEach((name, f) => {
    // Category codes have no order to colour by: categorical features stay grey.
    const c = d.X.has(name) ? d.X.column(name) : undefined;
    const col = c && c.kind === 'numeric' ? c.values : undefined;
    s.rows.forEach((r, k) => (values[k * nF + f] = col ? col[r] : NaN));
  });
  const unit = s.link === 'logit' ? 'log-odds of default' : 'PD';
  const blocks: ReportBlock[] = [
    { kind: 'text', text: `SHAP contributions${s.method ? ` (${s.method})` : ''} of ${s.nRows.toLocaleString('en-US')} rows${s.nRows < d.X.nRows ? ' drawn at random' : ''}: each feature's push on the model's score (${unit}), from the expected score ${formatValue(s.bias)} (PD ${formatPercent(pdOfRaw(s.bias, s.link))}) to the row's own.` },
    { kind: 'chart', title: 'SHAP summary', svg: await renderSvg(shapSummaryChartSpec({ featureNames: s.featureNames, contributions: s.contributions, nRows: s.nRows, values }, { unit })),
      howToRead: 'one dot per applicant and feature, features by mean |contribution|. Dots right of zero raise that applicant\'s PD, left lower it; the colour is the feature\'s value (blue low, orange high; grey: missing, or a categorical feature), so a feature whose orange dots sit right raises risk as it grows.' },
  ];
  for (const a of d.applicants) {
    const contributions = s.contributions.subarray(a.position * nF, (a.position + 1) * nF);
    const spec = shapWaterfallChartSpec({ featureNames: s.featureNames, contributions, bias: s.bias, link: s.link, valueText: valueTexts(d.X, s.featureNames, s.rows[a.position]) });
    blocks.push({ kind: 'chart', title: `Applicant: ${a.label}`, svg: await renderSvg(spec),
      howToRead: 'start from the expected score at the top; each bar is one feature of this applicant moving the score (red up, green down), largest first, ending at the applicant\'s own score.' });
  }
  return { id: 'shap', title: 'SHAP explanations', blocks };
}
