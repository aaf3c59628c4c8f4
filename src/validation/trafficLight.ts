import { CreditkitError } from '../errors.js';

/**
 * Traffic-light reading of a test's p-value: red below `red`, amber below
 * `amber`, green otherwise. The ECB's reporting instructions ask for the
 * p-values and set no colours; the two-level reading follows Tasche, "A
 * traffic lights approach to PD validation" (2003). The levels 5% and 1% are
 * creditkit's defaults, to be set to the bank's own validation policy.
 */
export type Light = 'green' | 'amber' | 'red';

export interface TrafficLightLevels {
  amber: number;
  red: number;
}

export const TRAFFIC_LIGHT_LEVELS: TrafficLightLevels = { amber: 0.05, red: 0.01 };

export function trafficLight(p: number, levels: TrafficLightLevels = TRAFFIC_LIGHT_LEVELS): Light {
  if (p < levels.red) return 'red';
  if (p < levels.amber) return 'amber';
  return 'green';
}

export function checkLevels(levels: TrafficLightLevels): TrafficLightLevels {
  if (!(levels.red > 0 && levels.red < levels.amber && levels.amber < 1)) {
    throw new CreditkitError('E_OPTION', `traffic-light levels need 0 < red < amber < 1, got red ${levels.red}, amber ${levels.amber}`);
  }
  return levels;
}
