import { isJsonObject } from '../jsonObject.js';
import { CreditkitError } from '../errors.js';
import { checkScored } from '../metrics/validate.js';
import { exp, log } from '../math/deterministic.js';
import { fitPlattToTargets, plattTargets } from '../models/linear/platt.js';

/**
 * Calibration maps a model's PDs to PDs that match observed default rates.
 * Fit on held-out rows (never on the model's training rows, whose PDs are
 * optimistic), then apply to new PDs. Both calibrators follow scikit-learn
 * 1.2.1 (`CalibratedClassifierCV`'s sigmoid and isotonic methods); tests
 * compare against it on a committed fixture.
 */
export interface Calibrator {
  readonly method: 'platt' | 'isotonic';
  fit(pd: ArrayLike<number>, y: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this;
  /** Calibrated PD for each input PD. */
  transform(pd: ArrayLike<number>): Float64Array;
  toJSON(): CalibratorJSON;
}

export interface CalibratorJSON {
  format: 'creditkit-calibrator';
  name: string;
  version: number;
  [key: string]: unknown;
}

/** PDs of exactly 0 or 1 are moved this far inside (0, 1) before taking log-odds. */
export const PLATT_PD_EPSILON = 1e-15;

/**
 * Platt scaling: calibrated PD = 1 / (1 + exp(a·f + b)) with f = ln(pd / (1 − pd)),
 * the model's log-odds (Platt's sign convention: a is negative when the model
 * ranks correctly). a and b minimise the weighted log loss against Platt's
 * smoothed targets — (N₊ + 1)/(N₊ + 2) for defaulters and 1/(N₋ + 2) for the
 * others, N the (weighted) class counts — which keeps the fit finite on
 * separable data. Solved by Newton's method with a backtracking line search
 * (Lin, Lin and Weng 2007); scikit-learn uses BFGS on the same objective.
 */
export class PlattCalibrator implements Calibrator {
  readonly method = 'platt' as const;
  a = NaN;
  b = NaN;

  get isFitted(): boolean {
    return Number.isFinite(this.a) && Number.isFinite(this.b);
  }

  fit(pd: ArrayLike<number>, y: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    const { f, t, w } = plattInputs(pd, y, sampleWeight);
    [this.a, this.b] = fitPlattToTargets(f, t, w);
    return this;
  }

  transform(pd: ArrayLike<number>): Float64Array {
    if (!this.isFitted) throw new CreditkitError('E_NOT_FITTED', 'the calibrator is not fitted: call fit() or fromJSON()');
    const out = new Float64Array(pd.length);
    for (let i = 0; i < pd.length; i++) {
      const f = logOdds(checkPd(pd[i], i));
      out[i] = 1 / (1 + exp(this.a * f + this.b));
    }
    return out;
  }

  toJSON(): CalibratorJSON {
    if (!this.isFitted) throw new CreditkitError('E_NOT_FITTED', 'the calibrator is not fitted');
    return { format: 'creditkit-calibrator', name: 'PlattCalibrator', version: 1, a: this.a, b: this.b };
  }

  static fromJSON(json: unknown): PlattCalibrator {
    const o = envelope(json, 'PlattCalibrator');
    const c = new PlattCalibrator();
    c.a = finiteAt(o.a, 'a');
    c.b = finiteAt(o.b, 'b');
    return c;
  }
}

/**
 * How far inside (0, 1) isotonic calibration keeps its PDs, for calibration
 * rows of total weight `totalWeight`: half an observation's worth,
 * 1 / (2(n + 1)). A run of rows with no default (or no non-default) fits a
 * PD of exactly 0 (or 1), which no sample of n rows can show (and which
 * scores ±1,500 points); the bound is the rate a half default more would give.
 */
export function isotonicPdBound(totalWeight: number): number {
  return 0.5 / (totalWeight + 1);
}

/**
 * Isotonic calibration: the non-decreasing step function of the PD that fits
 * the labels best in weighted least squares (pool adjacent violators), then
 * linear interpolation between its points. As scikit-learn's
 * `IsotonicRegression(out_of_bounds='clip')`: rows with weight 0 are dropped,
 * PDs within 1e-15 of each other are one point (weighted mean label),
 * points inside a flat run are dropped, and PDs outside the fitted range take
 * the value at the nearest end. Unlike scikit-learn, the fitted values are
 * kept within [ε, 1 − ε], ε = `isotonicPdBound` of the rows' total weight.
 */
export class IsotonicCalibrator implements Calibrator {
  readonly method = 'isotonic' as const;
  /** Interpolation points: increasing PDs and their calibrated values. */
  thresholds = new Float64Array(0);
  values = new Float64Array(0);

  fit(pd: ArrayLike<number>, y: ArrayLike<number>, sampleWeight?: ArrayLike<number>): this {
    checkScored(y, pd, sampleWeight);
    for (let i = 0; i < pd.length; i++) checkPd(pd[i], i);
    const idx: number[] = [];
    for (let i = 0; i < pd.length; i++) if (sampleWeight === undefined || sampleWeight[i] > 0) idx.push(i);
    if (idx.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'every calibration row has weight 0');
    idx.sort((i, j) => pd[i] - pd[j] || y[i] - y[j]);
    // Merge equal PDs (scikit-learn's _make_unique: within float64 resolution of the group's first PD).
    const xs: number[] = [];
    const ys: number[] = [];
    const ws: number[] = [];
    let start = NaN;
    for (const i of idx) {
      const x = pd[i];
      const wi = sampleWeight ? sampleWeight[i] : 1;
      if (xs.length === 0 || x >= start + 1e-15) {
        start = x;
        xs.push(x);
        ys.push(wi * y[i]);
        ws.push(wi);
      } else {
        ys[ys.length - 1] += wi * y[i];
        ws[ws.length - 1] += wi;
      }
    }
    let totalWeight = 0;
    for (let k = 0; k < ys.length; k++) {
      totalWeight += ws[k];
      ys[k] /= ws[k];
    }
    const fitted = poolAdjacentViolators(ys, ws);
    const eps = isotonicPdBound(totalWeight);
    for (let k = 0; k < fitted.length; k++) fitted[k] = Math.min(Math.max(fitted[k], eps), 1 - eps);
    // Keep the ends of every flat run: interpolation gives the same values.
    const keptX: number[] = [];
    const keptY: number[] = [];
    for (let k = 0; k < xs.length; k++) {
      const inner = k > 0 && k < xs.length - 1;
      if (inner && fitted[k] === fitted[k - 1] && fitted[k] === fitted[k + 1]) continue;
      keptX.push(xs[k]);
      keptY.push(fitted[k]);
    }
    this.thresholds = Float64Array.from(keptX);
    this.values = Float64Array.from(keptY);
    return this;
  }

  transform(pd: ArrayLike<number>): Float64Array {
    const xs = this.thresholds;
    const vs = this.values;
    if (xs.length === 0) throw new CreditkitError('E_NOT_FITTED', 'the calibrator is not fitted: call fit() or fromJSON()');
    const last = xs.length - 1;
    const out = new Float64Array(pd.length);
    for (let i = 0; i < pd.length; i++) {
      const x = checkPd(pd[i], i);
      if (x <= xs[0]) out[i] = vs[0];
      else if (x >= xs[last]) out[i] = vs[last];
      else {
        // Largest k with xs[k] <= x, by bisection.
        let lo = 0;
        let hi = last;
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (xs[mid] <= x) lo = mid;
          else hi = mid;
        }
        const slope = (vs[hi] - vs[lo]) / (xs[hi] - xs[lo]);
        out[i] = slope * (x - xs[lo]) + vs[lo];
      }
    }
    return out;
  }

  toJSON(): CalibratorJSON {
    if (this.thresholds.length === 0) throw new CreditkitError('E_NOT_FITTED', 'the calibrator is not fitted');
    return {
      format: 'creditkit-calibrator', name: 'IsotonicCalibrator', version: 1,
      thresholds: Array.from(this.thresholds), values: Array.from(this.values),
    };
  }

  static fromJSON(json: unknown): IsotonicCalibrator {
    const o = envelope(json, 'IsotonicCalibrator');
    const xs = finiteArrayAt(o.thresholds, 'thresholds');
    const vs = finiteArrayAt(o.values, 'values');
    if (xs.length === 0) fail('needs at least one point', 'thresholds');
    if (vs.length !== xs.length) fail(`has ${vs.length} values for ${xs.length} thresholds`, 'values');
    for (let k = 1; k < xs.length; k++) {
      if (!(xs[k] > xs[k - 1])) fail('must be strictly increasing', `thresholds[${k}]`);
      if (!(vs[k] >= vs[k - 1])) fail('must be non-decreasing', `values[${k}]`);
    }
    vs.forEach((v, k) => {
      if (!(v >= 0 && v <= 1)) fail(`must be a PD in [0, 1], got ${v}`, `values[${k}]`);
    });
    const c = new IsotonicCalibrator();
    c.thresholds = Float64Array.from(xs);
    c.values = Float64Array.from(vs);
    return c;
  }
}

/** A new unfitted calibrator by method name. */
export function createCalibrator(method: string): Calibrator {
  if (method === 'platt') return new PlattCalibrator();
  if (method === 'isotonic') return new IsotonicCalibrator();
  throw new CreditkitError('E_OPTION', `unknown calibration method ${JSON.stringify(method)} (known: platt, isotonic)`);
}

/** Rebuilds a calibrator from its `toJSON()` output (object or JSON text), validated. */
export function loadCalibrator(json: unknown): Calibrator {
  let obj = json;
  if (typeof json === 'string') {
    try {
      obj = JSON.parse(json);
    } catch (e) {
      fail(`not valid JSON: ${(e as Error).message}`);
    }
  }
  const name = (obj as { name?: unknown } | null)?.name;
  if (name === 'PlattCalibrator') return PlattCalibrator.fromJSON(obj);
  if (name === 'IsotonicCalibrator') return IsotonicCalibrator.fromJSON(obj);
  return fail(`unknown calibrator ${JSON.stringify(name)} (known: PlattCalibrator, IsotonicCalibrator)`, 'name');
}

/**
 * Weighted least-squares non-decreasing fit of `y` (pool adjacent violators):
 * blocks are merged while a block's mean exceeds the next one's.
 */
export function poolAdjacentViolators(y: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const n = y.length;
  const mean = new Float64Array(n);
  const weight = new Float64Array(n);
  const end = new Int32Array(n); // exclusive end index of each block
  let blocks = 0;
  for (let i = 0; i < n; i++) {
    mean[blocks] = y[i];
    weight[blocks] = w[i];
    end[blocks] = i + 1;
    blocks++;
    while (blocks > 1 && mean[blocks - 2] > mean[blocks - 1]) {
      const a = blocks - 2;
      const b = blocks - 1;
      const total = weight[a] + weight[b];
      mean[a] = (weight[a] * mean[a] + weight[b] * mean[b]) / total;
      weight[a] = total;
      end[a] = end[b];
      blocks--;
    }
  }
  const out = new Float64Array(n);
  let from = 0;
  for (let k = 0; k < blocks; k++) {
    out.fill(mean[k], from, end[k]);
    from = end[k];
  }
  return out;
}

function plattInputs(pd: ArrayLike<number>, y: ArrayLike<number>, sampleWeight?: ArrayLike<number>): { f: Float64Array; t: Float64Array; w: Float64Array } {
  checkScored(y, pd, sampleWeight);
  const n = pd.length;
  const f = new Float64Array(n);
  const w = new Float64Array(n);
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < n; i++) {
    f[i] = logOdds(checkPd(pd[i], i));
    w[i] = sampleWeight ? sampleWeight[i] : 1;
    if (y[i] === 1) pos += w[i];
    else neg += w[i];
  }
  if (pos <= 0 || neg <= 0) throw new CreditkitError('E_SINGLE_CLASS', 'calibration needs defaulters and non-defaulters (with positive weight)');
  return { f, t: plattTargets(y, pos, neg), w };
}

function logOdds(pd: number): number {
  const p = Math.min(Math.max(pd, PLATT_PD_EPSILON), 1 - PLATT_PD_EPSILON);
  return log(p / (1 - p));
}

function checkPd(pd: number, row: number): number {
  if (!(pd >= 0 && pd <= 1)) throw new CreditkitError('E_NONFINITE', `a PD must be in [0, 1], got ${pd}`, { row });
  return pd;
}

function fail(message: string, path?: string): never {
  throw new CreditkitError('E_MODEL_FORMAT', message, path === undefined ? {} : { path });
}

function envelope(json: unknown, name: string): Record<string, unknown> {
  if (!isJsonObject(json)) fail('a calibrator must be a JSON object');
  const o = json as Record<string, unknown>;
  if (o.format !== 'creditkit-calibrator') fail('not a creditkit calibrator (missing "format": "creditkit-calibrator")', 'format');
  if (o.name !== name) fail(`expected a ${name}, found ${JSON.stringify(o.name)}`, 'name');
  if (o.version !== 1) fail(`unsupported calibrator version ${JSON.stringify(o.version)}`, 'version');
  return o;
}

function finiteAt(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail('must be a finite number', path);
  return v as number;
}

function finiteArrayAt(v: unknown, path: string): number[] {
  if (!Array.isArray(v)) fail('must be an array of numbers', path);
  (v as unknown[]).forEach((x, k) => finiteAt(x, `${path}[${k}]`));
  return v as number[];
}
