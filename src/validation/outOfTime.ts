import { numericPsi, stabilityLabel, type StabilityLabel } from '../monitor/psi.js';
import { binomialTest } from './binomialTest.js';
import { discrimination, type Discrimination } from './discrimination.js';
import { jeffreysTest } from './jeffreysTest.js';
import type { Periods, PeriodKind } from './periods.js';
import { trafficLight, type Light, type TrafficLightLevels } from './trafficLight.js';

/** One period of the out-of-time view. */
export interface PeriodRow {
  period: string;
  count: number;
  defaults: number;
  defaultRate: number;
  meanPd: number;
  /** AUC with DeLong's interval; null figures carry a note (e.g. "no defaults: AUC is not defined"). */
  discrimination: Discrimination;
  /**
   * The period's back-test, its mean PD against its default rate (one-sided,
   * small = PD too low), as the per-grade tests read it: Jeffreys (ECB) and
   * exact binomial p-values and the Jeffreys traffic light. Defined in a
   * period without defaults too, where the AUC is not.
   */
  jeffreysP: number;
  binomialP: number;
  light: Light;
  /** PSI of the PD against the first period (0 for the first). */
  psi: number;
  psiLabel: StabilityLabel;
}

export interface OutOfTime {
  column: string;
  periodKind: PeriodKind;
  periods: PeriodRow[];
}

export function outOfTime(
  column: string, periods: Periods, y: ArrayLike<number>, pd: ArrayLike<number>, confidence: number, bins: number, levels: TrafficLightLevels,
): OutOfTime {
  const rows: number[][] = periods.labels.map(() => []);
  for (let i = 0; i < periods.index.length; i++) rows[periods.index[i]].push(i);
  const firstPd = Float64Array.from(rows[0], (i) => pd[i]);
  const out = periods.labels.map((period, k): PeriodRow => {
    const yk = Float64Array.from(rows[k], (i) => y[i]);
    const pk = Float64Array.from(rows[k], (i) => pd[i]);
    const defaults = yk.reduce((s, v) => s + v, 0);
    const meanPd = pk.reduce((s, v) => s + v, 0) / pk.length;
    const psi = k === 0 ? 0 : numericPsi('PD', firstPd, pk, { bins }).psi;
    // Every listed period holds rows (periods.ts), so both tests are defined.
    const jeffreysP = jeffreysTest(defaults, pk.length, meanPd)!;
    return {
      period,
      count: pk.length,
      defaults,
      defaultRate: defaults / pk.length,
      meanPd,
      discrimination: discrimination(yk, pk, confidence),
      jeffreysP,
      binomialP: binomialTest(defaults, pk.length, meanPd)!,
      light: trafficLight(jeffreysP, levels),
      psi,
      psiLabel: stabilityLabel(psi),
    };
  });
  return { column, periodKind: periods.kind, periods: out };
}
