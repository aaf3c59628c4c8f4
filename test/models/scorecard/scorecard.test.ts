import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../../src/data/dataset.js';
import { splitTarget } from '../../../src/data/target.js';
import { LogisticRegression } from '../../../src/models/linear/logistic.js';
import { loadModel } from '../../../src/models/registry.js';
import { createModel } from '../../../src/models/factory.js';
import { ScorecardModel } from '../../../src/models/scorecard/scorecard.js';
import type { ScorecardAttribute } from '../../../src/models/scorecard/scorecardBinning.js';
import { PointsScale } from '../../../src/models/scorecard/pointsScale.js';
import { Random } from '../../../src/random.js';
import { init } from '../../../src/wasm/load.js';
import { errorOf } from '../../errorOf.js';
import { readCsvFileSync } from '../../readCsvFileSync.js';

await init();

const german = splitTarget(readCsvFileSync(fileURLToPath(new URL('../../../data/german-credit.csv.gz', import.meta.url))), 'is_bad');

/** The attribute of one raw value, found from the table's bounds and labels alone. */
function attributeOf(attrs: readonly ScorecardAttribute[], v: number | string | null): number {
  if (v === null) return attrs.findIndex((a) => a.kind === 'missing');
  if (typeof v === 'string') return attrs.findIndex((a) => a.kind === 'categories' && a.categories!.includes(v));
  const special = attrs.findIndex((a) => a.kind === 'special' && a.value === v);
  if (special >= 0) return special;
  return attrs.findIndex((a) => a.kind === 'range' && (a.lower === null || v >= a.lower) && (a.upper === null || v < a.upper));
}

function rawValue(X: Dataset, name: string, i: number): number | string | null {
  const c = X.column(name);
  const v = c.values[i];
  if (Number.isNaN(v)) return null;
  return c.kind === 'categorical' ? c.categories![v] : v;
}

/** base points + Σ the table's points of each row's attributes, looked up by value. */
function scoreFromTable(model: ScorecardModel, X: Dataset): Float64Array {
  const chars = model.scorecardCharacteristics();
  const base = model.pointsTable().basePoints;
  return Float64Array.from({ length: X.nRows }, (_, i) => {
    let s = base;
    for (const c of chars) {
      const k = attributeOf(c.attributes, rawValue(X, c.feature, i));
      s += k < 0 ? 0 : c.points[k];
    }
    return s;
  });
}

/** Rows of a numeric feature with a clear trend, plus special values and missing ones. */
function withSpecials(n: number, seed: number): { X: Dataset; y: number[] } {
  const rng = new Random(seed);
  const x = new Float32Array(n);
  const z = new Float32Array(n);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    if (r < 0.05) {
      x[i] = 96;
      y.push(rng.next() < 0.6 ? 1 : 0);
    } else if (r < 0.08) {
      x[i] = 98;
      y.push(rng.next() < 0.1 ? 1 : 0);
    } else if (r < 0.12) {
      x[i] = NaN;
      y.push(rng.next() < 0.3 ? 1 : 0);
    } else {
      const v = Math.floor(rng.next() * 6);
      x[i] = v;
      y.push(rng.next() < 0.05 + 0.08 * v ? 1 : 0);
    }
    z[i] = Math.floor(rng.next() * 10) + (y[i] ? 3 : 0);
  }
  return { X: new Dataset([{ name: 'late', kind: 'numeric', values: x }, { name: 'z', kind: 'numeric', values: z }]), y };
}

describe('ScorecardModel on German credit', () => {
  const model = new ScorecardModel().fit(german.X, german.y);

  it('points add up: base points + Σ attribute points = the score of every row, and the score maps back to the PD', () => {
    const score = model.score(german.X);
    const fromTable = scoreFromTable(model, german.X);
    for (let i = 0; i < score.length; i++) expect(score[i]).toBe(fromTable[i]);
    const scale = new PointsScale({ pdo: 20, baseOdds: 50, basePoints: 600 });
    const pd = model.predictProba(german.X);
    for (let i = 0; i < pd.length; i++) expect(pd[i]).toBeCloseTo(scale.pd(score[i]), 14);
  });

  it('its PD is the logistic regression on the WOE columns (good:bad convention: β = −the PD coefficient)', () => {
    const chars = model.scorecardCharacteristics();
    const woe = new Dataset(chars.map((c) => ({
      name: c.feature, kind: 'numeric' as const,
      values: Float32Array.from({ length: german.X.nRows }, (_, i) => c.attributes[attributeOf(c.attributes, rawValue(german.X, c.feature, i))].woe),
    })));
    const lr = new LogisticRegression({ missingIndicators: false }).fit(woe, german.y);
    const coef = lr.coefficients();
    chars.forEach((c, j) => expect(c.coefficient).toBeCloseTo(-coef.original[j], 9));
    expect(model.interceptLogOdds).toBeCloseTo(-coef.intercept.original, 9);
    const a = model.predictProba(german.X);
    const b = lr.predictProba(woe);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-6);
  });

  it('states WOE, IV and counts that an independent count of the rows reproduces', () => {
    const y = german.y;
    const G = y.filter((v) => v === 0).length;
    const B = y.length - G;
    for (const c of model.scorecardCharacteristics()) {
      const counts = c.attributes.map(() => ({ g: 0, b: 0 }));
      for (let i = 0; i < y.length; i++) {
        const k = attributeOf(c.attributes, rawValue(german.X, c.feature, i));
        expect(k).toBeGreaterThanOrEqual(0);
        if (y[i] === 1) counts[k].b++;
        else counts[k].g++;
      }
      let iv = 0;
      c.attributes.forEach((a, k) => {
        expect([a.goods, a.bads]).toEqual([counts[k].g, counts[k].b]);
        const pad = counts[k].g === 0 || counts[k].b === 0 ? 0.5 : 0;
        const pg = (counts[k].g + pad) / G;
        const pb = (counts[k].b + pad) / B;
        expect(a.woe).toBeCloseTo(Math.log(pg / pb), 12);
        iv += (pg - pb) * Math.log(pg / pb);
      });
      expect(c.iv).toBeCloseTo(iv, 12);
      expect(c.iv).toBeGreaterThanOrEqual(0.02);
    }
    for (const r of model.rejected) expect([r.reason, r.iv < 0.02]).toEqual(['low-iv', true]);
    expect(model.featureSpecs.length + model.rejected.length).toBe(20);
  });

  it('has a points table with a row per attribute, points = factor · β · WOE', () => {
    const t = model.pointsTable();
    const chars = model.scorecardCharacteristics();
    expect(t.rows.length).toBe(chars.reduce((s, c) => s + c.attributes.length, 0));
    const factor = 20 / Math.LN2;
    for (const r of t.rows) expect(r.points).toBeCloseTo(factor * r.coefficient * r.woe, 10);
    expect(t.basePoints).toBeCloseTo(600 - factor * Math.log(50) + factor * model.interceptLogOdds, 10);
    expect(t.rows.some((r) => r.characteristic === 'checking_account_status' && r.attribute.includes('A14'))).toBe(true);
    expect(t.wrongSign).toEqual(chars.filter((c) => c.coefficient < 0).map((c) => c.feature));
  });

  it('with roundPoints: whole points, the score still adds up, and the PD is the rounded score\'s', () => {
    const rounded = new ScorecardModel({ roundPoints: true }).fit(german.X, german.y);
    const exact = model.score(german.X);
    const score = rounded.score(german.X);
    const fromTable = scoreFromTable(rounded, german.X);
    const m = rounded.featureSpecs.length;
    const scale = new PointsScale();
    const pd = rounded.predictProba(german.X);
    for (let i = 0; i < score.length; i++) {
      expect(Number.isInteger(score[i])).toBe(true);
      expect(score[i]).toBe(fromTable[i]);
      expect(pd[i]).toBeCloseTo(scale.pd(score[i]), 14);
      // Each of the m + 1 roundings moves the score by at most half a point.
      expect(Math.abs(score[i] - exact[i])).toBeLessThanOrEqual((m + 1) / 2);
    }
    for (const r of rounded.pointsTable().rows) expect(Number.isInteger(r.points)).toBe(true);
  });

  it('round-trips through JSON with bit-identical scores and PDs', () => {
    const back = loadModel(JSON.stringify(model)) as ScorecardModel;
    expect(back).toBeInstanceOf(ScorecardModel);
    expect(Array.from(back.predictProba(german.X))).toEqual(Array.from(model.predictProba(german.X)));
    expect(back.pointsTable()).toEqual(model.pointsTable());
    expect(back.rejected).toEqual(model.rejected);
  });

  it('is a model kind of the factory', () => {
    const m = createModel('scorecard', { pdo: 40 }) as ScorecardModel;
    expect(m).toBeInstanceOf(ScorecardModel);
    expect(m.options.pdo).toBe(40);
  });

  it('gives an unseen category 0 points and scores the rest', () => {
    const X = german.X.take([0, 1]);
    const col = X.column('purpose');
    const other = new Dataset(X.columns.map((c) => (c.name === 'purpose' ? { ...col, categories: ['never-seen'], values: new Float32Array([0, 0]) } : c)));
    const p = model.points(other);
    const j = model.featureSpecs.findIndex((s) => s.name === 'purpose');
    if (j >= 0) {
      expect(p.attributes[j]).toBe(-1);
      expect(p.points[j]).toBe(0);
    }
    expect(p.scores[0]).toBeCloseTo(scoreFromTable(model, other)[0], 10);
  });
});

describe('ScorecardModel: special values, L1, wrong signs', () => {
  it('gives each special value an attribute of its own with its own WOE', () => {
    const { X, y } = withSpecials(4000, 3);
    const m = new ScorecardModel({ specialValues: { late: [96, 98] }, minIv: 0 }).fit(X, y);
    const late = m.scorecardCharacteristics().find((c) => c.feature === 'late')!;
    const specials = late.attributes.filter((a) => a.kind === 'special');
    expect(specials.map((a) => a.value)).toEqual([96, 98]);
    const G = y.filter((v) => v === 0).length;
    const B = y.length - G;
    for (const a of specials) {
      let g = 0;
      let b = 0;
      for (let i = 0; i < y.length; i++) if (X.column('late').values[i] === a.value) (y[i] ? b++ : g++);
      expect([a.goods, a.bads]).toEqual([g, b]);
      expect(a.woe).toBeCloseTo(Math.log((g / G) / (b / B)), 12);
    }
    // Regular ranges never reach the special rows.
    for (const a of late.attributes.filter((x) => x.kind === 'range')) expect(a.count).toBeLessThan(4000 * 0.9);
    expect(late.attributes.filter((a) => a.kind === 'missing').length).toBe(1);
    expect(late.attributes.reduce((s, a) => s + a.count, 0)).toBe(4000);
    const labels = m.pointsTable().rows.filter((r) => r.characteristic === 'late').map((r) => r.attribute);
    expect(labels).toContain('Special: 96');
    expect(labels).toContain('Missing');
  });

  it('drops characteristics with an L1 penalty and reports them', () => {
    const { X, y } = withSpecials(3000, 5);
    const rng = new Random(9);
    const noise = Float32Array.from({ length: 3000 }, () => Math.floor(rng.next() * 4));
    const X3 = new Dataset([...X.columns, { name: 'noise', kind: 'numeric', values: noise }]);
    const m = new ScorecardModel({ specialValues: { late: [96, 98] }, minIv: 0, penalty: 'l1', C: 0.002 }).fit(X3, y);
    expect(m.rejected.some((r) => r.reason === 'l1')).toBe(true);
    expect(m.featureSpecs.map((s) => s.name)).not.toContain(m.rejected.find((r) => r.reason === 'l1')!.feature);
    expect(errorOf(() => new ScorecardModel({ minIv: 0, penalty: 'l1', C: 1e-6 }).fit(X3, y)).code).toBe('E_NO_CHARACTERISTIC');
  });

  it('reports a coefficient of the wrong sign instead of hiding it', () => {
    // b is a noisy copy of a, so its WOE alone points the same way, but given a it adds risk where it is high.
    const rng = new Random(11);
    const n = 6000;
    const a = new Float32Array(n);
    const b = new Float32Array(n);
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      a[i] = Math.floor(rng.next() * 10);
      b[i] = a[i] + Math.floor(rng.next() * 3);
      const z = -2 + 0.6 * a[i] - 0.3 * b[i];
      y.push(rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
    }
    const X = new Dataset([{ name: 'a', kind: 'numeric', values: a }, { name: 'b', kind: 'numeric', values: b }]);
    const m = new ScorecardModel({ minIv: 0, minBinShare: 0.01 }).fit(X, y);
    const coef = Object.fromEntries(m.scorecardCharacteristics().map((c) => [c.feature, c.coefficient]));
    expect(coef.a).toBeGreaterThan(0);
    expect(coef.b).toBeLessThan(0);
    expect(m.wrongSign).toEqual(['b']);
    expect(m.pointsTable().wrongSign).toEqual(['b']);
  });

  it('sample weights reach the binning: integer weights fit as the rows repeated (attributes, counts, WOE, coefficients)', () => {
    const { X, y } = withSpecials(3000, 13);
    const rng = new Random(21);
    const w = Float64Array.from({ length: y.length }, () => rng.int(4));
    const keep: number[] = [];
    w.forEach((k, i) => {
      for (let r = 0; r < k; r++) keep.push(i);
    });
    const options = { specialValues: { late: [96, 98] }, minIv: 0 };
    const weighted = new ScorecardModel(options).fit(X, y, { sampleWeight: w });
    const repeated = new ScorecardModel(options).fit(X.take(keep), keep.map((i) => y[i]));
    const shape = (m: ScorecardModel) => m.scorecardCharacteristics().map((c) => ({
      feature: c.feature, attributes: c.attributes.map((a) => [a.kind, a.lower, a.upper, a.value, a.goods, a.bads]),
    }));
    expect(shape(weighted)).toEqual(shape(repeated));
    const wc = weighted.scorecardCharacteristics();
    repeated.scorecardCharacteristics().forEach((c, j) => {
      c.attributes.forEach((a, k) => {
        expect(wc[j].attributes[k].woe).toBeCloseTo(a.woe, 12);
        expect(wc[j].attributes[k].share).toBeCloseTo(a.share, 12);
      });
      expect(wc[j].iv).toBeCloseTo(c.iv, 12);
      expect(wc[j].coefficient).toBeCloseTo(c.coefficient, 6);
    });
    const a = weighted.score(X);
    const b = repeated.score(X);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 4);
    // The weights matter: the unweighted binning counts rows, not weights.
    const plain = new ScorecardModel(options).fit(X, y).scorecardCharacteristics();
    expect(plain[0].attributes.map((x) => x.count)).not.toEqual(wc[0].attributes.map((x) => x.count));
    // Weights all 1 are the unweighted fit, byte for byte.
    expect(JSON.stringify(new ScorecardModel(options).fit(X, y, { sampleWeight: new Float64Array(y.length).fill(1) })))
      .toBe(JSON.stringify(new ScorecardModel(options).fit(X, y)));
  });
});

describe('ScorecardModel: bad input', () => {
  const { X, y } = withSpecials(2000, 7);

  it('a characteristic with one value is left out as "single-value" (scorecard.options.test.ts); with no other, E_NO_CHARACTERISTIC', () => {
    const one = new Dataset([...X.columns, { name: 'constant', kind: 'numeric', values: new Float32Array(2000).fill(3) }]);
    expect(new ScorecardModel().fit(one, y).rejected[0]).toEqual({ feature: 'constant', iv: 0, reason: 'single-value' });
    const e = errorOf(() => new ScorecardModel().fit(one.select(['constant']), y));
    expect(e.code).toBe('E_NO_CHARACTERISTIC');
    expect(e.message).toContain('"constant"');
  });

  it('no characteristic passing the IV filter is E_NO_CHARACTERISTIC', () => {
    const e = errorOf(() => new ScorecardModel({ minIv: 50 }).fit(X, y));
    expect(e.code).toBe('E_NO_CHARACTERISTIC');
    expect(e.message).toContain('minIv 50');
  });

  it('special values: one that never occurs, an unknown column, a categorical column, a malformed option', () => {
    let e = errorOf(() => new ScorecardModel({ specialValues: { late: [97] } }).fit(X, y));
    expect([e.code, e.where.column, e.message.includes('97')]).toEqual(['E_SPECIAL_VALUE_UNSEEN', 'late', true]);
    e = errorOf(() => new ScorecardModel({ specialValues: { nope: [1] } }).fit(X, y));
    expect([e.code, e.where.column]).toEqual(['E_COLUMN_UNKNOWN', 'nope']);
    e = errorOf(() => new ScorecardModel({ specialValues: { purpose: [1] } }).fit(german.X, german.y));
    expect([e.code, e.where.column]).toEqual(['E_OPTION', 'purpose']);
    expect(errorOf(() => new ScorecardModel({ specialValues: { late: [] } })).code).toBe('E_OPTION');
    expect(errorOf(() => new ScorecardModel({ specialValues: { late: [1, 1] } })).code).toBe('E_OPTION');
    expect(errorOf(() => new ScorecardModel({ specialValues: { late: ['x'] } })).code).toBe('E_OPTION');
  });

  it('predicting before fit is E_NOT_FITTED; a damaged model file is E_MODEL_FORMAT at its path', () => {
    expect(errorOf(() => new ScorecardModel().predictProba(X)).code).toBe('E_NOT_FITTED');
    const json = JSON.parse(JSON.stringify(new ScorecardModel({ specialValues: { late: [96, 98] } }).fit(X, y)));
    json.characteristics[0].attributes[0].woe = 'x';
    const e = errorOf(() => loadModel(json));
    expect([e.code, e.where.path]).toEqual(['E_MODEL_FORMAT', 'characteristics[0].attributes[0].woe']);
    json.characteristics[0].attributes[0].woe = 1e308;
    const huge = errorOf(() => loadModel(json));
    expect([huge.code, huge.where.path]).toEqual(['E_MODEL_FORMAT', 'characteristics[0]']);
    json.characteristics[0].attributes[0].woe = 0;
    json.characteristics[0].kind = 'categorical';
    expect(errorOf(() => loadModel(json)).code).toBe('E_MODEL_FORMAT');
    json.characteristics[0].kind = 'numeric';
    // More attributes than a binning can have (a byte codes them).
    const many = structuredClone(json);
    many.characteristics[0].attributes = Array.from({ length: 202 }, () => many.characteristics[0].attributes[0]);
    const tooMany = errorOf(() => loadModel(many));
    expect([tooMany.code, tooMany.where.path]).toEqual(['E_MODEL_FORMAT', 'characteristics[0].attributes']);
  });

  it('a saved scorecard whose ranges leave a gap scores a value in the gap 0 points (attribute −1), the rest as before', () => {
    const m = new ScorecardModel({ specialValues: { late: [96, 98] } }).fit(X, y);
    const json = JSON.parse(JSON.stringify(m));
    const late = json.characteristics.find((c: { feature: string }) => c.feature === 'late');
    const ranges = late.attributes.filter((a: ScorecardAttribute) => a.kind === 'range');
    expect(ranges.length).toBeGreaterThan(1);
    // The first range stops short of the second's lower bound: [lower, upper − 0.5).
    ranges[0].upper -= 0.5;
    const gapped = loadModel(json) as ScorecardModel;
    const j = gapped.featureSpecs.findIndex((f) => f.name === 'late');
    const values = [ranges[0].upper - 0.25, ranges[0].upper + 0.25, 96, 98, NaN, ranges[1].lower];
    const probe = new Dataset([{ name: 'late', kind: 'numeric', values: Float32Array.from(values) }, { name: 'z', kind: 'numeric', values: new Float32Array(values.length) }]);
    const got = gapped.points(probe);
    const expected = values.map((v) => attributeOf(gapped.scorecardCharacteristics()[j].attributes, Number.isNaN(v) ? null : Math.fround(v)));
    expect(Array.from({ length: values.length }, (_, i) => got.attributes[i * gapped.featureSpecs.length + j])).toEqual(expected);
    expect(expected[1]).toBe(-1);
    expect(got.points[1 * gapped.featureSpecs.length + j]).toBe(0);
  });
});
