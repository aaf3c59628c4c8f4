import { CreditkitError } from '../../errors.js';
import { COLOR, SCHEMA, type VegaLiteSpec } from './common.js';

export interface GradeBacktestRow {
  grade: string;
  meanPd: number | null;
  defaultRate: number | null;
  /** The interval of the default rate (e.g. Jeffreys'), null for an empty grade. */
  interval: [number, number] | null;
  /** The traffic light of the grade's test (colours the observed rate). */
  light: 'green' | 'amber' | 'red' | null;
  count: number;
}

export interface GradeBacktestChartOptions {
  title?: string;
  width?: number;
  height?: number;
  intervalName?: string;
}

const LIGHT = { green: '#2ca02c', amber: '#f0b400', red: '#d62728' } as const;

/**
 * Calibration per rating grade: the observed default rate (a dot coloured by
 * its traffic light) with its interval (a vertical bar), against the grade's
 * mean PD (a black tick). On a square-root scale, so grades of 0.3% and 30%
 * both read. Empty grades are left out.
 */
export function gradeBacktestChartSpec(rows: readonly GradeBacktestRow[], options: GradeBacktestChartOptions = {}): VegaLiteSpec {
  const filled = rows.filter((r) => r.count > 0 && r.meanPd !== null && r.defaultRate !== null);
  if (filled.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'no filled grade to draw');
  const interval = options.intervalName ?? 'Jeffreys 95% interval';
  const values = filled.map((r) => {
    for (const v of [r.meanPd!, r.defaultRate!, ...(r.interval ?? [])]) {
      if (!(v >= 0 && v <= 1)) throw new CreditkitError('E_NONFINITE', `grade ${r.grade}: a rate outside [0, 1]`);
    }
    return { grade: r.grade, meanPd: r.meanPd, rate: r.defaultRate, lo: r.interval?.[0] ?? r.defaultRate, hi: r.interval?.[1] ?? r.defaultRate, light: r.light ?? 'green', rows: r.count };
  });
  const x = { field: 'grade', type: 'ordinal', sort: rows.map((r) => r.grade), title: 'Grade (best first)' };
  const y = { type: 'quantitative', scale: { type: 'sqrt' }, axis: { format: '.1%' }, title: 'Default rate' };
  return {
    $schema: SCHEMA,
    title: options.title ?? 'Observed default rate per grade against its mean PD',
    width: options.width ?? 420,
    height: options.height ?? 280,
    layer: [
      { data: { values }, mark: { type: 'rule', strokeWidth: 2, color: COLOR.chance },
        encoding: { x, y: { field: 'lo', ...y }, y2: { field: 'hi' }, tooltip: [{ field: 'grade' }, { field: 'lo', title: `${interval} low`, format: '.3%' }, { field: 'hi', title: `${interval} high`, format: '.3%' }] } },
      { data: { values }, mark: { type: 'tick', color: '#1d1d1f', thickness: 2, size: 22 },
        encoding: { x, y: { field: 'meanPd', ...y }, tooltip: [{ field: 'grade' }, { field: 'meanPd', title: 'mean PD', format: '.3%' }] } },
      { data: { values }, mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x, y: { field: 'rate', ...y },
          color: { field: 'light', type: 'nominal', title: 'Jeffreys test', scale: { domain: ['green', 'amber', 'red'], range: [LIGHT.green, LIGHT.amber, LIGHT.red] } },
          tooltip: [{ field: 'grade' }, { field: 'rate', title: 'default rate', format: '.3%' }, { field: 'rows' }, { field: 'light', title: 'light' }],
        } },
    ],
  };
}
