import { checkCount, checkLabelled, defaultersColor, percentAxis, SCHEMA, type VegaLiteSpec } from './common.js';

export interface KsChartOptions {
  title?: string;
  width?: number;
  height?: number;
  /** Score levels drawn (default 200, taken at quantiles of the scores). */
  maxPoints?: number;
}

/**
 * The Kolmogorov–Smirnov plot: the cumulative share of defaulters and of
 * non-defaulters with a score (PD) at or below each level. KS is the largest
 * vertical gap, marked by a rule at the score where it occurs.
 */
export function ksChartSpec(y: ArrayLike<number>, scores: ArrayLike<number>, options: KsChartOptions = {}): VegaLiteSpec {
  const { positives, negatives } = checkLabelled(y, scores);
  const maxPoints = checkCount(options.maxPoints ?? 200, 'maxPoints', 2);
  const n = y.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b] || a - b);
  // Cumulative shares after each distinct score; exact KS over all of them, drawn at about maxPoints levels.
  const levels: { score: number; bad: number; good: number }[] = [{ score: scores[order[0]], bad: 0, good: 0 }];
  let bad = 0;
  let ks = 0;
  let ksAt = { score: scores[order[0]], bad: 0, good: 0 };
  const every = Math.max(1, Math.floor(n / maxPoints));
  let next = every;
  for (let k = 0; k < n; ) {
    const s = scores[order[k]];
    while (k < n && scores[order[k]] === s) bad += y[order[k++]];
    const point = { score: s, bad: bad / positives, good: (k - bad) / negatives };
    if (point.good - point.bad > ks) {
      ks = point.good - point.bad;
      ksAt = point;
    }
    if (k === n || k >= next) {
      levels.push(point);
      next = k + every;
    }
  }
  // The cut-off that flags the rows above the gap: the next distinct score (ksStatistic's threshold).
  let cutOff = Infinity;
  for (let i = 0; i < n; i++) if (scores[i] > ksAt.score && scores[i] < cutOff) cutOff = scores[i];
  const rows = levels.flatMap((p) => [
    { score: p.score, share: p.bad, group: 'defaulters' },
    { score: p.score, share: p.good, group: 'non-defaulters' },
  ]);
  return {
    $schema: SCHEMA,
    title: options.title ?? `KS plot (KS ${ks.toFixed(3)}, flagging PD ≥ ${cutOff.toPrecision(3)})`,
    width: options.width ?? 320,
    height: options.height ?? 320,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
        encoding: {
          x: { field: 'score', type: 'quantitative', axis: { title: 'Score (PD)', grid: true } },
          y: { field: 'share', type: 'quantitative', scale: { domain: [0, 1] }, axis: percentAxis('Cumulative share at or below the score') },
          color: defaultersColor('bottom-right'),
        },
      },
      {
        data: { values: [{ score: ksAt.score, low: ksAt.bad, high: ksAt.good }] },
        mark: { type: 'rule', color: '#333', strokeWidth: 2, strokeDash: [3, 2] },
        encoding: { x: { field: 'score', type: 'quantitative' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
    ],
  };
}
