import { CreditkitError, type ErrorLocation } from '../errors.js';
import type { RatingObservation, RatingPanel } from './ratingPanel.js';

/** Most states a migration matrix may have (a k × k matrix; more usually means the wrong column was read as the rating). */
export const MAX_RATINGS = 256;

/** How `migrationMatrix` reads a panel. */
export interface MigrationOptions {
  /**
   * The ratings, best first, the default state included. A rating in the
   * panel but not here is E_RATING_UNKNOWN. Without it: the ratings seen,
   * in text order, the default last.
   */
  order?: readonly string[];
  /** The default state's label, absorbing (default `'D'`). */
  defaultRating?: string;
  /**
   * An id observed in periods t and t + k, k > 1, but not in between:
   * `'error'` (default) is E_PANEL_GAP naming both lines; `'skip'` counts no
   * transition across the gap (as for an id that leaves the panel).
   */
  gaps?: 'error' | 'skip';
}

/** A one-period rating transition matrix estimated by the cohort method. */
export interface MigrationMatrix {
  /** Row and column labels, in order; the default state is among them. */
  ratings: string[];
  defaultRating: string;
  /** counts[i][j]: obligors rated ratings[i] at the start of a period and ratings[j] at its end, over all periods. */
  counts: number[][];
  /** totals[i] = Σ_j counts[i][j] (0 for the default row: it is absorbing, transitions out of it are not counted). */
  totals: number[];
  /** counts[i][j] / totals[i]; the default row is the unit row; null for a row with no observation. */
  probabilities: (number | null)[][];
  /** First and last period in the panel. */
  periods: { first: number; last: number };
  /** Observations read, distinct ids, transitions counted. */
  observations: number;
  ids: number;
  transitions: number;
  /** Observations after an id's default (ignored: default is absorbing). */
  ignoredAfterDefault: number;
  /** Gaps skipped (only with `gaps: 'skip'`). */
  gapsSkipped: number;
}

/**
 * The one-period migration matrix of a rating panel by the cohort method:
 * for every period t, each obligor rated i at t and observed at t + 1
 * (rated j) adds one to counts[i][j]; P[i][j] = counts[i][j] / Σ_j counts[i][j]
 * pooled over all periods. An obligor not observed at t + 1 (it left the
 * panel, or its rating was withdrawn) adds nothing for t. The default state is
 * absorbing: its row is the unit row, and an obligor's observations after its
 * first default are ignored (counted in `ignoredAfterDefault`).
 *
 * Errors name the file line (and the column) of the observation:
 * E_RATING_UNKNOWN for a rating not in `order`, E_PANEL_DUPLICATE for a
 * second rating of the same (id, period) (with the first one's line),
 * E_PANEL_GAP for a missing period between two observed ones. E_EMPTY_DATA
 * when no transition is left to count; E_OPTION for a bad `order` or more
 * than MAX_RATINGS ratings.
 */
export function migrationMatrix(panel: RatingPanel | readonly RatingObservation[], options: MigrationOptions = {}): MigrationMatrix {
  const observations = Array.isArray(panel) ? (panel as readonly RatingObservation[]) : (panel as RatingPanel).observations;
  const file = Array.isArray(panel) ? undefined : (panel as RatingPanel).file;
  const columns = Array.isArray(panel) ? { id: 'id', period: 'period', rating: 'rating' } : (panel as RatingPanel).columns;
  const where = (i: number, column: string): ErrorLocation => {
    const o = observations[i];
    return o.line !== undefined ? { file, line: o.line, column } : { row: i, column };
  };
  if (observations.length === 0) throw new CreditkitError('E_EMPTY_DATA', 'a rating panel needs at least one observation', { file });

  const defaultRating = options.defaultRating ?? 'D';
  if (defaultRating === '') throw new CreditkitError('E_OPTION', 'the default rating must not be empty');
  const ratings = ratingOrder(observations, defaultRating, options.order);
  if (ratings.length > MAX_RATINGS) {
    throw new CreditkitError('E_OPTION', `a migration matrix has at most ${MAX_RATINGS} ratings, this one ${ratings.length} (is the rating column the right one?)`, { file, column: columns.rating });
  }
  const index = new Map(ratings.map((r, i) => [r, i]));
  for (let i = 0; i < observations.length; i++) {
    if (!index.has(observations[i].rating)) {
      throw new CreditkitError('E_RATING_UNKNOWN',
        `rating ${JSON.stringify(observations[i].rating)} is not in the rating order (${ratings.join(', ')})`, where(i, columns.rating));
    }
  }
  const d = index.get(defaultRating)!;
  const k = ratings.length;
  const counts = ratings.map(() => new Array<number>(k).fill(0));
  let transitions = 0;
  let ignoredAfterDefault = 0;
  let gapsSkipped = 0;
  let first = Infinity;
  let last = -Infinity;

  const byId = new Map<string, number[]>();
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i];
    first = Math.min(first, o.period);
    last = Math.max(last, o.period);
    let list = byId.get(o.id);
    if (!list) byId.set(o.id, (list = []));
    list.push(i);
  }
  for (const [id, list] of byId) {
    list.sort((a, b) => observations[a].period - observations[b].period || a - b);
    for (let n = 1; n < list.length; n++) {
      const prev = observations[list[n - 1]];
      if (observations[list[n]].period === prev.period) {
        const seenAt = prev.line !== undefined ? `line ${prev.line}` : `row ${list[n - 1]}`;
        throw new CreditkitError('E_PANEL_DUPLICATE',
          `id ${JSON.stringify(id)} has a second rating for period ${prev.period} (the first is on ${seenAt})`, where(list[n], columns.period));
      }
    }
    let defaulted = false;
    for (let n = 0; n < list.length; n++) {
      const o = observations[list[n]];
      if (defaulted) {
        ignoredAfterDefault++;
        continue;
      }
      if (n > 0) {
        const prev = observations[list[n - 1]];
        const step = o.period - prev.period;
        if (step === 1) {
          counts[index.get(prev.rating)!][index.get(o.rating)!]++;
          transitions++;
        } else if (options.gaps === 'skip') {
          gapsSkipped++;
        } else {
          const prevAt = prev.line !== undefined ? `line ${prev.line}` : `row ${list[n - 1]}`;
          throw new CreditkitError('E_PANEL_GAP',
            `id ${JSON.stringify(id)} has no rating for period${step > 2 ? 's' : ''} ${prev.period + 1}${step > 2 ? `–${o.period - 1}` : ''} ` +
            `between period ${prev.period} (${prevAt}) and ${o.period} (set gaps to 'skip', --gaps skip, to count no transition across it)`,
            where(list[n], columns.period));
        }
      }
      if (o.rating === defaultRating) defaulted = true;
    }
  }
  if (transitions === 0) {
    throw new CreditkitError('E_EMPTY_DATA', 'no obligor is rated in two consecutive periods: the panel has no transition to count', { file });
  }
  // Transitions out of default are never counted (observations after a default are ignored), so the default row is the unit row.
  const totals = counts.map((row) => row.reduce((s, c) => s + c, 0));
  const probabilities = counts.map((row, i) => {
    if (i === d) return row.map((_, j) => (j === d ? 1 : 0));
    return totals[i] === 0 ? row.map(() => null) : row.map((c) => c / totals[i]);
  });
  return {
    ratings, defaultRating, counts, totals, probabilities, periods: { first, last },
    observations: observations.length, ids: byId.size, transitions, ignoredAfterDefault, gapsSkipped,
  };
}

function ratingOrder(observations: readonly RatingObservation[], defaultRating: string, order: readonly string[] | undefined): string[] {
  if (order !== undefined) {
    const seen = new Set<string>();
    for (const r of order) {
      if (r === '' || seen.has(r)) throw new CreditkitError('E_OPTION', `the rating order lists ${r === '' ? 'an empty rating' : `"${r}" twice`}`);
      seen.add(r);
    }
    if (!seen.has(defaultRating)) {
      throw new CreditkitError('E_OPTION', `the rating order (${order.join(', ')}) must include the default rating "${defaultRating}"`);
    }
    return [...order];
  }
  const seen = new Set(observations.map((o) => o.rating));
  seen.delete(defaultRating);
  return [...[...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), defaultRating];
}
