import { MAX_JSON_BINS } from '../../binning/binningJson.js';
import { MAX_MODEL_FEATURES } from '../modelLimits.js';
import { asObject, checkDistinctLabels, finiteNumber, formatError } from '../modelJson.js';
import type { ScorecardCharacteristic } from './scorecard.js';
import { REJECTED_REASONS, type RejectedCharacteristic } from './scorecardRejected.js';
import type { ScorecardAttribute } from './scorecardBinning.js';

/** What a saved scorecard holds besides its options; every field checked (E_MODEL_FORMAT naming its path). */
export function readCharacteristics(o: Record<string, unknown>): {
  characteristics: Omit<ScorecardCharacteristic, 'points'>[]; intercept: number; rejected: RejectedCharacteristic[];
} {
  const intercept = finiteNumber(o.intercept, 'intercept');
  const list = o.characteristics;
  if (!Array.isArray(list) || list.length === 0) formatError('must be a non-empty array of characteristics', 'characteristics');
  if (list.length > MAX_MODEL_FEATURES) formatError(`has ${list.length} characteristics, more than ${MAX_MODEL_FEATURES}`, 'characteristics');
  const names = new Set<string>();
  const characteristics = list.map((raw, j) => {
    const at = `characteristics[${j}]`;
    const c = asObject(raw, at);
    if (typeof c.feature !== 'string') formatError('must be a string', `${at}.feature`);
    if (names.has(c.feature)) formatError(`duplicate characteristic "${c.feature}"`, `${at}.feature`);
    names.add(c.feature);
    if (c.kind !== 'numeric' && c.kind !== 'categorical') formatError('must be "numeric" or "categorical"', `${at}.kind`);
    let categories: string[] | undefined;
    if (c.kind === 'categorical') {
      if (!Array.isArray(c.categories) || !c.categories.every((s) => typeof s === 'string')) formatError('must be an array of strings', `${at}.categories`);
      categories = [...c.categories];
      checkDistinctLabels(categories, `${at}.categories`);
    }
    if (!Array.isArray(c.attributes) || c.attributes.length === 0 || c.attributes.length > MAX_JSON_BINS) {
      formatError(`must be an array of 1..${MAX_JSON_BINS} attributes`, `${at}.attributes`);
    }
    const attributes = c.attributes.map((a, k) => readAttribute(a, c.kind as string, `${at}.attributes[${k}]`));
    const out: Omit<ScorecardCharacteristic, 'points'> = {
      feature: c.feature, kind: c.kind, attributes, iv: finiteNumber(c.iv, `${at}.iv`), coefficient: finiteNumber(c.coefficient, `${at}.coefficient`),
    };
    if (categories) out.categories = categories;
    return out;
  });
  const rejected = o.rejected === undefined ? [] : readRejected(o.rejected);
  return { characteristics, intercept, rejected };
}

function readAttribute(raw: unknown, kind: string, at: string): ScorecardAttribute {
  const a = asObject(raw, at);
  const allowed = kind === 'categorical' ? ['categories', 'missing'] : ['range', 'missing', 'special'];
  if (typeof a.kind !== 'string' || !allowed.includes(a.kind)) formatError(`must be one of ${allowed.map((s) => `"${s}"`).join(', ')}`, `${at}.kind`);
  const bound = (v: unknown, path: string): number | null => (v === null ? null : finiteNumber(v, path));
  const out: ScorecardAttribute = {
    kind: a.kind as ScorecardAttribute['kind'],
    lower: bound(a.lower, `${at}.lower`),
    upper: bound(a.upper, `${at}.upper`),
    count: finiteNumber(a.count, `${at}.count`),
    goods: finiteNumber(a.goods, `${at}.goods`),
    bads: finiteNumber(a.bads, `${at}.bads`),
    share: finiteNumber(a.share, `${at}.share`),
    badRate: finiteNumber(a.badRate, `${at}.badRate`),
    woe: finiteNumber(a.woe, `${at}.woe`),
    iv: finiteNumber(a.iv, `${at}.iv`),
  };
  if (out.kind === 'range' && out.lower !== null && out.upper !== null && !(out.lower < out.upper)) formatError('lower must be below upper', at);
  if (out.kind === 'special') out.value = finiteNumber(a.value, `${at}.value`);
  if (out.kind === 'categories') {
    if (!Array.isArray(a.categories) || !a.categories.every((s) => typeof s === 'string')) formatError('must be an array of strings', `${at}.categories`);
    out.categories = [...a.categories];
  }
  return out;
}

function readRejected(v: unknown): RejectedCharacteristic[] {
  if (!Array.isArray(v)) return formatError('must be an array', 'rejected');
  return v.map((raw, j) => {
    const r = asObject(raw, `rejected[${j}]`);
    if (typeof r.feature !== 'string') formatError('must be a string', `rejected[${j}].feature`);
    if (!REJECTED_REASONS.includes(r.reason as never)) formatError(`must be one of ${REJECTED_REASONS.map((x) => `"${x}"`).join(', ')}`, `rejected[${j}].reason`);
    const out: RejectedCharacteristic = { feature: r.feature, iv: finiteNumber(r.iv, `rejected[${j}].iv`), reason: r.reason as RejectedCharacteristic['reason'] };
    if (r.correlatedWith !== undefined) {
      const c = asObject(r.correlatedWith, `rejected[${j}].correlatedWith`);
      if (typeof c.feature !== 'string') formatError('must be a string', `rejected[${j}].correlatedWith.feature`);
      out.correlatedWith = { feature: c.feature, r: finiteNumber(c.r, `rejected[${j}].correlatedWith.r`) };
    }
    return out;
  });
}
