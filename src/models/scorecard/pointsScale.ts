import { CreditkitError } from '../../errors.js';
import { exp, log } from '../../math/deterministic.js';

/**
 * Points scaling of a credit scorecard.
 *
 * Convention (Siddiqi's): odds are good:bad, (1 − PD)/PD, and the score rises
 * as risk falls —
 *
 *     score  = offset + factor · ln(odds) = offset − factor · ln(PD / (1 − PD))
 *     factor = pdo / ln 2
 *     offset = basePoints − factor · ln(baseOdds)
 *
 * so a borrower at `baseOdds` scores `basePoints`, and every `pdo` points
 * double the odds (halve the bad:good odds). The defaults 600 points at 50:1
 * with 20 points to double the odds give factor 28.85 and offset 487.12.
 */
export interface ScalingOptions {
  /** Points to double the odds (default 20). */
  pdo: number;
  /** Good:bad odds that score `basePoints` (default 50, i.e. PD 1/51). */
  baseOdds: number;
  /** Score at `baseOdds` (default 600). */
  basePoints: number;
  /** Round scores to whole points (default false). */
  round: boolean;
}

export const SCALING_DEFAULTS: ScalingOptions = { pdo: 20, baseOdds: 50, basePoints: 600, round: false };

/** PDs are kept this far inside (0, 1) so that every score is finite. */
export const SCORE_PD_EPSILON = 1e-15;

export class PointsScale {
  readonly options: ScalingOptions;
  readonly factor: number;
  readonly offset: number;

  constructor(options: Partial<ScalingOptions> = {}) {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    const o: ScalingOptions = { ...SCALING_DEFAULTS, ...given };
    for (const key of ['pdo', 'baseOdds', 'basePoints'] as const) {
      if (typeof o[key] !== 'number' || !Number.isFinite(o[key])) throw new CreditkitError('E_OPTION', `${key} must be a finite number, got ${o[key]}`);
    }
    if (!(o.pdo > 0)) throw new CreditkitError('E_OPTION', `pdo must be > 0, got ${o.pdo}`);
    if (!(o.baseOdds > 0)) throw new CreditkitError('E_OPTION', `baseOdds must be > 0 (good:bad), got ${o.baseOdds}`);
    if (typeof o.round !== 'boolean') throw new CreditkitError('E_OPTION', 'round must be true or false');
    this.options = o;
    this.factor = o.pdo / Math.LN2;
    this.offset = o.basePoints - this.factor * log(o.baseOdds);
  }

  /** The score of one PD (rounded when `round` is set). */
  score(pd: number): number {
    if (!(pd >= 0 && pd <= 1)) throw new CreditkitError('E_OPTION', `a PD must be in [0, 1], got ${pd}`);
    const p = Math.min(Math.max(pd, SCORE_PD_EPSILON), 1 - SCORE_PD_EPSILON);
    const s = this.offset - this.factor * log(p / (1 - p));
    return this.options.round ? Math.round(s) : s;
  }

  /** Scores of many PDs; a PD outside [0, 1] is an error naming its row. */
  scores(pd: ArrayLike<number>): Float64Array {
    const out = new Float64Array(pd.length);
    for (let i = 0; i < pd.length; i++) {
      if (!(pd[i] >= 0 && pd[i] <= 1)) throw new CreditkitError('E_NONFINITE', `a PD must be in [0, 1], got ${pd[i]}`, { row: i });
      out[i] = this.score(pd[i]);
    }
    return out;
  }

  /** The PD a score stands for (the inverse of `score`, before rounding). */
  pd(score: number): number {
    if (!Number.isFinite(score)) throw new CreditkitError('E_OPTION', `a score must be finite, got ${score}`);
    return 1 / (1 + exp((score - this.offset) / this.factor));
  }

  /** Good:bad odds at a score. */
  odds(score: number): number {
    return exp((score - this.offset) / this.factor);
  }
}
