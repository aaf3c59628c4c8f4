import { CreditkitError } from '../errors.js';
import { Random } from '../random.js';
import type { LoanDecision } from './evaluate.js';
import { simulatePortfolioLoss, strategyLoans, type TailEstimate } from './lossDistribution.js';
import type { NormalizedProblem } from './problem.js';

/** How the chosen strategy's CVaR is re-measured on scenarios the optimizer never saw. */
export interface OutOfSampleOptions {
  /** Fresh scenarios (default 100,000). */
  scenarios?: number;
  /** Seed of the fresh draw (default: derived from `tailRisk.seed`, never equal to it). */
  seed?: number;
  /** Coverage of the intervals (default 0.95). */
  confidence?: number;
}

/**
 * A CVaR limit checked out of sample: the optimizer holds CVaR under the cap
 * on its own `tailRisk.scenarios`, which it can fit; the same strategy on a
 * fresh draw of the same model shows what the cap is really worth.
 */
export interface TailRiskCheck {
  /** The problem's CVaR level (`tailRisk.alpha`) and cap (null without `limits.cvar`/`cvarShare`). */
  alpha: number;
  cap: number | null;
  inSample: { scenarios: number; seed: number; cvar: number };
  outOfSample: { scenarios: number; seed: number; confidence: number } & TailEstimate;
  /** VaR and CVaR at 99% and 99.9% on the fresh scenarios. */
  levels: TailEstimate[];
  /** The fresh-scenario CVaR exceeds the cap (beyond 1e-6 relative). */
  breached: boolean;
  /** Even the interval's lower end exceeds the cap: the breach is not sampling noise. */
  breachCertain: boolean;
}

export const OUT_OF_SAMPLE_DEFAULTS = { scenarios: 100_000, confidence: 0.95 };

/** The default seed of the fresh scenarios: a function of the in-sample seed that never returns it. */
export function freshSeed(seed: number): number {
  const s = new Random(seed ^ 0x7a11c0de).nextU32();
  return s === seed ? (s + 1) >>> 0 : s;
}

/** Re-measures a strategy's CVaR (at the problem's α, and at 99% / 99.9%) on fresh scenarios of the problem's tail-risk model. */
export function checkTailRisk(np: NormalizedProblem, decisions: readonly LoanDecision[], inSampleCvar: number, options: OutOfSampleOptions = {}): TailRiskCheck {
  const scenarios = options.scenarios ?? OUT_OF_SAMPLE_DEFAULTS.scenarios;
  if (!(Number.isInteger(scenarios) && scenarios >= 1000 && scenarios <= 50_000_000)) {
    throw new CreditkitError('E_OPTION', `outOfSample.scenarios must be a whole number in 1,000..50,000,000 (got ${scenarios})`);
  }
  const seed = options.seed ?? freshSeed(np.tailRisk.seed);
  if (!Number.isInteger(seed)) throw new CreditkitError('E_OPTION', `outOfSample.seed must be an integer (got ${seed})`);
  const confidence = options.confidence ?? OUT_OF_SAMPLE_DEFAULTS.confidence;
  const alpha = np.tailRisk.alpha;
  const d = simulatePortfolioLoss(strategyLoans(decisions), {
    correlation: np.tailRisk.correlation, sectorCorrelation: np.tailRisk.sectorCorrelation, seed, scenarios, confidence, levels: [alpha, 0.99, 0.999],
  });
  const [atAlpha, ...levels] = d.levels;
  const cap = np.cvarCap ?? null;
  const tol = cap === null ? 0 : 1e-6 * Math.max(1, cap);
  return {
    alpha, cap,
    inSample: { scenarios: np.tailRisk.scenarios, seed: np.tailRisk.seed, cvar: inSampleCvar },
    outOfSample: { scenarios, seed, confidence, ...atAlpha },
    levels,
    breached: cap !== null && atAlpha.cvar > cap + tol,
    breachCertain: cap !== null && atAlpha.cvarInterval[0] > cap + tol,
  };
}
