import { CreditkitError } from '../errors.js';
import { Random } from '../random.js';
import { normalQuantile } from '../stats/normal.js';
import { standardNormals } from './scenarios.js';

/** One loan of a portfolio: its PD and what a default of it loses (LGD · EAD, currency units). */
export interface PortfolioLoan {
  pd: number;
  lossAtDefault: number;
  /** Sector, for the sector factor (loans without one load on the systematic factor only). */
  sector?: string | null;
}

export interface LossSimulationOptions {
  /** Loading ρ on the systematic factor Z (default 0.15, as `tailRisk.correlation`). */
  correlation?: number;
  /** Loading ρ_s on the loan's sector factor Z_s (default 0): loans of one sector correlate at ρ + ρ_s, of different sectors at ρ. */
  sectorCorrelation?: number;
  /** Seed of the scenario draw (default 0). */
  seed?: number;
  /** Confidence levels of VaR and CVaR (default [0.99, 0.999]). */
  levels?: readonly number[];
  /** Coverage of the confidence intervals (default 0.95). */
  confidence?: number;
  /** A fixed number of scenarios; without it the count follows `precision`. */
  scenarios?: number;
  /** Target relative half-width of the CVaR interval at the highest level (default 0.02), reached by drawing more scenarios. */
  precision?: number;
  /** Most scenarios `precision` may draw (default 2,000,000). */
  maxScenarios?: number;
}

export interface TailEstimate {
  alpha: number;
  /** VaR_α: the ⌈Nα⌉-th smallest scenario loss. */
  var: number;
  /** Distribution-free interval from order statistics (the count of losses below VaR_α is binomial). */
  varInterval: [number, number];
  /** CVaR_α = VaR_α + mean((L − VaR_α)⁺) / (1 − α), the Rockafellar–Uryasev minimum. */
  cvar: number;
  /** Asymptotic interval: CVaR ± z · sd((L − VaR_α)⁺) / ((1 − α)·√N). */
  cvarInterval: [number, number];
}

export interface LossDistribution {
  scenarios: number;
  seed: number;
  correlation: number;
  sectorCorrelation: number;
  confidence: number;
  /** Mean scenario loss (the simulated expected loss) and Σ PD · lossAtDefault (its exact value). */
  meanLoss: number;
  expectedLoss: number;
  levels: TailEstimate[];
  /** Achieved relative half-width of the CVaR interval at the highest level, and whether it met `precision` (true with fixed `scenarios`). */
  relativeHalfWidth: number;
  precisionMet: boolean;
}

export const LOSS_SIMULATION_DEFAULTS = {
  correlation: 0.15, sectorCorrelation: 0, seed: 0, levels: [0.99, 0.999] as readonly number[], confidence: 0.95,
  precision: 0.02, maxScenarios: 2_000_000,
};
const FIRST_ROUND = 20_000;

/**
 * The portfolio loss distribution by simulation of the one-factor Gaussian
 * copula (Vasicek), optionally with a factor per sector: loan i defaults in a
 * scenario when √ρ·Z + √ρ_s·Z_sector(i) + √(1 − ρ − ρ_s)·ε_i < Φ⁻¹(PD_i), all
 * standard normal and independent; the scenario loses Σ lossAtDefault of the
 * loans that default. Seeded; a larger count extends the same draw, so the
 * first N scenarios never depend on how many follow.
 *
 * Intervals (Hong, Hu & Liu 2014, "Monte Carlo methods for value-at-risk and
 * conditional value-at-risk: a review"): for VaR the order statistics at
 * Nα ∓ z·√(Nα(1 − α)); for CVaR the normal interval with the asymptotic
 * variance Var((L − VaR)⁺) / (N·(1 − α)²).
 */
export function simulatePortfolioLoss(loans: readonly PortfolioLoan[], options: LossSimulationOptions = {}): LossDistribution {
  const o = checkOptions(options);
  loans.forEach((l, i) => {
    if (!(l.pd >= 0 && l.pd <= 1)) throw new CreditkitError('E_PROBLEM', `must be in [0, 1] (got ${l.pd})`, { path: `loans[${i}].pd` });
    if (!(l.lossAtDefault >= 0 && Number.isFinite(l.lossAtDefault))) throw new CreditkitError('E_PROBLEM', `must be a finite number ≥ 0 (got ${l.lossAtDefault})`, { path: `loans[${i}].lossAtDefault` });
  });
  const draw = scenarioDrawer(loans, o.correlation, o.sectorCorrelation, o.seed);
  const zc = normalQuantile(1 - (1 - o.confidence) / 2);
  const top = Math.max(...o.levels);
  let losses: Float64Array = new Float64Array(0);
  let target = o.scenarios ?? Math.min(FIRST_ROUND, o.maxScenarios);
  for (;;) {
    losses = draw(losses, target);
    const est = estimateTail(losses, top, zc);
    const half = est.cvar > 0 ? (est.cvarInterval[1] - est.cvar) / est.cvar : 0;
    if (o.scenarios !== undefined || half <= o.precision || losses.length >= o.maxScenarios) {
      let sum = 0;
      for (let s = 0; s < losses.length; s++) sum += losses[s];
      return {
        scenarios: losses.length, seed: o.seed, correlation: o.correlation, sectorCorrelation: o.sectorCorrelation,
        confidence: o.confidence,
        meanLoss: sum / losses.length,
        expectedLoss: loans.reduce((s, l) => s + l.pd * l.lossAtDefault, 0),
        levels: o.levels.map((a) => estimateTail(losses, a, zc)),
        relativeHalfWidth: half,
        precisionMet: o.scenarios !== undefined || half <= o.precision,
      };
    }
    // The half-width shrinks as 1/√N: aim 10% past the count that should meet the target.
    target = Math.min(o.maxScenarios, Math.max(2 * losses.length, Math.ceil(1.1 * losses.length * (half / o.precision) ** 2)));
  }
}

/** VaR and CVaR at α with their intervals (zc = the normal quantile of the interval's coverage). */
export function estimateTail(losses: Float64Array, alpha: number, zc: number): TailEstimate {
  const n = losses.length;
  const sorted = Float64Array.from(losses).sort();
  const at = (k: number): number => sorted[Math.min(n, Math.max(1, k)) - 1];
  const k = Math.ceil(n * alpha - 1e-9);
  const v = at(k);
  const spread = zc * Math.sqrt(n * alpha * (1 - alpha));
  let sum = 0;
  let sumSq = 0;
  for (let s = k; s < n; s++) {
    const e = sorted[s] - v;
    sum += e;
    sumSq += e * e;
  }
  const mean = sum / n;
  const variance = Math.max(0, sumSq / n - mean * mean) * (n / Math.max(1, n - 1));
  const cvar = v + mean / (1 - alpha);
  const half = (zc * Math.sqrt(variance / n)) / (1 - alpha);
  return {
    alpha, var: v, varInterval: [at(Math.floor(n * alpha - spread)), at(Math.ceil(n * alpha + spread))],
    cvar, cvarInterval: [cvar - half, cvar + half],
  };
}

/** A function that extends a loss array to `count` scenarios, continuing one seeded stream. */
function scenarioDrawer(loans: readonly PortfolioLoan[], rho: number, rhoSector: number, seed: number): (prev: Float64Array, count: number) => Float64Array {
  const live = loans.filter((l) => l.pd > 0 && l.lossAtDefault > 0);
  const sectors = [...new Set(live.map((l) => l.sector ?? null).filter((s): s is string => s !== null))].sort();
  const sectorIndex = new Map(sectors.map((s, g) => [s, g]));
  const n = live.length;
  const thresholds = Float64Array.from(live, (l) => normalQuantile(l.pd));
  const lossOf = Float64Array.from(live, (l) => l.lossAtDefault);
  const group = Int32Array.from(live, (l) => (l.sector == null || rhoSector === 0 ? -1 : sectorIndex.get(l.sector)!));
  const a = Math.sqrt(rho);
  const as = Math.sqrt(rhoSector);
  const bIn = Math.sqrt(1 - rho - rhoSector);
  const bOut = Math.sqrt(1 - rho);
  const normal = standardNormals(new Random(seed));
  const factors = new Float64Array(sectors.length);
  return (prev, count) => {
    const out = new Float64Array(count);
    out.set(prev.subarray(0, Math.min(prev.length, count)));
    for (let s = prev.length; s < count; s++) {
      const z = a * normal();
      if (rhoSector > 0) for (let g = 0; g < factors.length; g++) factors[g] = as * normal();
      let loss = 0;
      for (let i = 0; i < n; i++) {
        const g = group[i];
        const x = g < 0 ? z + bOut * normal() : z + factors[g] + bIn * normal();
        if (x < thresholds[i]) loss += lossOf[i];
      }
      out[s] = loss;
    }
    return out;
  };
}

function checkOptions(options: LossSimulationOptions): Required<Omit<LossSimulationOptions, 'scenarios'>> & { scenarios?: number } {
  const d = LOSS_SIMULATION_DEFAULTS;
  const bad = (field: string, rule: string, v: unknown): never => {
    throw new CreditkitError('E_OPTION', `${field} must be ${rule} (got ${JSON.stringify(v)})`);
  };
  const correlation = options.correlation ?? d.correlation;
  const sectorCorrelation = options.sectorCorrelation ?? d.sectorCorrelation;
  if (!(correlation >= 0 && correlation < 1)) bad('correlation', 'in [0, 1)', correlation);
  if (!(sectorCorrelation >= 0 && correlation + sectorCorrelation < 1)) bad('sectorCorrelation', 'in [0, 1 − correlation)', sectorCorrelation);
  const seed = options.seed ?? d.seed;
  if (!Number.isInteger(seed)) bad('seed', 'an integer', seed);
  const levels = options.levels ?? d.levels;
  if (!Array.isArray(levels) || levels.length === 0 || !levels.every((a) => a > 0 && a < 1)) bad('levels', 'a non-empty list of levels in (0, 1)', levels);
  const confidence = options.confidence ?? d.confidence;
  if (!(confidence > 0 && confidence < 1)) bad('confidence', 'in (0, 1)', confidence);
  const precision = options.precision ?? d.precision;
  if (!(precision > 0 && Number.isFinite(precision))) bad('precision', 'a positive number', precision);
  const maxScenarios = options.maxScenarios ?? d.maxScenarios;
  if (!(Number.isInteger(maxScenarios) && maxScenarios >= 1)) bad('maxScenarios', 'a whole number ≥ 1', maxScenarios);
  const scenarios = options.scenarios;
  if (scenarios !== undefined && !(Number.isInteger(scenarios) && scenarios >= 1 && scenarios <= 50_000_000)) bad('scenarios', 'a whole number in 1..50,000,000', scenarios);
  return { correlation, sectorCorrelation, seed, levels, confidence, precision, maxScenarios, ...(scenarios !== undefined ? { scenarios } : {}) };
}

/** The loans of a strategy (its decisions): PD and loss at default LGD · EAD, sector. */
export function strategyLoans(decisions: readonly { decision: string; pd: number; lgd: number; ead: number; sector: string | null }[]): PortfolioLoan[] {
  return decisions.filter((d) => d.decision === 'lend').map((d) => ({ pd: d.pd, lossAtDefault: d.lgd * d.ead, sector: d.sector }));
}
