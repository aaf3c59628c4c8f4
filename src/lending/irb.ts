import { CreditkitError } from '../errors.js';
import { normalCdf, normalQuantile } from '../stats/normal.js';

/**
 * Basel IRB capital: the risk-weight functions of the Basel Framework, CRE31
 * (Basel III final, as in force from 2023), for corporate and retail
 * exposures.
 *
 * Per exposure with probability of default PD (after the floor), loss given
 * default LGD and exposure at default EAD:
 *
 *     K   = [LGD · N((1 − R)^−½ · G(PD) + (R / (1 − R))^½ · G(0.999)) − PD · LGD] · MA
 *     RWA = 12.5 · K · EAD
 *
 * N is the standard normal CDF and G its inverse (src/stats/normal.ts). The
 * asset correlation R and the maturity adjustment MA depend on the class:
 *
 * - corporate (CRE31, risk-weighted assets for corporate exposures):
 *   R = 0.12 · w + 0.24 · (1 − w) with w = (1 − e^(−50·PD)) / (1 − e^(−50)), minus
 *   the SME firm-size adjustment 0.04 · (1 − (S − 5) / 45) when annual sales
 *   S (EUR millions) are given and below 50, S bounded below by 5;
 *   MA = (1 + (M − 2.5) · b) / (1 − 1.5 · b), b = (0.11852 − 0.05478 · ln PD)²,
 *   with the effective maturity M in years bounded to [1, 5] (CRE32);
 * - residential mortgage: R = 0.15; qualifying revolving retail: R = 0.04;
 *   other retail: R = 0.03 · w + 0.16 · (1 − w) with w = (1 − e^(−35·PD)) /
 *   (1 − e^(−35)) (CRE31, retail exposures); retail has no maturity adjustment (MA = 1).
 *
 * PD floors (`pdFloor`): 'basel3' (default; the Basel III final floors of CRE32) —
 * 0.05% for corporate, mortgage and other retail, 0.1% for qualifying
 * revolving (revolvers; transactors have 0.03%, give that as a number);
 * 'basel2' — 0.03% for every class (the Basel II framework of 2006); or one number
 * for every class. The Basel II 1.06 scaling factor is not applied (CRE31 has
 * none), and LGD is taken as given (no LGD floors). A PD of 1 (defaulted)
 * gives K = 0 by the formula; the defaulted-exposure treatment (LGD minus the
 * best-estimate expected loss) is not modelled.
 */
export type ExposureClass = 'corporate' | 'residential-mortgage' | 'qualifying-revolving' | 'other-retail';

export const EXPOSURE_CLASSES: readonly ExposureClass[] = ['corporate', 'residential-mortgage', 'qualifying-revolving', 'other-retail'];

export type PdFloorRule = 'basel3' | 'basel2' | number;

export interface IrbExposure {
  pd: number;
  lgd: number;
  /** Exposure at default (default 1: then `rwa` is the risk weight). */
  ead?: number;
  exposureClass: ExposureClass;
  /** Effective maturity in years (corporate only; default 2.5, bounded to [1, 5]). */
  maturity?: number;
  /** Annual sales in EUR millions for the SME firm-size adjustment (corporate only; none when absent). */
  turnover?: number;
}

export interface IrbResult {
  /** The PD used: the input's, raised to the floor. */
  pd: number;
  /** Asset correlation R. */
  correlation: number;
  /** Maturity adjustment MA (1 for retail). */
  maturityAdjustment: number;
  /** Capital requirement per unit of EAD. */
  k: number;
  /** Risk weight 12.5 · K (1.0 = 100%). */
  riskWeight: number;
  /** Risk-weighted assets 12.5 · K · EAD. */
  rwa: number;
  /** K · EAD: the capital the exposure needs at the 8% minimum ratio. */
  capital: number;
}

const BASEL3_FLOORS: Record<ExposureClass, number> = {
  corporate: 0.0005, 'residential-mortgage': 0.0005, 'qualifying-revolving': 0.001, 'other-retail': 0.0005,
};
const BASEL2_FLOOR = 0.0003;
const G999 = normalQuantile(0.999);

/** The PD floor of a class under a rule. */
export function pdFloor(exposureClass: ExposureClass, rule: PdFloorRule = 'basel3'): number {
  if (rule === 'basel3') return BASEL3_FLOORS[exposureClass];
  if (rule === 'basel2') return BASEL2_FLOOR;
  return rule;
}

/** Checks a floor rule: 'basel3', 'basel2' or a number in [0, 1). */
export function checkPdFloorRule(rule: unknown, path = 'pdFloor'): PdFloorRule {
  if (rule === 'basel3' || rule === 'basel2') return rule;
  if (typeof rule === 'number' && rule >= 0 && rule < 1) return rule;
  throw new CreditkitError('E_PROBLEM', `must be "basel3", "basel2" or a number in [0, 1) (got ${JSON.stringify(rule)})`, { path });
}

/** Whether a string names an exposure class. */
export function isExposureClass(s: unknown): s is ExposureClass {
  return typeof s === 'string' && (EXPOSURE_CLASSES as readonly string[]).includes(s);
}

/** Asset correlation R of a (floored) PD. */
export function assetCorrelation(exposureClass: ExposureClass, pd: number, turnover?: number): number {
  switch (exposureClass) {
    case 'corporate': {
      const w = -Math.expm1(-50 * pd) / -Math.expm1(-50);
      const r = 0.12 * w + 0.24 * (1 - w);
      if (turnover === undefined || turnover >= 50) return r;
      const s = Math.max(5, turnover);
      return r - 0.04 * (1 - (s - 5) / 45);
    }
    case 'residential-mortgage':
      return 0.15;
    case 'qualifying-revolving':
      return 0.04;
    case 'other-retail': {
      const w = -Math.expm1(-35 * pd) / -Math.expm1(-35);
      return 0.03 * w + 0.16 * (1 - w);
    }
  }
}

/** The corporate maturity adjustment (1 + (M − 2.5)·b) / (1 − 1.5·b), M bounded to [1, 5]. */
export function maturityAdjustment(pd: number, maturity = 2.5): number {
  const m = Math.min(5, Math.max(1, maturity));
  const b = (0.11852 - 0.05478 * Math.log(pd)) ** 2;
  return (1 + (m - 2.5) * b) / (1 - 1.5 * b);
}

function check(v: unknown, path: string, lo: number, hi: number, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) {
    throw new CreditkitError('E_PROBLEM', `must be ${what} (got ${JSON.stringify(v) ?? String(v)})`, { path });
  }
  return v;
}

/** K, RWA and the parts of the formula for one exposure; bad inputs are E_PROBLEM naming the field. */
export function irbCapital(e: IrbExposure, rule: PdFloorRule = 'basel3'): IrbResult {
  if (!isExposureClass(e.exposureClass)) {
    throw new CreditkitError('E_PROBLEM', `unknown exposure class ${JSON.stringify(e.exposureClass)} (expected one of: ${EXPOSURE_CLASSES.join(', ')})`, { path: 'exposureClass' });
  }
  check(e.pd, 'pd', 0, 1, 'a probability in [0, 1]');
  const lgd = check(e.lgd, 'lgd', 0, 1, 'a loss given default in [0, 1]');
  const ead = e.ead === undefined ? 1 : check(e.ead, 'ead', 0, Infinity, 'an exposure ≥ 0');
  if (e.maturity !== undefined) check(e.maturity, 'maturity', 0, Infinity, 'a maturity in years ≥ 0');
  if (e.turnover !== undefined) check(e.turnover, 'turnover', 0, Infinity, 'annual sales in EUR millions ≥ 0');
  const pd = Math.max(e.pd, pdFloor(e.exposureClass, rule));
  const correlation = assetCorrelation(e.exposureClass, pd, e.exposureClass === 'corporate' ? e.turnover : undefined);
  let k = 0;
  let ma = 1;
  if (pd > 0) {
    const conditionalPd = normalCdf(normalQuantile(pd) / Math.sqrt(1 - correlation) + Math.sqrt(correlation / (1 - correlation)) * G999);
    if (e.exposureClass === 'corporate') ma = maturityAdjustment(pd, e.maturity);
    k = (lgd * conditionalPd - pd * lgd) * ma;
  }
  const riskWeight = 12.5 * k;
  return { pd, correlation, maturityAdjustment: ma, k, riskWeight, rwa: riskWeight * ead, capital: k * ead };
}
