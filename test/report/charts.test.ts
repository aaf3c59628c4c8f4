import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { rocCurve } from '../../src/metrics/roc.js';
import { featureImportanceChartSpec, rocChartSpec, type VegaLiteSpec } from '../../src/report/charts/index.js';
import { scoredSample } from './scoredSample.js';
import { errorOf } from '../errorOf.js';

/** Compiles with Vega-Lite and renders with Vega to SVG text, as a report does. */
async function toSvg(spec: VegaLiteSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  return view.toSVG();
}

const scored = (n: number, seed: number) => scoredSample(n, seed, (u, y) => u + 0.6 * y);

type Layer = { data: { values: { k: number; fpr: number; tpr: number }[] } };

describe('rocChartSpec', () => {
  it('draws the curve and the chance line, titled with the AUC, and renders to SVG', async () => {
    const { y, s } = scored(300, 1);
    const curve = rocCurve(y, s);
    const spec = rocChartSpec(curve, { auc: 0.81234 });
    expect(spec.title).toBe('ROC curve (AUC 0.812)');
    const points = (spec.layer as Layer[])[1].data.values;
    expect(points).toHaveLength(curve.fpr.length); // 301 points ≤ 400: nothing thinned
    expect(points.map((p) => p.tpr)).toEqual(Array.from(curve.tpr));
    const svg = await toSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('ROC curve (AUC 0.812)');
    expect(svg).toContain('False-positive rate');
    expect(svg).toContain('True-positive rate');
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(2);
  });

  it('thins a long curve to about maxPoints, keeping both ends and the order', () => {
    const { y, s } = scored(20_000, 2);
    const curve = rocCurve(y, s);
    expect(curve.fpr.length).toBeGreaterThan(10_000);
    const points = (rocChartSpec(curve, { maxPoints: 200 }).layer as Layer[])[1].data.values;
    expect(points.length).toBeGreaterThan(100);
    expect(points.length).toBeLessThanOrEqual(401); // |Δfpr| + |Δtpr| ≥ 1/200 per kept point, over a path of length ≤ 2
    expect(points[0]).toEqual({ k: 0, fpr: 0, tpr: 0 });
    expect(points.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    for (let k = 1; k < points.length; k++) {
      expect(points[k].fpr).toBeGreaterThanOrEqual(points[k - 1].fpr);
      expect(points[k].tpr).toBeGreaterThanOrEqual(points[k - 1].tpr);
    }
  });

  it('rejects malformed curves and options', () => {
    expect(errorOf(() => rocChartSpec({ fpr: [0, 1], tpr: [0] })).code).toBe('E_SHAPE');
    expect(errorOf(() => rocChartSpec({ fpr: [0], tpr: [0] })).code).toBe('E_EMPTY_DATA');
    expect(errorOf(() => rocChartSpec({ fpr: [0, NaN], tpr: [0, 1] })).code).toBe('E_NONFINITE');
    expect(errorOf(() => rocChartSpec({ fpr: [0, 1], tpr: [0, 1] }, { maxPoints: 1 })).code).toBe('E_OPTION');
  });
});

describe('featureImportanceChartSpec', () => {
  it('keeps the top features, largest first, as shares of the total, and renders to SVG', async () => {
    const spec = featureImportanceChartSpec({ age: 2, income: 6, debt_ratio: 0, late_90: 12 }, { top: 3 });
    const rows = (spec.data as { values: { feature: string; value: number; rank: number }[] }).values;
    expect(rows.map((r) => r.feature)).toEqual(['late_90', 'income', 'age']);
    expect(rows.map((r) => r.value)).toEqual([0.6, 0.3, 0.1]);
    const svg = await toSvg(spec);
    for (const f of ['late_90', 'income', 'age']) expect(svg).toContain(f);
    expect(svg).not.toContain('debt_ratio');
    expect(svg).toContain('share of total gain');
  });

  it('takes a list with negative values (permutation importance) without normalizing', () => {
    const spec = featureImportanceChartSpec([{ feature: 'a', importance: -0.01 }, { feature: 'b', importance: 0.05 }], { normalize: false, measure: 'AUC drop' });
    const rows = (spec.data as { values: { feature: string; value: number }[] }).values;
    expect(rows).toEqual([{ feature: 'b', value: 0.05, rank: 0 }, { feature: 'a', value: -0.01, rank: 1 }]);
    expect(JSON.stringify(spec.encoding)).toContain('AUC drop');
  });

  it('rejects empty input, non-finite values and a bad top', () => {
    expect(errorOf(() => featureImportanceChartSpec({})).code).toBe('E_EMPTY_DATA');
    expect(errorOf(() => featureImportanceChartSpec({ a: Infinity })).where.column).toBe('a');
    expect(errorOf(() => featureImportanceChartSpec({ a: 1 }, { top: 0 })).code).toBe('E_OPTION');
  });
});
