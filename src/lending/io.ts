import { isJsonObject } from '../jsonObject.js';
import { CreditkitError } from '../errors.js';
import { decodeText } from '../io/textDecoding.js';
import { type CsvCellOptions, csvField } from '../io/csvField.js';
import { churnTableFromCsv } from './churn.js';
import type { LoanDecision } from './evaluate.js';
import type { LendingFrontier } from './frontier.js';
import type { ExposureClass } from './irb.js';
import type { LendingApplicant, LendingProblem } from './problem.js';
import { ratingForPd, type RatingBands } from './ratingBands.js';
import { TextTable, type TextTableCsv } from './textTable.js';
import { readFileError } from '../io/fileErrors.js';
import { nodeBuiltin } from '../nodeBuiltin.js';

/** Column names of an applicants CSV. */
export interface ApplicantColumns {
  id: string;
  pd: string;
  rating: string;
  sector: string;
  minAmount: string;
  maxAmount: string;
  lgd: string;
  eadFactor: string;
  exposureClass: string;
  maturity: string;
  turnover: string;
}

export const DEFAULT_APPLICANT_COLUMNS: ApplicantColumns = {
  id: 'id', pd: 'pd', rating: 'rating', sector: 'sector', minAmount: 'min_amount', maxAmount: 'max_amount',
  lgd: 'lgd', eadFactor: 'ead_factor', exposureClass: 'exposure_class', maturity: 'maturity', turnover: 'turnover',
};

/** PD bands that give a rating to applicants whose CSV has no rating column: the first band with pd ≤ maxPd. */
export type { RatingBands } from './ratingBands.js';

/** The bank side of a problem as read from a config file: everything but the applicants, plus optional rating bands. */
export type LendingConfig = Omit<LendingProblem, 'applicants'> & { ratingBands?: RatingBands };

export interface ApplicantsTable {
  applicants: LendingApplicant[];
  /** Maps `applicants[i].field` to the file, line and column it came from. */
  locate(index: number, field: string): { file?: string; line: number; column?: string };
}

/**
 * Reads applicants from CSV text: an id column (kept as written), a PD
 * column, and optional rating, sector, min_amount, max_amount, lgd,
 * ead_factor, exposure_class, maturity and turnover columns (an empty cell
 * takes the default). Ranges are checked by
 * `validateProblem`, whose errors `locate` turns into file, line and column.
 * Without a rating column, `ratingBands` assign one from the PD.
 */
export function parseApplicantsCsv(text: string, file?: string, columns: Partial<ApplicantColumns> = {}, ratingBands?: RatingBands, csv: TextTableCsv = {}): ApplicantsTable {
  const cols = { ...DEFAULT_APPLICANT_COLUMNS, ...columns };
  const t = new TextTable(text, file, csv);
  t.require(cols.id, 'applicants need an id column (set it with --id)');
  t.require(cols.pd, 'applicants need a PD column (set it with --pd)');
  const hasRating = t.has(cols.rating);
  if (!hasRating && !ratingBands) {
    throw new CreditkitError('E_COLUMN_UNKNOWN',
      `applicants need a rating column "${cols.rating}" (set it with --rating), or "ratingBands" in the config to derive ratings from PDs (columns are: ${t.header.join(', ')})`, { file });
  }
  const applicants: LendingApplicant[] = [];
  for (let r = 0; r < t.nRows; r++) {
    const id = t.text(r, cols.id);
    if (id === '') throw new CreditkitError('E_CSV_PARSE', 'empty id', t.where(r, cols.id));
    const pd = t.number(r, cols.pd)!;
    let rating: string;
    if (hasRating) {
      rating = t.text(r, cols.rating);
      if (rating === '') throw new CreditkitError('E_CSV_PARSE', 'empty rating', t.where(r, cols.rating));
    } else {
      const band = ratingForPd(pd, ratingBands!);
      if (band === undefined) throw new CreditkitError('E_PROBLEM', `PD ${pd} is above every rating band's maxPd`, t.where(r, cols.pd));
      rating = band;
    }
    const a: LendingApplicant = { id, pd, rating };
    if (t.has(cols.sector)) {
      const s = t.text(r, cols.sector);
      if (s !== '') a.sector = s;
    }
    if (t.has(cols.minAmount)) {
      const v = t.number(r, cols.minAmount, true);
      if (v !== undefined) a.minAmount = v;
    }
    if (t.has(cols.maxAmount)) {
      const v = t.number(r, cols.maxAmount, true);
      if (v !== undefined) a.maxAmount = v;
    }
    if (t.has(cols.lgd)) {
      const v = t.number(r, cols.lgd, true);
      if (v !== undefined) a.lgd = v;
    }
    if (t.has(cols.eadFactor)) {
      const v = t.number(r, cols.eadFactor, true);
      if (v !== undefined) a.eadFactor = v;
    }
    if (t.has(cols.exposureClass)) {
      const v = t.text(r, cols.exposureClass);
      // validateProblem checks the name (and names the line and column through locate).
      if (v !== '') a.exposureClass = v as ExposureClass;
    }
    if (t.has(cols.maturity)) {
      const v = t.number(r, cols.maturity, true);
      if (v !== undefined) a.maturity = v;
    }
    if (t.has(cols.turnover)) {
      const v = t.number(r, cols.turnover, true);
      if (v !== undefined) a.turnover = v;
    }
    applicants.push(a);
  }
  const fieldColumn: Record<string, string> = {
    id: cols.id, pd: cols.pd, rating: cols.rating, sector: cols.sector, minAmount: cols.minAmount, maxAmount: cols.maxAmount,
    lgd: cols.lgd, eadFactor: cols.eadFactor, exposureClass: cols.exposureClass, maturity: cols.maturity, turnover: cols.turnover,
  };
  return {
    applicants,
    locate(index, field) {
      const column = field === 'rating' && !hasRating ? cols.pd : fieldColumn[field];
      return { file, line: t.line(index), ...(column && t.has(column) ? { column } : {}) };
    },
  };
}

/**
 * Reads a bank configuration (JSON). `churn` may be a table or the path of a
 * CSV like CUMCM attachment 3, relative to the config file's folder and
 * inside it (E_PROBLEM otherwise).
 * Nothing is validated here beyond JSON syntax and the churn file;
 * `validateProblem` checks the rest.
 */
export async function readLendingConfig(path: string): Promise<LendingConfig> {
  const { readFile } = await nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises');
  const { dirname, resolve } = await nodeBuiltin<typeof import('node:path')>('node:path');
  return lendingConfigFromText(await readText(path, readFile), path, { path: dirname(resolve(path)), name: "the config file's folder" });
}

/**
 * `readLendingConfig` for a config's text already read (standard input):
 * errors name `path`; a churn CSV path is read relative to `folder` and must
 * lie inside it.
 */
export async function lendingConfigFromText(text: string, path: string, folder: { path: string; name: string }): Promise<LendingConfig> {
  const { readFile } = await nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises');
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    throw new CreditkitError('E_PROBLEM', `not valid JSON: ${(e as Error).message}`, { file: path });
  }
  if (!isJsonObject(config)) {
    throw new CreditkitError('E_PROBLEM', 'the config must be a JSON object with "bank", "churn" and optional "exclude", "limits", "tailRisk", "stress", "ratingBands"', { file: path });
  }
  const c = config as Record<string, unknown>;
  if ('applicants' in c) throw new CreditkitError('E_PROBLEM', 'applicants come from --applicants, not from the config', { file: path, path: 'applicants' });
  if (typeof c.churn === 'string') {
    const churnPath = await churnPathInside(path, folder, c.churn);
    c.churn = churnTableFromCsv(await readText(churnPath, readFile), churnPath);
  }
  if (c.ratingBands !== undefined) checkRatingBands(c.ratingBands, path);
  return c as unknown as LendingConfig;
}

/**
 * The churn CSV named by a config: relative to the config file's folder and
 * inside it (sub-folders allowed), also after following symlinks, so that a
 * config cannot make creditkit read files elsewhere.
 */
async function churnPathInside(configPath: string, root: { path: string; name: string }, churn: string): Promise<string> {
  const { realpath } = await nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises');
  const { isAbsolute, relative, resolve } = await nodeBuiltin<typeof import('node:path')>('node:path');
  const folder = root.path;
  const refuse = (): never => {
    throw new CreditkitError('E_PROBLEM', `the churn path ${JSON.stringify(churn)} is outside ${root.name} (name a CSV in that folder or below it)`,
      { file: configPath, path: 'churn' });
  };
  const inside = (root: string, p: string) => {
    const rel = relative(root, p);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  const churnPath = resolve(folder, churn);
  if (!inside(folder, churnPath)) refuse();
  let real: string;
  try {
    real = await realpath(churnPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') throw new CreditkitError('E_FILE_NOT_FOUND', 'no such file', { file: churnPath });
    throw e;
  }
  if (!inside(await realpath(folder), real)) refuse();
  return churnPath;
}

function checkRatingBands(v: unknown, file: string): void {
  if (!Array.isArray(v) || v.length === 0) throw new CreditkitError('E_PROBLEM', 'must be a non-empty array of { rating, maxPd }', { file, path: 'ratingBands' });
  v.forEach((b: unknown, j) => {
    const band = b as Record<string, unknown>;
    if (typeof band !== 'object' || band === null || typeof band.rating !== 'string' || band.rating === '') {
      throw new CreditkitError('E_PROBLEM', 'needs a non-empty "rating"', { file, path: `ratingBands[${j}].rating` });
    }
    if (typeof band.maxPd !== 'number' || !(band.maxPd >= 0 && band.maxPd <= 1)) {
      throw new CreditkitError('E_PROBLEM', `"maxPd" must be a number in [0, 1] (got ${JSON.stringify(band.maxPd)})`, { file, path: `ratingBands[${j}].maxPd` });
    }
  });
}

async function readText(path: string, readFile: (p: string) => Promise<Uint8Array>): Promise<string> {
  try {
    return decodeText(await readFile(path), 'utf-8', path);
  } catch (e) {
    throw readFileError(e, path);
  }
}

// ---------------------------------------------------------------------------
// Writing

/** A number with at most 12 significant digits (no float noise like 0.30000000000000004). */
export function fmt(x: number | null): string {
  if (x === null || Number.isNaN(x)) return '';
  return Number(x.toPrecision(12)).toString();
}

export const STRATEGY_COLUMNS = ['id', 'rating', 'sector', 'pd', 'decision', 'amount', 'rate', 'churn', 'expected_amount', 'expected_return', 'expected_loss', 'reason', 'lgd', 'ead', 'rwa', 'capital'];

/** strategy.csv: one line per applicant, in input order; `safe` as `csvField`'s (ids, ratings, sectors). */
export function strategyCsv(decisions: readonly LoanDecision[], cells: CsvCellOptions = {}): string {
  const lines = [STRATEGY_COLUMNS.join(',')];
  const text = (s: string) => csvField(s, cells);
  for (const d of decisions) {
    lines.push([
      text(d.id), text(d.rating), text(d.sector ?? ''), fmt(d.pd), d.decision,
      fmt(d.amount), fmt(d.rate), fmt(d.churn), fmt(d.expectedAmount), fmt(d.expectedReturn), fmt(d.expectedLoss), text(d.reason ?? ''),
      fmt(d.lgd), fmt(d.ead), fmt(d.rwa), fmt(d.capital),
    ].join(','));
  }
  return lines.join('\n') + '\n';
}

export const FRONTIER_COLUMNS = ['point', 'measure', 'cap', 'status', 'expected_return', 'bound', 'gap', 'expected_loss', 'cvar', 'loans', 'total_amount', 'mean_rate', 'average_pd', 'carried', 'capital', 'raroc'];

/** frontier.csv: one line per point. */
export function frontierCsv(f: LendingFrontier): string {
  const lines = [FRONTIER_COLUMNS.join(',')];
  f.points.forEach((p, j) => {
    const s = p.summary;
    lines.push([
      String(j + 1), f.measure, fmt(p.cap), p.status, fmt(p.objective), fmt(p.bound), fmt(p.gap),
      fmt(s?.expectedLoss ?? null), fmt(s?.cvar ?? null), s ? String(s.loans) : '', fmt(s?.totalAmount ?? null),
      fmt(s?.meanRate ?? null), fmt(s?.averagePd ?? null), p.carried ? '1' : '0',
      fmt(s?.capital ?? null), fmt(s?.raroc ?? null),
    ].join(','));
  });
  return lines.join('\n') + '\n';
}

/** The loans of every frontier point, one line per (point, loan). */
export function frontierStrategiesCsv(f: LendingFrontier, cells: CsvCellOptions = {}): string {
  const lines = ['point,id,amount,rate'];
  f.points.forEach((p, j) => {
    for (const d of p.strategy ?? []) if (d.decision === 'lend') lines.push(`${j + 1},${csvField(d.id, cells)},${fmt(d.amount)},${fmt(d.rate)}`);
  });
  return lines.join('\n') + '\n';
}
