import type { StabilityLabel } from '../monitor/psi.js';
import type { Light, TrafficLightLevels } from './trafficLight.js';
import { trafficLight } from './trafficLight.js';

/** One reading a reviewer should see: where, how bad, and why. */
export interface ValidationFlag {
  level: Light;
  /** "calibration", "stability", "out-of-time", "segments", "champion", … */
  section: string;
  /** The grade, period, segment, feature or test concerned. */
  item: string;
  message: string;
}

export interface FlagSummary {
  red: number;
  amber: number;
  green: number;
  /** The red flags, then the amber ones, in the order found. */
  attention: ValidationFlag[];
}

/** Collects flags section by section; `summary()` counts them. */
export class FlagCollector {
  readonly flags: ValidationFlag[] = [];

  constructor(private readonly levels: TrafficLightLevels) {}

  add(level: Light, section: string, item: string, message: string): void {
    this.flags.push({ level, section, item, message });
  }

  /** A test's p-value read as a traffic light (a null p-value adds nothing). */
  pValue(section: string, item: string, test: string, p: number | null): void {
    if (p === null) return;
    this.add(trafficLight(p, this.levels), section, item, `${test} p = ${formatP(p)}`);
  }

  /** A PSI's label: moderate shift amber, significant shift red. */
  psi(section: string, item: string, psi: number, label: StabilityLabel): void {
    const level: Light = label === 'significant shift' ? 'red' : label === 'moderate shift' ? 'amber' : 'green';
    this.add(level, section, item, `PSI ${psi.toFixed(3)} (${label})`);
  }

  summary(): FlagSummary {
    const count = (l: Light) => this.flags.filter((f) => f.level === l).length;
    return {
      red: count('red'),
      amber: count('amber'),
      green: count('green'),
      attention: [...this.flags.filter((f) => f.level === 'red'), ...this.flags.filter((f) => f.level === 'amber')],
    };
  }
}

function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}
