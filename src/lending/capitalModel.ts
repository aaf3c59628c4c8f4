import { isJsonObject } from '../jsonObject.js';
import { CreditkitError } from '../errors.js';
import { checkPdFloorRule, EXPOSURE_CLASSES, irbCapital, isExposureClass, type ExposureClass, type PdFloorRule } from './irb.js';

/**
 * How a lending problem measures capital (`LendingProblem.capital`): Basel IRB
 * (irb.ts) per loan, with EAD = eadFactor · amount · (1 − churn), the same
 * exposure the expected loss uses. The capital a loan needs is
 * ratio · RWA = ratio · 12.5 · K · EAD (K · EAD at the 8% minimum), and
 * `limits.capital` caps its sum: Σ ratio · RWA ≤ available capital.
 */
export interface CapitalModel {
  /** Capital held per unit of RWA (default 0.08, the Basel minimum total capital ratio). */
  ratio?: number;
  /** PD floor rule (default 'basel3'). */
  pdFloor?: PdFloorRule;
  /** Class of applicants without their own `exposureClass` (default 'corporate'). */
  exposureClass?: ExposureClass;
  /** Effective maturity in years of corporate loans without their own `maturity` (default 2.5). */
  maturity?: number;
}

export const CAPITAL_DEFAULTS: Required<CapitalModel> = { ratio: 0.08, pdFloor: 'basel3', exposureClass: 'corporate', maturity: 2.5 };

/** The capital attributes an applicant may carry. */
export interface ApplicantCapitalFields {
  exposureClass?: unknown;
  maturity?: unknown;
  turnover?: unknown;
}

const CAPITAL_KEYS = ['ratio', 'pdFloor', 'exposureClass', 'maturity'] as const;

function fail(path: string, message: string): never {
  throw new CreditkitError('E_PROBLEM', message, { path });
}

function positiveNumber(v: unknown, path: string, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) fail(path, `must be a number above 0${max < Infinity ? ` and at most ${max}` : ''} (got ${JSON.stringify(v) ?? String(v)})`);
  return v;
}

/** Checks `problem.capital` (undefined stays undefined: no capital model, unless limits.capital asks for one). */
export function checkCapitalModel(v: unknown): Required<CapitalModel> | undefined {
  if (v === undefined) return undefined;
  if (!isJsonObject(v)) fail('capital', 'must be an object');
  const c = v as Record<string, unknown>;
  for (const k of Object.keys(c)) {
    if (!(CAPITAL_KEYS as readonly string[]).includes(k)) fail(`capital.${k}`, `unknown field (expected one of: ${CAPITAL_KEYS.join(', ')})`);
  }
  const exposureClass = c.exposureClass ?? CAPITAL_DEFAULTS.exposureClass;
  if (!isExposureClass(exposureClass)) fail('capital.exposureClass', `must be one of ${EXPOSURE_CLASSES.join(', ')} (got ${JSON.stringify(exposureClass)})`);
  return {
    ratio: c.ratio === undefined ? CAPITAL_DEFAULTS.ratio : positiveNumber(c.ratio, 'capital.ratio', 1),
    pdFloor: c.pdFloor === undefined ? CAPITAL_DEFAULTS.pdFloor : checkPdFloorRule(c.pdFloor, 'capital.pdFloor'),
    exposureClass,
    maturity: c.maturity === undefined ? CAPITAL_DEFAULTS.maturity : positiveNumber(c.maturity, 'capital.maturity'),
  };
}

/** An applicant's capital attributes with the model's defaults filled in, and its capital per unit of EAD. */
export interface ApplicantCapital {
  exposureClass: ExposureClass;
  maturity: number;
  turnover: number | undefined;
  /** ratio · 12.5 · K. */
  rate: number;
}

/**
 * Capital per unit of EAD of one applicant (ratio · 12.5 · K), from its PD
 * (after stress) and LGD and its class, maturity and turnover fields.
 */
export function applicantCapital(a: ApplicantCapitalFields, pd: number, lgd: number, model: Required<CapitalModel>, path: string): ApplicantCapital {
  const exposureClass = a.exposureClass ?? model.exposureClass;
  if (!isExposureClass(exposureClass)) fail(`${path}.exposureClass`, `must be one of ${EXPOSURE_CLASSES.join(', ')} (got ${JSON.stringify(exposureClass)})`);
  const maturity = a.maturity === undefined ? model.maturity : positiveNumber(a.maturity, `${path}.maturity`);
  let turnover: number | undefined;
  if (a.turnover !== undefined) {
    if (typeof a.turnover !== 'number' || !Number.isFinite(a.turnover) || a.turnover < 0) fail(`${path}.turnover`, `must be annual sales in EUR millions ≥ 0 (got ${JSON.stringify(a.turnover)})`);
    turnover = a.turnover;
  }
  const rate = model.ratio * irbCapital({ pd, lgd, exposureClass, maturity, ...(turnover !== undefined ? { turnover } : {}) }, model.pdFloor).riskWeight;
  return { exposureClass, maturity, turnover, rate };
}
