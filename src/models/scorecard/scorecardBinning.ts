import { binFeature, type WoeBin } from '../../binning/woe.js';
import type { Column, Dataset } from '../../data/dataset.js';
import { CreditkitError } from '../../errors.js';
import { log } from '../../math/deterministic.js';
import type { ScorecardOptions } from './scorecardOptions.js';

/**
 * One attribute (bin) of a characteristic. `good` = target 0, `bad` = target 1;
 * WOE = ln(%good / %bad), positive = safer than average.
 */
export interface ScorecardAttribute {
  /** How a value is matched: a numeric range [lower, upper), a set of category labels, the missing value, or one special value. */
  kind: 'range' | 'categories' | 'missing' | 'special';
  lower: number | null;
  upper: number | null;
  categories?: string[];
  value?: number;
  count: number;
  goods: number;
  bads: number;
  share: number;
  badRate: number;
  woe: number;
  iv: number;
}

/** A binned characteristic (feature): its attributes and information value. */
export interface Characteristic {
  feature: string;
  kind: 'numeric' | 'categorical';
  /** The training dictionary of a categorical characteristic (code i means categories[i]). */
  categories?: string[];
  attributes: ScorecardAttribute[];
  iv: number;
}

/**
 * The binning step of the scorecard fit: every column of `X` binned by the
 * monotone WOE binning of binning/woe.ts, with each special value in an
 * attribute of its own. Kept in this one function so the fit can move to the
 * binning process (optimal binning, special values built in) by changing it alone.
 */
export function binCharacteristics(X: Dataset, y: Float64Array, o: ScorecardOptions): Characteristic[] {
  for (const name of Object.keys(o.specialValues)) {
    if (!X.has(name)) throw new CreditkitError('E_COLUMN_UNKNOWN', `specialValues names a column the data does not have (columns are: ${X.names.join(', ')})`, { column: name });
  }
  return X.columns.map((col) => binCharacteristic(col, y, o, Object.hasOwn(o.specialValues, col.name) ? o.specialValues[col.name] : []));
}

interface Totals { goods: number; bads: number; n: number }

function binCharacteristic(col: Column, y: Float64Array, o: ScorecardOptions, specials: readonly number[]): Characteristic {
  checkTwoValues(col);
  if (specials.length > 0 && col.kind !== 'numeric') {
    throw new CreditkitError('E_OPTION', 'specialValues apply to numeric columns; this one is categorical', { column: col.name });
  }
  const n = y.length;
  let bads = 0;
  for (let i = 0; i < n; i++) bads += y[i];
  const total: Totals = { goods: n - bads, bads, n };
  // Special values as float32, as the column stores them.
  const specialOf = new Map(specials.map((v, k) => [Math.fround(v), k]));
  const specialCounts = specials.map(() => ({ goods: 0, bads: 0 }));
  const regular: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = specialOf.get(col.values[i]);
    if (k === undefined) regular.push(i);
    else if (y[i] === 1) specialCounts[k].bads++;
    else specialCounts[k].goods++;
  }
  specials.forEach((v, k) => {
    if (specialCounts[k].goods + specialCounts[k].bads === 0) {
      throw new CreditkitError('E_OPTION', `special value ${v} never occurs in the training data`, { column: col.name });
    }
  });
  const attributes: ScorecardAttribute[] = [];
  if (regular.length > 0) {
    const sub = regular.length === n ? col : { ...col, values: Float32Array.from(regular, (i) => col.values[i]) };
    const ySub = regular.length === n ? y : Float64Array.from(regular, (i) => y[i]);
    // minBinShare stays a share of all rows, special ones included.
    const minBinShare = Math.min(o.minBinShare * n / regular.length, 0.999);
    const binning = binFeature(sub, ySub, { fineBins: o.fineBins, minBinShare, smoothing: o.smoothing });
    for (const b of binning.bins) attributes.push(fromWoeBin(b, total, o.smoothing));
  }
  specials.forEach((value, k) => attributes.push({ kind: 'special', lower: null, upper: null, value, ...stats(specialCounts[k], total, o.smoothing) }));
  const iv = attributes.reduce((s, a) => s + a.iv, 0);
  const out: Characteristic = { feature: col.name, kind: col.kind, attributes, iv };
  if (col.kind === 'categorical') out.categories = [...(col.categories ?? [])];
  return out;
}

/** E_SINGLE_VALUE unless the column holds two different values (a missing value counts as one). */
function checkTwoValues(col: Column): void {
  const v = col.values;
  const first = v[0];
  for (let i = 1; i < v.length; i++) {
    if (v[i] !== first && !(Number.isNaN(v[i]) && Number.isNaN(first))) return;
  }
  throw new CreditkitError('E_SINGLE_VALUE', `the characteristic has one value (${Number.isNaN(first) ? 'missing' : first}) in all ${v.length} training rows: nothing to bin`, { column: col.name });
}

/** A bin of binning/woe.ts restated against all rows (the bins were fitted on the rows without a special value). */
function fromWoeBin(b: WoeBin, total: Totals, smoothing: number): ScorecardAttribute {
  const kind = b.missing ? 'missing' : b.categories ? 'categories' : 'range';
  const a: ScorecardAttribute = { kind, lower: b.lower, upper: b.upper, ...stats(b, total, smoothing) };
  if (b.categories) a.categories = [...b.categories];
  return a;
}

/** Share, bad rate, WOE and IV of counts, with binning/woe.ts's smoothing of an attribute lacking goods or bads. */
function stats(c: { goods: number; bads: number }, t: Totals, smoothing: number): Pick<ScorecardAttribute, 'count' | 'goods' | 'bads' | 'share' | 'badRate' | 'woe' | 'iv'> {
  const count = c.goods + c.bads;
  const pad = c.goods === 0 || c.bads === 0 ? smoothing : 0;
  const pg = (c.goods + pad) / t.goods;
  const pb = (c.bads + pad) / t.bads;
  const woe = log(pg / pb);
  return { count, goods: c.goods, bads: c.bads, share: count / t.n, badRate: c.bads / count, woe, iv: (pg - pb) * woe };
}

/** An attribute as a reader sees it: `[1, 3)`, `< 1`, `>= 3`, `Missing`, `Special: 96`, or the category labels. */
export function attributeLabel(a: ScorecardAttribute): string {
  switch (a.kind) {
    case 'missing':
      return 'Missing';
    case 'special':
      return `Special: ${a.value}`;
    case 'categories':
      return (a.categories ?? []).join(', ');
    case 'range':
      if (a.lower === null && a.upper === null) return 'all values';
      if (a.lower === null) return `< ${numberText(a.upper!)}`;
      if (a.upper === null) return `>= ${numberText(a.lower)}`;
      return `[${numberText(a.lower)}, ${numberText(a.upper)})`;
  }
}

/** A bin edge (a float32 data value) in its shortest decimal. */
function numberText(v: number): string {
  for (let p = 1; p < 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === Math.fround(v)) return String(s);
  }
  return String(v);
}

/**
 * The attribute of each value of a characteristic's column (already in the
 * training dictionary for a categorical one), −1 when none holds it: a
 * missing value without a missing attribute, or a category not seen in training.
 */
export function attributeIndices(ch: Characteristic, values: Float32Array): Int32Array {
  const out = new Int32Array(values.length);
  const missing = ch.attributes.findIndex((a) => a.kind === 'missing');
  if (ch.kind === 'categorical') {
    const byLabel = new Map<string, number>();
    ch.attributes.forEach((a, k) => a.categories?.forEach((c) => byLabel.set(c, k)));
    const byCode = (ch.categories ?? []).map((label) => byLabel.get(label) ?? -1);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      out[i] = Number.isNaN(v) ? missing : (byCode[v] ?? -1);
    }
    return out;
  }
  const special = new Map<number, number>();
  const ranges: { k: number; lower: number; upper: number }[] = [];
  ch.attributes.forEach((a, k) => {
    if (a.kind === 'special') special.set(Math.fround(a.value!), k);
    else if (a.kind === 'range') ranges.push({ k, lower: a.lower ?? -Infinity, upper: a.upper ?? Infinity });
  });
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      out[i] = missing;
      continue;
    }
    const s = special.get(v);
    if (s !== undefined) {
      out[i] = s;
      continue;
    }
    out[i] = -1;
    for (const r of ranges) {
      if (v >= r.lower && v < r.upper) {
        out[i] = r.k;
        break;
      }
    }
  }
  return out;
}
