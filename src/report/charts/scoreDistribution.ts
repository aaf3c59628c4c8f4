import { checkCount, checkLabelled, defaultersColor, percentAxis, SCHEMA, type VegaLiteSpec } from './common.js';

export interface ScoreDistributionChartOptions {
  /** Equal-width bins between the smallest and largest score (default 30). */
  bins?: number;
  title?: string;
  width?: number;
  height?: number;
}

/**
 * The score (PD) distribution of defaulters and of non-defaulters, each as
 * the share of its class per bin, so the two shapes compare whatever the
 * default rate. The less they overlap, the better the model separates.
 */
export function scoreDistributionChartSpec(y: ArrayLike<number>, scores: ArrayLike<number>, options: ScoreDistributionChartOptions = {}): VegaLiteSpec {
  const { positives, negatives } = checkLabelled(y, scores);
  const bins = checkCount(options.bins ?? 30, 'bins');
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    lo = Math.min(lo, scores[i]);
    hi = Math.max(hi, scores[i]);
  }
  const width = hi > lo ? (hi - lo) / bins : 1;
  const bad = new Float64Array(bins);
  const good = new Float64Array(bins);
  for (let i = 0; i < scores.length; i++) {
    const b = Math.min(bins - 1, Math.floor((scores[i] - lo) / width));
    if (y[i] === 1) bad[b]++;
    else good[b]++;
  }
  const rows: { from: number; to: number; share: number; group: string }[] = [];
  for (let b = 0; b < bins; b++) {
    const from = lo + b * width;
    rows.push({ from, to: from + width, share: bad[b] / positives, group: 'defaulters' });
    rows.push({ from, to: from + width, share: good[b] / negatives, group: 'non-defaulters' });
  }
  return {
    $schema: SCHEMA,
    title: options.title ?? 'Score distribution by class',
    width: options.width ?? 320,
    height: options.height ?? 220,
    data: { values: rows },
    mark: { type: 'rect', opacity: 0.55 },
    encoding: {
      x: { field: 'from', type: 'quantitative', axis: { title: 'Score (PD)', grid: false } },
      x2: { field: 'to' },
      y: { field: 'share', type: 'quantitative', stack: null, axis: percentAxis('Share of the class') },
      color: defaultersColor('top-right'),
    },
  };
}
