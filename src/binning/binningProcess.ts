import { isJsonObject } from '../jsonObject.js';
import { type Dataset, type FeatureInput, toDataset } from '../data/dataset.js';
import { validateLabels } from '../data/target.js';
import { checkFinite } from '../data/finiteFeatures.js';
import { CreditkitError } from '../errors.js';
import { resolveWoeOptions, type WoeOptions } from './binningOptions.js';
import { finite, readFeatureBinning } from './binningJson.js';
import { binFeature, type FeatureBinning, type IvStrength, woeTransform } from './woe.js';
import { binCodes } from './binCodes.js';
import { dropCorrelated } from './woeCorrelation.js';

export interface BinningProcessOptions {
  /** Binning options of every feature. */
  binning?: WoeOptions;
  /** Per-feature options, each laid over `binning` (e.g. `{ age: { trend: 'descending' } }`). */
  features?: Readonly<Record<string, WoeOptions>>;
  /** Special values per feature (`{ late30: [96, 98] }`); they replace a feature's `specialValues` option. */
  specialValues?: Readonly<Record<string, readonly number[]>>;
  /** Features with an IV below this are not selected. Default 0.02 (useless). */
  minIv?: number;
  /** Features with an IV above this are not selected (too good to be true: often a leak). Default: none. */
  maxIv?: number | null;
  /** Of two selected features whose WOE columns correlate beyond this (|Pearson r|), the lower-IV one is dropped. Default: none. */
  maxCorrelation?: number | null;
}

/** One row of the binning process's summary. */
export interface BinningSummaryRow {
  feature: string;
  iv: number;
  strength: IvStrength;
  /** Bins including the special and missing bins. */
  bins: number;
  selected: boolean;
  /** Why a feature is not selected; '' when it is. */
  reason: string;
}

/** The JSON form of a fitted binning process. */
export interface BinningProcessJSON {
  name: 'BinningProcess';
  version: 1;
  options: BinningProcessOptions;
  /** In the columns' order. */
  binnings: FeatureBinning[];
  summary: BinningSummaryRow[];
}

interface Resolved {
  binning: WoeOptions;
  features: Map<string, WoeOptions>;
  minIv: number;
  maxIv: number | null;
  maxCorrelation: number | null;
}

function optionError(message: string, feature?: string): CreditkitError {
  return new CreditkitError('E_OPTION', message, feature === undefined ? {} : { column: feature });
}

const KNOWN = new Set(['binning', 'features', 'specialValues', 'minIv', 'maxIv', 'maxCorrelation']);

function resolve(options: BinningProcessOptions): Resolved {
  if (!isJsonObject(options)) throw optionError('binning process options must be an object');
  for (const k of Object.keys(options)) if (!KNOWN.has(k)) throw optionError(`unknown binning process option "${k}" (known: ${[...KNOWN].join(', ')})`);
  for (const k of ['binning', 'features', 'specialValues'] as const) {
    if (options[k] !== undefined && !isJsonObject(options[k])) throw optionError(`${k} must be an object`);
  }
  const binning = { ...(options.binning ?? {}) };
  resolveWoeOptions(binning);
  const features = new Map<string, WoeOptions>();
  for (const [name, o] of Object.entries(options.features ?? {})) {
    if (!isJsonObject(o)) throw optionError(`feature "${name}": options must be an object`, name);
    features.set(name, { ...binning, ...o });
  }
  for (const [name, values] of Object.entries(options.specialValues ?? {})) {
    features.set(name, { ...(features.get(name) ?? binning), specialValues: values });
  }
  for (const [name, o] of features) resolveWoeOptions(o, name);
  const minIv = options.minIv ?? 0.02;
  if (typeof minIv !== 'number' || !Number.isFinite(minIv) || minIv < 0) throw optionError(`minIv must be a finite number ≥ 0, got ${JSON.stringify(minIv)}`);
  const maxIv = options.maxIv ?? null;
  if (maxIv !== null && !(typeof maxIv === 'number' && maxIv > minIv)) throw optionError(`maxIv must be a number above minIv (${minIv}), got ${JSON.stringify(maxIv)}`);
  const maxCorrelation = options.maxCorrelation ?? null;
  if (maxCorrelation !== null && !(typeof maxCorrelation === 'number' && maxCorrelation > 0 && maxCorrelation <= 1)) {
    throw optionError(`maxCorrelation must be a number in (0, 1], got ${JSON.stringify(maxCorrelation)}`);
  }
  return { binning, features, minIv, maxIv, maxCorrelation };
}

/**
 * The binning process (optbinning's BinningProcess): the optimal binning of
 * every characteristic of a dataset, a selection of the characteristics by
 * information value and by correlation of their WOE columns, and the WOE
 * transform of any dataset with those columns.
 *
 * Selection: a feature is kept when minIv ≤ IV (≤ maxIv when set); then,
 * from the highest IV down, a kept feature whose WOE column correlates with an
 * already-kept one beyond maxCorrelation (|Pearson r| on the training rows,
 * with the sample weights) is dropped: of a correlated pair, the lower-IV one
 * goes. Equal IVs keep the column order.
 */
export class BinningProcess {
  private readonly opts: Resolved;
  private readonly given: BinningProcessOptions;
  private fitted: { binnings: FeatureBinning[]; summary: BinningSummaryRow[] } | null = null;

  constructor(options: BinningProcessOptions = {}) {
    this.opts = resolve(options);
    this.given = structuredClone(options);
  }

  /** Bins every column of X (a feature named in the options but absent from X is E_COLUMN_UNKNOWN). */
  fit(X: FeatureInput, y: ArrayLike<number>, fitOptions: { weights?: ArrayLike<number> } = {}): this {
    const data = toDataset(X);
    if (data.nRows !== y.length) throw new CreditkitError('E_SHAPE', `${data.nRows} rows but ${y.length} labels`);
    validateLabels(y);
    for (const name of this.opts.features.keys()) data.column(name);
    data.columns.forEach((c) => checkFinite(c.values, c.name));
    const binnings = data.columns.map((col) => binFeature(col, y, this.opts.features.get(col.name) ?? this.opts.binning, fitOptions.weights));
    [...binnings].sort((a, b) => b.iv - a.iv).forEach((b, k) => (b.rank = k + 1));
    this.fitted = { binnings, summary: this.select(data, binnings, fitOptions.weights) };
    return this;
  }

  fitTransform(X: FeatureInput, y: ArrayLike<number>, fitOptions: { weights?: ArrayLike<number> } = {}): Dataset {
    return this.fit(X, y, fitOptions).transform(X);
  }

  private select(data: Dataset, binnings: readonly FeatureBinning[], weights?: ArrayLike<number>): BinningSummaryRow[] {
    const { minIv, maxIv, maxCorrelation } = this.opts;
    const rows = binnings.map((b) => {
      let reason = '';
      if (b.iv < minIv) reason = `IV ${b.iv.toFixed(4)} below minIv ${minIv}`;
      else if (maxIv !== null && b.iv > maxIv) reason = `IV ${b.iv.toFixed(4)} above maxIv ${maxIv}`;
      return { feature: b.feature, iv: b.iv, strength: b.strength, bins: b.bins.length, selected: reason === '', reason };
    });
    if (maxCorrelation !== null) {
      const candidates = rows.flatMap((r, k) => (r.selected ? [k] : []));
      const drops = dropCorrelated(candidates.map((k) => ({
        feature: binnings[k].feature, iv: binnings[k].iv, codes: () => binCodes(binnings[k], data.column(binnings[k].feature)), binWoe: binnings[k].bins.map((b) => b.woe),
      })), maxCorrelation, weights);
      for (const [j, d] of drops) {
        const row = rows[candidates[j]];
        row.selected = false;
        row.reason = `WOE correlated with "${d.with}" (r = ${d.r.toFixed(3)}, |r| > ${maxCorrelation}), which has a higher IV`;
      }
    }
    return rows;
  }

  private state(): { binnings: FeatureBinning[]; summary: BinningSummaryRow[] } {
    if (this.fitted === null) throw new CreditkitError('E_NOT_FITTED', 'the binning process is not fitted; call fit first');
    return this.fitted;
  }

  /** Every feature's binning, in the columns' order. */
  get binnings(): FeatureBinning[] {
    return this.state().binnings;
  }

  /** The selected features, in the columns' order. */
  get selected(): string[] {
    return this.state().summary.filter((r) => r.selected).map((r) => r.feature);
  }

  /** Feature, IV, strength, bins, selected, reason: one row per feature, in the columns' order. */
  summary(): BinningSummaryRow[] {
    return this.state().summary.map((r) => ({ ...r }));
  }

  /** The binning of one feature (E_COLUMN_UNKNOWN when it was not fitted). */
  binning(feature: string): FeatureBinning {
    const b = this.state().binnings.find((x) => x.feature === feature);
    if (b === undefined) throw new CreditkitError('E_COLUMN_UNKNOWN', 'the binning process has no such feature', { column: feature });
    return b;
  }

  /** WOE columns of the selected features (all binned features with `all: true`), in the columns' order; other columns are left out. */
  transform(X: FeatureInput, options: { all?: boolean } = {}): Dataset {
    const { binnings, summary } = this.state();
    return woeTransform(binnings.filter((_, k) => options.all === true || summary[k].selected), X);
  }

  toJSON(): BinningProcessJSON {
    const { binnings, summary } = this.state();
    return { name: 'BinningProcess', version: 1, options: structuredClone(this.given), binnings: structuredClone(binnings), summary: summary.map((r) => ({ ...r })) };
  }

  /** A fitted process from `toJSON()` output, checked completely (E_MODEL_FORMAT with the JSON path). */
  static fromJSON(json: unknown): BinningProcess {
    if (!isJsonObject(json)) throw new CreditkitError('E_MODEL_FORMAT', 'expected a binning process object', { path: '' });
    if (json.name !== 'BinningProcess') throw new CreditkitError('E_MODEL_FORMAT', `expected name "BinningProcess", got ${JSON.stringify(json.name)}`, { path: 'name' });
    if (json.version !== 1) throw new CreditkitError('E_MODEL_FORMAT', `unsupported version ${JSON.stringify(json.version)} (this creditkit reads 1)`, { path: 'version' });
    let process: BinningProcess;
    try {
      process = new BinningProcess(json.options as BinningProcessOptions);
    } catch (e) {
      if (e instanceof CreditkitError) throw new CreditkitError('E_MODEL_FORMAT', e.reason, { path: 'options' });
      throw e;
    }
    if (!Array.isArray(json.binnings) || json.binnings.length === 0 || json.binnings.length > 100_000) {
      throw new CreditkitError('E_MODEL_FORMAT', 'expected 1..100000 feature binnings', { path: 'binnings' });
    }
    // Array.from visits holes (a deleted element), which map would skip.
    const binnings = Array.from(json.binnings as unknown[], (b, k) => readFeatureBinning(b, `binnings[${k}]`));
    const names = new Set<string>();
    binnings.forEach((b, k) => {
      if (names.has(b.feature)) throw new CreditkitError('E_MODEL_FORMAT', `feature "${b.feature}" is binned twice`, { path: `binnings[${k}].feature` });
      names.add(b.feature);
    });
    if (!Array.isArray(json.summary) || json.summary.length !== binnings.length) {
      throw new CreditkitError('E_MODEL_FORMAT', 'expected one summary row per binning', { path: 'summary' });
    }
    const summary = Array.from(json.summary as unknown[], (r, k): BinningSummaryRow => {
      const path = `summary[${k}]`;
      if (!isJsonObject(r)) throw new CreditkitError('E_MODEL_FORMAT', 'expected a summary row object', { path });
      if (r.feature !== binnings[k].feature) throw new CreditkitError('E_MODEL_FORMAT', `expected feature "${binnings[k].feature}"`, { path: `${path}.feature` });
      if (typeof r.selected !== 'boolean') throw new CreditkitError('E_MODEL_FORMAT', 'expected true or false', { path: `${path}.selected` });
      if (typeof r.reason !== 'string') throw new CreditkitError('E_MODEL_FORMAT', 'expected a string', { path: `${path}.reason` });
      return { feature: binnings[k].feature, iv: finite(r.iv, `${path}.iv`, 0), strength: binnings[k].strength, bins: binnings[k].bins.length, selected: r.selected, reason: r.reason };
    });
    process.fitted = { binnings, summary };
    return process;
  }
}
