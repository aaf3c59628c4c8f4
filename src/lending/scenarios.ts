import { Random } from '../random.js';
import type { NormalizedProblem } from './problem.js';

/**
 * Default scenarios from a one-factor Gaussian copula (Vasicek): in scenario s
 * applicant i defaults when √ρ·Z_s + √(1−ρ)·ε_is < Φ⁻¹(PD_i), with Z_s and ε_is
 * independent standard normals. Each applicant still defaults with
 * probability PD_i; ρ > 0 makes defaults cluster in bad scenarios, which is
 * what CVaR measures. Seeded: the same inputs give the same scenarios.
 */
export interface DefaultScenarios {
  count: number;
  /** CSR layout: the applicants (positions in the `pds` array) that default in scenario s are `members[starts[s] .. starts[s+1])`. */
  starts: Uint32Array;
  members: Uint32Array;
}

export function drawDefaultScenarios(pds: ArrayLike<number>, count: number, correlation: number, seed: number): DefaultScenarios {
  const rng = new Random(seed);
  const n = pds.length;
  const thresholds = Float64Array.from({ length: n }, (_, i) => normalQuantile(pds[i]));
  const a = Math.sqrt(correlation);
  const b = Math.sqrt(1 - correlation);
  const starts = new Uint32Array(count + 1);
  const members: number[] = [];
  const normal = standardNormals(rng);
  for (let s = 0; s < count; s++) {
    const z = normal();
    for (let i = 0; i < n; i++) {
      const x = a * z + b * normal();
      if (x < thresholds[i]) members.push(i);
    }
    starts[s + 1] = members.length;
  }
  return { count, starts, members: Uint32Array.from(members) };
}

/** Standard normal draws (Box–Muller, both values used). */
export function standardNormals(rng: Random): () => number {
  let spare = NaN;
  return () => {
    if (spare === spare) {
      const v = spare;
      spare = NaN;
      return v;
    }
    let u = 0;
    while (u === 0) u = rng.next();
    const v = rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/**
 * Φ⁻¹(p), the standard normal quantile: Acklam's rational approximation
 * (relative error below 1.2e-9). Φ⁻¹(0) = −∞ and
 * Φ⁻¹(1) = +∞, so PD 0 never defaults and PD 1 always does.
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

const scenarioCache = new WeakMap<NormalizedProblem, { scenarios: DefaultScenarios; applicants: number[] }>();

/** The tail-risk scenarios of a problem (the same draw the optimizer constrains), over its eligible applicants. */
export function problemScenarios(np: NormalizedProblem): { scenarios: DefaultScenarios; applicants: number[] } {
  let s = scenarioCache.get(np);
  if (!s) {
    const applicants = np.applicants.filter((a) => a.excluded === undefined).map((a) => a.index);
    const { scenarios, correlation, seed } = np.tailRisk;
    s = { scenarios: drawDefaultScenarios(applicants.map((i) => np.applicants[i].pd), scenarios, correlation, seed), applicants };
    scenarioCache.set(np, s);
  }
  return s;
}
