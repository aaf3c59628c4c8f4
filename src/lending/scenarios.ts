import { Random } from '../random.js';
import { normalQuantile } from '../stats/normal.js';
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

export function drawDefaultScenarios(
  pds: ArrayLike<number>, count: number, correlation: number, seed: number,
  sectors?: readonly (string | undefined)[], sectorCorrelation = 0,
): DefaultScenarios {
  const rng = new Random(seed);
  const n = pds.length;
  const thresholds = Float64Array.from({ length: n }, (_, i) => normalQuantile(pds[i]));
  const a = Math.sqrt(correlation);
  const b = Math.sqrt(1 - correlation);
  // With sector factors (drawn after Z, one per sector in name order); without them the draw is the one-factor one.
  const names = sectorCorrelation > 0 && sectors ? [...new Set(sectors.filter((x): x is string => x !== undefined))].sort() : [];
  const index = new Map(names.map((x, g) => [x, g]));
  const group = Int32Array.from({ length: n }, (_, i) => (names.length > 0 && sectors![i] !== undefined ? index.get(sectors![i]!)! : -1));
  const as = Math.sqrt(sectorCorrelation);
  const bIn = Math.sqrt(Math.max(0, 1 - correlation - sectorCorrelation));
  const factors = new Float64Array(names.length);
  const starts = new Uint32Array(count + 1);
  const members: number[] = [];
  const normal = standardNormals(rng);
  for (let s = 0; s < count; s++) {
    const z = normal();
    for (let g = 0; g < factors.length; g++) factors[g] = as * normal();
    for (let i = 0; i < n; i++) {
      const g = group[i];
      const x = g < 0 ? a * z + b * normal() : a * z + factors[g] + bIn * normal();
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

const scenarioCache = new WeakMap<NormalizedProblem, { scenarios: DefaultScenarios; applicants: number[] }>();

/** The tail-risk scenarios of a problem (the same draw the optimizer constrains), over its eligible applicants. */
export function problemScenarios(np: NormalizedProblem): { scenarios: DefaultScenarios; applicants: number[] } {
  let s = scenarioCache.get(np);
  if (!s) {
    const applicants = np.applicants.filter((a) => a.excluded === undefined).map((a) => a.index);
    const { scenarios, correlation, seed, sectorCorrelation } = np.tailRisk;
    const pds = applicants.map((i) => np.applicants[i].pd);
    const sectors = applicants.map((i) => np.applicants[i].sector);
    s = { scenarios: drawDefaultScenarios(pds, scenarios, correlation, seed, sectors, sectorCorrelation), applicants };
    scenarioCache.set(np, s);
  }
  return s;
}
