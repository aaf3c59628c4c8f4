import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/random.js';
import { BinningProcess } from '../../src/binning/binningProcess.js';
import { woeTransform } from '../../src/binning/woe.js';
import { CreditkitError } from '../../src/errors.js';
import { errorOf } from '../errorOf.js';
import { init } from '../../src/wasm/load.js';

await init();

/** Features: strong signal, a noisy copy of it, a weaker signal, noise, a leak, a categorical, a count with special values. */
function data(n: number, seed: number): { X: Dataset; y: Float64Array } {
  const rng = new Random(seed);
  const strong = new Float32Array(n);
  const copy = new Float32Array(n);
  const weak = new Float32Array(n);
  const noise = new Float32Array(n);
  const leak = new Float32Array(n);
  const region = new Float32Array(n);
  const late = new Float32Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    strong[i] = rng.next() * 10;
    copy[i] = strong[i] + rng.next() * 0.5;
    weak[i] = rng.next();
    noise[i] = rng.next();
    region[i] = rng.int(4);
    const u = rng.next();
    late[i] = u < 0.04 ? 98 : u < 0.06 ? 96 : rng.int(6);
    const z = -3 + 0.45 * strong[i] + 2 * weak[i] + (region[i] === 3 ? 0.6 : 0) + (late[i] === 98 ? 1.5 : late[i] === 96 ? 0.8 : 0.1 * late[i]);
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    leak[i] = y[i] === 1 ? 1 + rng.next() : rng.next();
  }
  const X = new Dataset([
    { name: 'strong', kind: 'numeric', values: strong },
    { name: 'copy', kind: 'numeric', values: copy },
    { name: 'weak', kind: 'numeric', values: weak },
    { name: 'noise', kind: 'numeric', values: noise },
    { name: 'leak', kind: 'numeric', values: leak },
    { name: 'region', kind: 'categorical', values: region, categories: ['north', 'south', 'east', 'west'] },
    { name: 'late', kind: 'numeric', values: late },
  ]);
  return { X, y };
}

function pearson(a: Float32Array, b: Float32Array): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('BinningProcess', () => {
  const { X, y } = data(8000, 42);
  const options = {
    binning: { maxBins: 8 },
    features: { weak: { trend: 'ascending' as const } },
    specialValues: { late: [96, 98] },
    minIv: 0.02,
    maxIv: 2,
    maxCorrelation: 0.8,
  };

  it('bins every feature, selects by IV range and WOE correlation, and explains each decision', () => {
    const p = new BinningProcess(options).fit(X, y);
    const summary = p.summary();
    expect(summary.map((r) => r.feature)).toEqual(X.names);
    const row = (f: string) => summary.find((r) => r.feature === f)!;
    expect(row('noise').selected).toBe(false);
    expect(row('noise').reason).toMatch(/below minIv 0.02/);
    expect(row('leak').selected).toBe(false);
    expect(row('leak').reason).toMatch(/above maxIv 2/);
    // Of the correlated pair the lower-IV one goes, naming the other.
    const [hi, lo] = row('strong').iv >= row('copy').iv ? ['strong', 'copy'] : ['copy', 'strong'];
    expect(row(hi).selected).toBe(true);
    expect(row(lo).selected).toBe(false);
    expect(row(lo).reason).toMatch(new RegExp(`correlated with "${hi}"`));
    expect(p.selected).toEqual(X.names.filter((f) => row(f).selected));
    expect(p.selected).toEqual(expect.arrayContaining(['weak', 'region', 'late']));
    // Per-feature options and special values reached their features.
    expect(p.binning('weak').trend).toBe('ascending');
    expect(p.binning('late').bins.filter((b) => b.special !== undefined).map((b) => b.special)).toEqual([96, 98]);
    expect(p.binning('strong').bins.filter((b) => !b.missing).length).toBeLessThanOrEqual(8);
    for (const r of summary) {
      expect(r.iv).toBe(p.binning(r.feature).iv);
      expect(r.bins).toBe(p.binning(r.feature).bins.length);
    }
    // Ranks follow IV.
    const byRank = [...p.binnings].sort((a, b) => a.rank - b.rank).map((b) => b.iv);
    expect(byRank).toEqual([...byRank].sort((a, b) => b - a));

    // The correlation decisions agree with an independent Pearson r on the WOE columns.
    const all = p.transform(X, { all: true });
    const kept = X.names.filter((f) => row(f).selected);
    for (let a = 0; a < kept.length; a++) {
      for (let b = a + 1; b < kept.length; b++) {
        expect(Math.abs(pearson(all.column(kept[a]).values, all.column(kept[b]).values))).toBeLessThanOrEqual(0.8);
      }
    }
    expect(Math.abs(pearson(all.column('strong').values, all.column('copy').values))).toBeGreaterThan(0.8);
  });

  it('transforms any dataset to WOE: the selected columns, as woeTransform does', () => {
    const p = new BinningProcess(options).fit(X, y);
    const test = data(500, 7).X;
    const t = p.transform(test);
    expect(t.names).toEqual(p.selected);
    const expected = woeTransform(p.binnings.filter((b) => p.selected.includes(b.feature)), test);
    for (const f of p.selected) expect(t.column(f).values).toEqual(expected.column(f).values);
    expect(p.fitTransform(X, y).names).toEqual(p.selected);
    expect(errorOf(() => p.transform(test.drop(['late']))).code).toBe('E_COLUMN_UNKNOWN');
  });

  it('round-trips through JSON: the same summary and bit-identical WOE', () => {
    const p = new BinningProcess(options).fit(X, y);
    const text = JSON.stringify(p.toJSON());
    const q = BinningProcess.fromJSON(JSON.parse(text));
    expect(q.summary()).toEqual(p.summary());
    expect(JSON.stringify(q.toJSON())).toBe(text);
    const a = p.transform(X, { all: true });
    const b = q.transform(X, { all: true });
    for (const f of X.names) expect(b.column(f).values).toEqual(a.column(f).values);
  });

  it('sample weights reach every feature binning', () => {
    const w = Float64Array.from({ length: y.length }, (_, i) => 1 + (i % 3));
    const p = new BinningProcess({ minIv: 0 }).fit(X, y, { weights: w });
    const total = w.reduce((s, v) => s + v, 0);
    for (const b of p.binnings) expect(b.totals!.count).toBeCloseTo(total, 6);
  });

  it('rejects a corrupted or hostile JSON with E_MODEL_FORMAT and its path', () => {
    const good = JSON.parse(JSON.stringify(new BinningProcess(options).fit(X, y).toJSON()));
    const cases: [string, (j: any) => void, RegExp | string][] = [
      ['name', (j) => (j.name = 'Scorecard'), 'name'],
      ['version', (j) => (j.version = 2), 'version'],
      ['options', (j) => (j.options.maxCorrelation = 3), 'options'],
      ['unknown option', (j) => (j.options.binning = { __proto__: null, polluted: 1 }), 'options'],
      ['binnings', (j) => (j.binnings = {}), 'binnings'],
      ['kind', (j) => (j.binnings[0].kind = 'text'), 'binnings[0].kind'],
      ['woe null (NaN in JSON)', (j) => (j.binnings[0].bins[1].woe = null), 'binnings[0].bins[1].woe'],
      ['gap between bins', (j) => (j.binnings[0].bins[1].lower += 0.5), 'binnings[0].bins[1].lower'],
      ['open first bin', (j) => (j.binnings[0].bins[0].lower = -5), 'binnings[0].bins[0].lower'],
      ['bounds on the missing bin', (j) => (j.binnings[6].bins.at(-1).lower = 1), /binnings\[6\]\.bins\[\d+\]/],
      ['two missing bins', (j) => (j.binnings[0].bins.push({ ...j.binnings[0].bins[0], lower: null, upper: null, missing: true }), j.binnings[0].bins.push({ ...j.binnings[0].bins[0], lower: null, upper: null, missing: true })), 'binnings[0].bins'],
      ['special twice', (j) => (j.binnings[6].bins.find((b: any) => b.special === 96).special = 98), /binnings\[6\]\.bins\[\d+\]\.special/],
      ['category in two bins', (j) => j.binnings[5].bins[1].categories.push(j.binnings[5].bins[0].categories[0]), 'binnings[5].bins[1].categories'],
      ['categorical bin without labels', (j) => delete j.binnings[5].bins[0].categories, 'binnings[5].bins[0].categories'],
      ['feature twice', (j) => (j.binnings[1].feature = j.binnings[0].feature), 'binnings[1].feature'],
      ['summary length', (j) => j.summary.pop(), 'summary'],
      ['summary feature', (j) => (j.summary[0].feature = 'x'), 'summary[0].feature'],
      ['too many bins', (j) => (j.binnings[0].bins = Array.from({ length: 300 }, () => j.binnings[0].bins[0])), 'binnings[0].bins'],
      ['negative share', (j) => (j.binnings[0].bins[0].share = -1), 'binnings[0].bins[0].share'],
      ['not an object', (j) => (j.binnings[0] = 'x'), 'binnings[0]'],
    ];
    for (const [what, mutate, path] of cases) {
      const j = structuredClone(good);
      mutate(j);
      const e = errorOf(() => BinningProcess.fromJSON(j));
      expect(e.code, what).toBe('E_MODEL_FORMAT');
      if (typeof path === 'string') expect(e.where.path, what).toBe(path);
      else expect(e.where.path, what).toMatch(path);
    }
    expect(errorOf(() => BinningProcess.fromJSON(null)).code).toBe('E_MODEL_FORMAT');
    expect(errorOf(() => BinningProcess.fromJSON(JSON.parse('{"name":"BinningProcess","version":1,"options":{"__proto__":{"x":1}}}'))).code).toBe('E_MODEL_FORMAT');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('any random mutation of its JSON loads or is a coded error, never another exception', () => {
    const good = JSON.parse(JSON.stringify(new BinningProcess(options).fit(X, y).toJSON()));
    const rng = new Random(99);
    const junk = [null, -1, 0, 1e308, 'x', [], {}, true, -999, 0.5];
    /** Every (object, key) pair of the JSON tree. */
    const slots = (v: any, out: [any, string | number][] = []): [any, string | number][] => {
      if (v !== null && typeof v === 'object') {
        for (const k of Object.keys(v)) {
          out.push([v, Array.isArray(v) ? Number(k) : k]);
          slots(v[k], out);
        }
      }
      return out;
    };
    let loaded = 0;
    for (let rep = 0; rep < 300; rep++) {
      const j = structuredClone(good);
      const all = slots(j);
      const [obj, key] = all[rng.int(all.length)];
      if (rng.next() < 0.2) delete obj[key];
      else obj[key] = junk[rng.int(junk.length)];
      try {
        const p = BinningProcess.fromJSON(j);
        const t = p.transform(X, { all: true });
        for (const c of t.columns) for (const v of c.values) if (!Number.isFinite(v)) expect.fail('a non-finite WOE');
        loaded++;
      } catch (e) {
        if (!(e instanceof CreditkitError)) throw e;
      }
    }
    expect(loaded).toBeGreaterThan(0);
  });

  it('bad input: coded errors naming the feature', () => {
    expect(errorOf(() => new BinningProcess({ specialValues: { nope: [1] } }).fit(X, y)).where.column).toBe('nope');
    expect(errorOf(() => new BinningProcess({ specialValues: { nope: [1] } }).fit(X, y)).code).toBe('E_COLUMN_UNKNOWN');
    expect(errorOf(() => new BinningProcess({ features: { nope: {} } }).fit(X, y)).code).toBe('E_COLUMN_UNKNOWN');
    const unseen = errorOf(() => new BinningProcess({ specialValues: { late: [97] } }).fit(X, y));
    expect([unseen.code, unseen.where.column]).toEqual(['E_SPECIAL_VALUE_UNSEEN', 'late']);
    const constant = X.columns.map((c) => c);
    const withConstant = new Dataset([...constant, { name: 'const', kind: 'numeric', values: new Float32Array(y.length).fill(1) }]);
    const single = errorOf(() => new BinningProcess().fit(withConstant, y));
    expect([single.code, single.where.column]).toEqual(['E_SINGLE_VALUE', 'const']);
    const infeasible = errorOf(() => new BinningProcess({ features: { weak: { minBinEvents: 1e9 } } }).fit(X, y));
    expect([infeasible.code, infeasible.where.column]).toEqual(['E_BINNING_INFEASIBLE', 'weak']);
    for (const bad of [{ minIv: -1 }, { maxIv: 0 }, { maxCorrelation: 0 }, { maxCorrelation: 1.5 }, { binning: { trend: 'up' } }, { features: { weak: { maxBins: 0 } } },
      { specialValues: { late: ['x'] } }, { selection: 1 }, { features: [] }]) {
      expect(errorOf(() => new BinningProcess(bad as never)).code, JSON.stringify(bad)).toBe('E_OPTION');
    }
    expect(errorOf(() => new BinningProcess({ features: { weak: { maxBins: 0 } } })).where.column).toBe('weak');
    expect(errorOf(() => new BinningProcess().summary()).code).toBe('E_NOT_FITTED');
    expect(errorOf(() => new BinningProcess().fit(X, y).binning('nope')).code).toBe('E_COLUMN_UNKNOWN');
    expect(errorOf(() => new BinningProcess().fit(X, y.subarray(1))).code).toBe('E_SHAPE');
  });
});
