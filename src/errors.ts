/**
 * The one error type creditkit throws for problems a user can act on.
 *
 * `code` is stable across releases (match on it, not on the message); `where`
 * names the file, line (1-based, counting the header as line 1), data row
 * (0-based, in the whole input; the message counts it from 1) and column
 * when the problem has a location.
 */
export type ErrorCode =
  | 'E_FILE_NOT_FOUND'
  /** A folder where a file was expected (input or output). */
  | 'E_FILE_IS_DIRECTORY'
  /** The operating system refused to read a file (permissions, I/O error); the message names the errno. */
  | 'E_FILE_READ'
  /** The operating system refused to write a file (disk full, read-only, permissions, name too long). */
  | 'E_FILE_WRITE'
  | 'E_CSV_EMPTY'
  | 'E_CSV_PARSE'
  | 'E_CSV_NOT_NUMERIC'
  | 'E_CSV_NONFINITE'
  | 'E_ENCODING'
  /** An Arrow or Parquet file that cannot be read: damaged, truncated, not that format, or compressed with a codec that is not decoded. */
  | 'E_DATA_FORMAT'
  | 'E_COLUMN_UNKNOWN'
  | 'E_COLUMN_TYPE'
  | 'E_TARGET_MISSING'
  | 'E_TARGET_INVALID'
  | 'E_SINGLE_CLASS'
  /** A sample weight that is missing or negative, or weights that are all 0. */
  | 'E_WEIGHT'
  /** A protected attribute (sex, age, …) named as a model feature. */
  | 'E_PROTECTED_FEATURE'
  | 'E_EMPTY_DATA'
  | 'E_SHAPE'
  | 'E_NONFINITE'
  | 'E_OPTION'
  | 'E_NOT_FITTED'
  /** SHAP asked of a model no explainer covers (an MLP, an RBF SVM), or a linear model file without its training means and no background rows. */
  | 'E_NOT_EXPLAINABLE'
  | 'E_MODEL_FORMAT'
  | 'E_WASM_LAYOUT'
  | 'E_WASM_NOT_LOADED'
  | 'E_WASM_MEMORY'
  | 'E_PROBLEM' | 'E_INFEASIBLE' | 'E_SOLVER'
  /** A lending model too large for the solver: HiGHS's 2 GiB of wasm memory, javascript-lp-solver's dense tableau (the size given). */
  | 'E_SOLVER_MEMORY'
  /** A solver option (`--solver-option k=v`, `solverOptions`) that is unknown, or a value of the wrong type or outside its range. */
  | 'E_SOLVER_OPTION'
  /** A churn (take-up) curve that cannot be fitted as one rising with the rate: a falling fit, offers of a rating all accepted or all declined, too few rates, no base rate for the smooth model. */
  | 'E_CHURN_FIT'
  /** An offers file row that is not an offer: a rate outside [0, 1], an accepted flag that is not 0/1, an empty rating. */
  | 'E_OFFER'
  /** A lending capital limit below the capital that the required lending (minimum total or loans) needs. */
  | 'E_CAPITAL_INFEASIBLE'
  | 'E_USAGE'
  /** An optional peer package (vega, apache-arrow, hyparquet, javascript-lp-solver, …) that a feature needs is not installed. */
  | 'E_MISSING_PACKAGE'
  | 'E_BINNED_MISMATCH' | 'E_TOO_MANY_THRESHOLDS'
  /** A date column value that is not a date creditkit reads (validate --date). */
  | 'E_DATE_PARSE'
  /** A champion model that uses features the model under review does not have. */
  | 'E_CHAMPION_FEATURES'
  /** A grade column cell that is empty or not among the grades given (validate --grade-column, --grade-order). */
  | 'E_GRADE_LABEL'
  /** Binning a characteristic: no binning meets the constraints; one distinct value; a special value absent from the column. */
  | 'E_BINNING_INFEASIBLE' | 'E_SINGLE_VALUE' | 'E_SPECIAL_VALUE_UNSEEN'
  /** A scorecard fit left without characteristics (none reaches minIv, or L1 dropped them all). */
  | 'E_NO_CHARACTERISTIC'
  /** A rating panel: an id with a missing period between two observed ones; an (id, period) given twice; a rating not in the rating order. */
  | 'E_PANEL_GAP' | 'E_PANEL_DUPLICATE' | 'E_RATING_UNKNOWN';

export interface ErrorLocation {
  file?: string;
  /** 1-based line number in the file (the header is line 1). */
  line?: number;
  /** 0-based data row index (the first row after the header is 0); messages show it counted from 1. */
  row?: number;
  column?: string;
  /** JSON path inside a model file, e.g. `trees[3].left[7]`. */
  path?: string;
}

export class CreditkitError extends Error {
  readonly code: ErrorCode;
  readonly where: ErrorLocation;
  /** The message without its location prefix (`message` is `where` + `reason`). */
  readonly reason: string;

  constructor(code: ErrorCode, message: string, where: ErrorLocation = {}) {
    super(CreditkitError.format(message, where));
    this.name = 'CreditkitError';
    this.code = code;
    this.where = where;
    this.reason = message;
  }

  /** The same error with more of its location known (e.g. the file a model came from). */
  locatedAt(where: ErrorLocation): CreditkitError {
    return new CreditkitError(this.code, this.reason, { ...this.where, ...where });
  }

  private static format(message: string, where: ErrorLocation): string {
    const parts: string[] = [];
    if (where.file !== undefined) parts.push(where.file);
    if (where.line !== undefined) parts.push(`line ${where.line}`);
    // `row` is a 0-based index; a person counts rows from 1.
    else if (where.row !== undefined) parts.push(`row ${where.row + 1}`);
    if (where.column !== undefined) parts.push(`column "${where.column}"`);
    if (where.path !== undefined) parts.push(`at ${where.path}`);
    return parts.length > 0 ? `${parts.join(', ')}: ${message}` : message;
  }
}

export function isCreditkitError(e: unknown): e is CreditkitError {
  return e instanceof CreditkitError;
}
