import { describe, expect, it } from 'vitest';
import { calibrationTable } from '../../src/metrics/calibration.js';
import { ksStatistic } from '../../src/metrics/ks.js';
import { precisionRecallCurve } from '../../src/metrics/pr.js';
import { rocCurve } from '../../src/metrics/roc.js';
import {
  allocationChartSpec, calibrationChartSpec, frontierChartSpec, ksChartSpec, meanAbsContributions, pdOfRaw, precisionRecallChartSpec,
  rateVsPdChartSpec, rocComparisonChartSpec, scoreDistributionChartSpec, shapSummaryChartSpec, shapWaterfallChartSpec, type VegaLiteSpec,
} from '../../src/report/charts/index.js';
import { renderSvg } from '../../src/report/renderSvg.js';
import { scoredSample } from './scoredSample.js';
import { errorOf } from '../errorOf.js';

const scored = (n: number, seed: number) => scoredSample(n, seed, (u, y) => Math.min(1, 0.5 * u + 0.4 * y));

/** Rendered marks: vega draws each mark group with a "mark-<type>" class; paths and circles carry the drawing. */
function marks(svg: string): number {
  return (svg.match(/<(path|circle|rect|line)\b/g) ?? []).length;
}

async function expectRenders(spec: VegaLiteSpec, texts: string[], minMarks = 3): Promise<string> {
  const svg = await renderSvg(spec);
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).not.toMatch(/https?:/);
  expect(marks(svg)).toBeGreaterThanOrEqual(minMarks);
  for (const t of texts) expect(svg).toContain(t);
  return svg;
}

const { y, s } = scored(2000, 3);

describe('model chart specs', () => {
  it('precision–recall: thinned step curve with the default-rate baseline', async () => {
    const curve = precisionRecallCurve(y, s);
    const spec = precisionRecallChartSpec(curve, { averagePrecision: 0.61234, baseline: 0.3, maxPoints: 100 });
    expect(spec.title).toBe('Precision–recall curve (AP 0.612)');
    const points = (spec.layer as { data: { values: { recall: number }[] } }[])[1].data.values;
    expect(points.length).toBeLessThanOrEqual(101);
    expect(points[0].recall).toBe(curve.recall[0]);
    expect(points.at(-1)!.recall).toBe(0);
    await expectRenders(spec, ['Recall (share of defaulters caught)']);
    expect(errorOf(() => precisionRecallChartSpec({ precision: [1, 2], recall: [0, 1] })).code).toBe('E_NONFINITE');
    expect(errorOf(() => precisionRecallChartSpec({ precision: [1], recall: [0, 1] })).code).toBe('E_SHAPE');
  });

  it('KS: the title carries the same KS and cut-off as ksStatistic', async () => {
    const ks = ksStatistic(y, s);
    const spec = ksChartSpec(y, s);
    expect(spec.title).toBe(`KS plot (KS ${ks.ks.toFixed(3)}, flagging PD ≥ ${ks.threshold.toPrecision(3)})`);
    const rows = (spec.layer as { data: { values: { share: number; group: string }[] } }[])[0].data.values;
    expect(rows.length).toBeLessThanOrEqual(2 * 205);
    expect(rows.filter((r) => r.group === 'defaulters').at(-1)!.share).toBe(1);
    await expectRenders(spec, ['defaulters', 'non-defaulters']);
    expect(errorOf(() => ksChartSpec([0, 0], [0.1, 0.2])).code).toBe('E_SINGLE_CLASS');
    expect(errorOf(() => ksChartSpec([0, 1], [0.1, NaN])).code).toBe('E_NONFINITE');
    expect(errorOf(() => ksChartSpec([0, 2], [0.1, 0.2])).code).toBe('E_TARGET_INVALID');
  });

  it('calibration: one point per bin and the diagonal', async () => {
    const table = calibrationTable(y, s, { bins: 8, strategy: 'quantile' });
    const spec = calibrationChartSpec(table);
    expect((spec.layer as { data: { values: unknown[] } }[])[1].data.values).toHaveLength(table.length);
    await expectRenders(spec, ['Observed default rate']);
    expect(errorOf(() => calibrationChartSpec([])).code).toBe('E_EMPTY_DATA');
    expect(errorOf(() => calibrationChartSpec([{ meanPredicted: 2, observedRate: 0, count: 1 }])).code).toBe('E_NONFINITE');
  });

  it('score distribution: each class sums to 100% over the bins', async () => {
    const spec = scoreDistributionChartSpec(y, s, { bins: 20 });
    const rows = (spec.data as { values: { share: number; group: string }[] }).values;
    for (const g of ['defaulters', 'non-defaulters']) expect(rows.filter((r) => r.group === g).reduce((t, r) => t + r.share, 0)).toBeCloseTo(1, 12);
    await expectRenders(spec, ['Share of the class'], 20);
    expect(errorOf(() => scoreDistributionChartSpec(y, s, { bins: 0 })).code).toBe('E_OPTION');
  });

  it('ROC comparison: one coloured curve per model, AUC in the legend', async () => {
    const curves = ['gbdt', 'tree'].map((model, k) => ({ model, ...rocCurve(y, k === 0 ? s : s.map((v, i) => (i % 3 === 0 ? 0.5 : v))), auc: 0.8 - k / 10 }));
    const svg = await expectRenders(rocComparisonChartSpec(curves), ['gbdt (AUC 0.800)', 'tree (AUC 0.700)']);
    expect(svg).toContain('False-positive rate');
    expect(errorOf(() => rocComparisonChartSpec([])).code).toBe('E_EMPTY_DATA');
    expect(errorOf(() => rocComparisonChartSpec([curves[0], curves[0]])).code).toBe('E_OPTION');
  });
});

describe('SHAP chart specs', () => {
  const featureNames = ['income', 'age', 'late_90'];
  // Three rows with known contributions: late_90 matters most, income least.
  const contributions = Float64Array.from([0.1, -0.5, 2.0, -0.2, 0.3, -1.0, 0.05, 0.4, 1.5]);

  it('summary: features by mean |contribution|, one dot per row and feature, coloured by value rank', async () => {
    expect(meanAbsContributions({ featureNames, contributions, nRows: 3 }).map((f) => f.feature)).toEqual(['late_90', 'age', 'income']);
    const values = Float64Array.from([10, 30, 0, 20, NaN, 2, 30, 50, 1]);
    const spec = shapSummaryChartSpec({ featureNames, contributions, nRows: 3, values }, { top: 2 });
    const points = (spec.data as { values: { feature: string; contribution: number; level: number | null }[] }).values;
    expect(points).toHaveLength(6);
    expect(points.filter((p) => p.feature === 'late_90').map((p) => p.level)).toEqual([0, 1, 0.5]);
    expect(points.filter((p) => p.feature === 'age').map((p) => p.level)).toEqual([0, null, 1]);
    const svg = await expectRenders(spec, ['late_90', 'age']);
    expect(svg).not.toContain('income');
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(errorOf(() => shapSummaryChartSpec({ featureNames, contributions: contributions.subarray(1), nRows: 3 })).code).toBe('E_SHAPE');
    expect(errorOf(() => shapSummaryChartSpec({ featureNames, contributions: contributions.map((v, i) => (i === 4 ? Infinity : v)), nRows: 3 })).code).toBe('E_NONFINITE');
  });

  it('waterfall: steps from the bias to the row score, the rest summed; PD through the link', async () => {
    const row = { featureNames, contributions: [0.1, -0.5, 2.0], bias: -1, link: 'logit' as const, valueText: ['1,200', '31', '2'] };
    const spec = shapWaterfallChartSpec(row, { top: 2 });
    const bars = (spec.data as { values: { label: string; start: number; end: number }[] }).values;
    expect(bars.map((b) => b.label)).toEqual(['expected score (bias)', 'late_90 = 2', 'age = 31', '1 other features', 'this applicant']);
    expect(bars.at(-1)!.end).toBeCloseTo(-1 + 0.1 - 0.5 + 2.0, 12);
    for (let k = 2; k < bars.length - 1; k++) expect(bars[k].start).toBe(bars[k - 1].end);
    expect(spec.title).toBe(`Contributions to this applicant's score (PD ${(100 * pdOfRaw(0.6, 'logit')).toFixed(2)}%)`);
    await expectRenders(spec, ['late_90 = 2', 'this applicant', '+2.000']);
    expect(pdOfRaw(0.2, 'identity')).toBe(0.2);
    expect(errorOf(() => shapWaterfallChartSpec({ ...row, contributions: [1, 2] })).code).toBe('E_SHAPE');
    expect(errorOf(() => shapWaterfallChartSpec({ ...row, bias: NaN })).code).toBe('E_NONFINITE');
  });
});

describe('lending chart specs', () => {
  const loans = [
    { rating: 'A', sector: 'trade', amount: 100, pd: 0.01, rate: 0.05 },
    { rating: 'B', sector: 'trade', amount: 50, pd: 0.03, rate: 0.08 },
    { rating: 'A', sector: 'services', amount: 20, pd: 0.005, rate: 0.045 },
  ];

  it('frontier: the line and the chosen strategy', async () => {
    const spec = frontierChartSpec([{ risk: 0, expectedReturn: 0 }, { risk: 1, expectedReturn: 5 }, { risk: 2, expectedReturn: 7 }], { chosen: { risk: 2, expectedReturn: 7 }, unit: '万元' });
    await expectRenders(spec, ['chosen strategy', 'Expected return (万元)']);
    expect(errorOf(() => frontierChartSpec([{ risk: NaN, expectedReturn: 1 }])).code).toBe('E_NONFINITE');
  });

  it('allocation: totals per rating (alphabetical) and per sector (largest first)', async () => {
    const byRating = allocationChartSpec(loans);
    expect((byRating.data as { values: { group: string; amount: number; loans: number }[] }).values.map((r) => [r.group, r.amount, r.loans])).toEqual([['A', 120, 2], ['B', 50, 1]]);
    const bySector = allocationChartSpec(loans, { by: 'sector' });
    expect((bySector.data as { values: { group: string; amount: number }[] }).values.map((r) => [r.group, r.amount])).toEqual([['trade', 150], ['services', 20]]);
    await expectRenders(bySector, ['trade', 'services', '2 loans']);
    expect(errorOf(() => allocationChartSpec([])).code).toBe('E_EMPTY_DATA');
    expect(errorOf(() => allocationChartSpec(loans, { by: 'pd' as 'rating' })).code).toBe('E_OPTION');
  });

  it('rate against PD: one dot per loan', async () => {
    const spec = rateVsPdChartSpec(loans);
    expect((spec.data as { values: unknown[] }).values).toHaveLength(3);
    await expectRenders(spec, ['Annual rate offered', 'PD of the borrower']);
    expect(errorOf(() => rateVsPdChartSpec([{ ...loans[0], pd: 1.5 }])).code).toBe('E_NONFINITE');
  });
});
