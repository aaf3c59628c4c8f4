import { CreditkitError } from '../errors.js';
import { TextTable, type TextTableCsv } from './textTable.js';

/** Column names of a rating panel CSV. */
export interface RatingPanelColumns {
  id: string;
  period: string;
  rating: string;
}

export const DEFAULT_PANEL_COLUMNS: RatingPanelColumns = { id: 'id', period: 'period', rating: 'rating' };

/** One rating observation: an obligor's rating at the start of a whole-number period (a year). */
export interface RatingObservation {
  id: string;
  period: number;
  rating: string;
  /** 1-based file line, when read from a file. */
  line?: number;
}

/** A panel of ratings, one observation per (id, period). */
export interface RatingPanel {
  observations: RatingObservation[];
  file?: string;
  columns: RatingPanelColumns;
}

/**
 * Reads a rating panel from CSV text: one line per (id, period, rating),
 * in any order. Ids and ratings are kept as written (trimmed); periods
 * must be whole numbers (years, or period indices): text there is
 * E_CSV_NOT_NUMERIC naming the file, line and column. Empty ids or ratings
 * are E_CSV_PARSE. Gaps, duplicates and unknown ratings are checked by
 * `migrationMatrix`, which names the lines through the observations.
 */
export function parseRatingPanelCsv(text: string, file?: string, columns: Partial<RatingPanelColumns> = {}, csv: TextTableCsv = {}): RatingPanel {
  const cols = { ...DEFAULT_PANEL_COLUMNS, ...columns };
  const t = new TextTable(text, file, csv);
  t.require(cols.id, 'a rating panel needs an id column (set it with --id)');
  t.require(cols.period, 'a rating panel needs a period column (set it with --period)');
  t.require(cols.rating, 'a rating panel needs a rating column (set it with --rating)');
  const observations: RatingObservation[] = [];
  for (let r = 0; r < t.nRows; r++) {
    const id = t.text(r, cols.id);
    if (id === '') throw new CreditkitError('E_CSV_PARSE', 'empty id', t.where(r, cols.id));
    const period = t.number(r, cols.period)!;
    if (!Number.isSafeInteger(period)) {
      throw new CreditkitError('E_CSV_NOT_NUMERIC', `a period must be a whole number (a year or a period index), got ${period}`, t.where(r, cols.period));
    }
    const rating = t.text(r, cols.rating);
    if (rating === '') throw new CreditkitError('E_CSV_PARSE', 'empty rating', t.where(r, cols.rating));
    observations.push({ id, period, rating, line: t.line(r) });
  }
  return { observations, file, columns: cols };
}
