import { isJsonObject } from '../jsonObject.js';
import { FLOAT32_MAX } from '../data/dataset.js';
import { CreditkitError } from '../errors.js';
import type { BinningTotals, FeatureBinning, IvStrength, WoeBin } from './woe.js';

/** Most bins a binning read from JSON may hold (value bins ≤ 100, special bins ≤ 100, one missing bin). */
export const MAX_JSON_BINS = 201;

const STRENGTHS: readonly IvStrength[] = ['useless', 'weak', 'medium', 'strong'];
const DIRECTIONS = ['increasing', 'decreasing', 'none'] as const;
const SHAPES = ['ascending', 'descending', 'peak', 'valley', 'none'] as const;

function bad(path: string, message: string): CreditkitError {
  return new CreditkitError('E_MODEL_FORMAT', message, { path });
}

export function finite(v: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw bad(path, `expected a finite number${min > -Infinity ? ` ≥ ${min}` : ''}${max < Infinity ? ` ≤ ${max}` : ''}, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function text(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 10_000) throw bad(path, `expected a non-empty string, got ${JSON.stringify(v)?.slice(0, 80)}`);
  return v;
}

function oneOf<T extends string>(v: unknown, options: readonly T[], path: string): T {
  if (!options.includes(v as T)) throw bad(path, `expected one of ${options.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

function boundOrNull(v: unknown, path: string): number | null {
  return v === null ? null : finite(v, path);
}

/** Shares and rates may exceed 1 by rounding only. */
const UNIT = 1 + 1e-9;

function readBin(v: unknown, path: string, kind: FeatureBinning['kind']): WoeBin {
  if (!isJsonObject(v)) throw bad(path, 'expected a bin object');
  if (typeof v.missing !== 'boolean') throw bad(`${path}.missing`, 'expected true or false');
  const lower = boundOrNull(v.lower, `${path}.lower`);
  const upper = boundOrNull(v.upper, `${path}.upper`);
  let categories: string[] | undefined;
  if (v.categories !== undefined) {
    if (kind !== 'categorical' || v.missing) throw bad(`${path}.categories`, 'categories belong to a categorical, non-missing bin');
    if (!Array.isArray(v.categories) || v.categories.length === 0 || v.categories.length > 1_000_000) throw bad(`${path}.categories`, 'expected a non-empty array of labels');
    categories = Array.from(v.categories as unknown[], (c, k) => {
      if (typeof c !== 'string') throw bad(`${path}.categories[${k}]`, 'expected a string');
      return c;
    });
  } else if (kind === 'categorical' && !v.missing) {
    throw bad(`${path}.categories`, 'a categorical value bin needs its category labels');
  }
  let special: number | undefined;
  if (v.special !== undefined) {
    if (kind !== 'numeric' || v.missing) throw bad(`${path}.special`, 'a special value belongs to a numeric, non-missing bin');
    special = finite(v.special, `${path}.special`, -FLOAT32_MAX, FLOAT32_MAX);
  }
  // Fields in the order binFeature writes them, so a round trip gives the same JSON text.
  const bin: WoeBin = {
    lower,
    upper,
    ...(categories === undefined ? {} : { categories }),
    missing: v.missing,
    ...(special === undefined ? {} : { special }),
    count: finite(v.count, `${path}.count`, 0),
    goods: finite(v.goods, `${path}.goods`, 0),
    bads: finite(v.bads, `${path}.bads`, 0),
    share: finite(v.share, `${path}.share`, 0, UNIT),
    badRate: finite(v.badRate, `${path}.badRate`, 0, UNIT),
    // WOE columns are float32.
    woe: finite(v.woe, `${path}.woe`, -FLOAT32_MAX, FLOAT32_MAX),
    iv: finite(v.iv, `${path}.iv`, 0),
  };
  if ((bin.missing || special !== undefined || kind === 'categorical') && (bin.lower !== null || bin.upper !== null)) {
    throw bad(path, 'missing, special and categorical bins have no bounds (lower and upper null)');
  }
  return bin;
}

/**
 * A `FeatureBinning` read back from JSON, checked completely: value bins of a
 * numeric feature contiguous from −inf to +inf with increasing bounds, one
 * missing bin at most, distinct special values and category labels, finite
 * statistics. A corrupted or hostile file is E_MODEL_FORMAT with its path.
 */
export function readFeatureBinning(v: unknown, path: string): FeatureBinning {
  if (!isJsonObject(v)) throw bad(path, 'expected a feature binning object');
  const feature = text(v.feature, `${path}.feature`);
  const kind = oneOf(v.kind, ['numeric', 'categorical'] as const, `${path}.kind`);
  if (!Array.isArray(v.bins) || v.bins.length === 0 || v.bins.length > MAX_JSON_BINS) throw bad(`${path}.bins`, `expected 1..${MAX_JSON_BINS} bins`);
  // Array.from visits holes (a deleted element), which map would skip.
  const bins = Array.from(v.bins as unknown[], (b, k) => readBin(b, `${path}.bins[${k}]`, kind));
  if (bins.filter((b) => b.missing).length > 1) throw bad(`${path}.bins`, 'more than one missing bin');
  const specials = new Set<number>();
  const labels = new Set<string>();
  const valueBins: WoeBin[] = [];
  bins.forEach((b, k) => {
    if (b.special !== undefined) {
      const f = Math.fround(b.special);
      if (specials.has(f)) throw bad(`${path}.bins[${k}].special`, `special value ${b.special} appears twice`);
      specials.add(f);
    } else if (!b.missing) {
      valueBins.push(b);
    }
    for (const c of b.categories ?? []) {
      if (labels.has(c)) throw bad(`${path}.bins[${k}].categories`, `category "${c}" is in two bins`);
      labels.add(c);
    }
  });
  if (kind === 'numeric' && valueBins.length > 0) {
    const at = (b: WoeBin) => `${path}.bins[${bins.indexOf(b)}]`;
    if (valueBins[0].lower !== null) throw bad(`${at(valueBins[0])}.lower`, 'the first value bin must reach −inf (null)');
    if (valueBins[valueBins.length - 1].upper !== null) throw bad(`${at(valueBins[valueBins.length - 1])}.upper`, 'the last value bin must reach +inf (null)');
    valueBins.forEach((b, k) => {
      if (k > 0 && b.lower !== valueBins[k - 1].upper) throw bad(`${at(b)}.lower`, 'value bins must be contiguous: lower = the previous upper');
      if (b.lower !== null && b.upper !== null && !(b.lower < b.upper)) throw bad(`${at(b)}.upper`, 'upper must exceed lower');
    });
  }
  const iv = finite(v.iv, `${path}.iv`, 0);
  const out: FeatureBinning = {
    feature,
    kind,
    bins,
    iv,
    strength: oneOf(v.strength, STRENGTHS, `${path}.strength`),
    direction: oneOf(v.direction, DIRECTIONS, `${path}.direction`),
    rank: finite(v.rank, `${path}.rank`, 0, 1e9),
  };
  if (!Number.isInteger(out.rank)) throw bad(`${path}.rank`, 'expected an integer');
  if (v.trend !== undefined) out.trend = oneOf(v.trend, SHAPES, `${path}.trend`);
  if (v.totals !== undefined) out.totals = readTotals(v.totals, `${path}.totals`);
  return out;
}

function readTotals(v: unknown, path: string): BinningTotals {
  if (!isJsonObject(v)) throw bad(path, 'expected an object');
  return {
    count: finite(v.count, `${path}.count`, 0),
    goods: finite(v.goods, `${path}.goods`, 0),
    bads: finite(v.bads, `${path}.bads`, 0),
    badRate: finite(v.badRate, `${path}.badRate`, 0, UNIT),
    iv: finite(v.iv, `${path}.iv`, 0),
  };
}
