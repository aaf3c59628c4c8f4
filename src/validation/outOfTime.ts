import { numericPsi, stabilityLabel, type StabilityLabel } from '../monitor/psi.js';
import { discrimination, type Discrimination } from './discrimination.js';
import type { Periods, PeriodKind } from './periods.js';

/** One period of the out-of-time view. */
export interface PeriodRow {
  period: string;
  count: number;
  defaults: number;
  defaultRate: number;
  meanPd: number;
  /** AUC with DeLong's interval; null figures carry a note (e.g. "no defaults: AUC is not defined"). */
  discrimination: Discrimination;
  /** PSI of the PD against the first period (0 for the first). */
  psi: number;
  psiLabel: StabilityLabel;
}

export interface OutOfTime {
  column: string;
  periodKind: PeriodKind;
  periods: PeriodRow[];
}

export function outOfTime(column: string, periods: Periods, y: ArrayLike<number>, pd: ArrayLike<number>, confidence: number, bins: number): OutOfTime {
  const rows: number[][] = periods.labels.map(() => []);
  for (let i = 0; i < periods.index.length; i++) rows[periods.index[i]].push(i);
  const firstPd = Float64Array.from(rows[0], (i) => pd[i]);
  const out = periods.labels.map((period, k): PeriodRow => {
    const yk = Float64Array.from(rows[k], (i) => y[i]);
    const pk = Float64Array.from(rows[k], (i) => pd[i]);
    const defaults = yk.reduce((s, v) => s + v, 0);
    const psi = k === 0 ? 0 : numericPsi('PD', firstPd, pk, { bins }).psi;
    return {
      period,
      count: pk.length,
      defaults,
      defaultRate: defaults / pk.length,
      meanPd: pk.reduce((s, v) => s + v, 0) / pk.length,
      discrimination: discrimination(yk, pk, confidence),
      psi,
      psiLabel: stabilityLabel(psi),
    };
  });
  return { column, periodKind: periods.kind, periods: out };
}
