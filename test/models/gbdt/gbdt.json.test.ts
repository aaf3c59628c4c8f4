import { describe, expect, it } from 'vitest';
import { CreditkitError, Dataset, GradientBoostingClassifier, Random, loadModel } from '../../../src/index.js';
import type { ModelJSON } from '../../../src/index.js';
import { additive, bitMismatches, errorOf, sigmoid } from '../helpers.js';

/** Numeric features with missing values, plus a flag whose only information is being missing. */
function mixedData(n: number, seed: number): { X: Dataset; y: Float64Array } {
  const base = additive(n, seed, 3);
  const rng = new Random(seed + 1);
  const flag = new Float32Array(n);
  const y = new Float64Array(n);
  const cols = base.X.columns.map((c) => ({ ...c, values: c.values.map((v) => (rng.next() < 0.1 ? NaN : v)) }));
  for (let i = 0; i < n; i++) {
    const missing = rng.next() < 0.3;
    flag[i] = missing ? NaN : 1;
    const z = Math.log(base.p[i] / (1 - base.p[i])) + (missing ? 1.5 : -0.5);
    y[i] = rng.next() < sigmoid(z) ? 1 : 0;
  }
  return { X: new Dataset([...cols, { name: 'flag', kind: 'numeric', values: flag }]), y };
}

const train = mixedData(3000, 1);
const test = mixedData(1000, 2);

describe('toJSON / fromJSON', () => {
  for (const growPolicy of ['depthwise', 'lossguide'] as const) {
    it(`round-trips through JSON text with bit-identical predictions (${growPolicy})`, () => {
      const model = new GradientBoostingClassifier({ nEstimators: 25, maxDepth: 4, growPolicy, subsample: 0.9, alpha: 0.1 }).fit(train.X, train.y);
      const text = JSON.stringify(model.toJSON());
      // "all non-missing values left" splits (threshold Infinity) are stored as null
      expect(text).toContain('null');
      const back = GradientBoostingClassifier.fromJSON(JSON.parse(text));
      expect(back.nTrees).toBe(model.nTrees);
      expect(back.featureNames).toEqual(model.featureNames);
      expect(back.getTrees().some((t) => t.threshold.some((v) => v === Infinity))).toBe(true);
      const p = model.predictProba(test.X);
      expect(bitMismatches(back.predictProba(test.X), p)).toBe(0);
      expect(bitMismatches(back.predictRaw(test.X), model.predictRaw(test.X))).toBe(0);
      // The reloaded model writes the same JSON again.
      expect(JSON.stringify(back.toJSON())).toBe(text);
      // loadModel accepts the text or the parsed object.
      for (const input of [text, JSON.parse(text)]) {
        const loaded = loadModel(input);
        expect(loaded).toBeInstanceOf(GradientBoostingClassifier);
        expect(bitMismatches(loaded.predictProba(test.X), p)).toBe(0);
      }
    });
  }

  it('saves the envelope, options and feature schema', () => {
    const model = new GradientBoostingClassifier({ nEstimators: 3, monotoneConstraints: { x0: 1 } }).fit(train.X, train.y);
    const json = model.toJSON();
    expect(json.format).toBe('creditkit-model');
    expect(json.name).toBe('GradientBoostingClassifier');
    expect(json.version).toBe(1);
    expect(json.options).toMatchObject({ nEstimators: 3, monotoneConstraints: { x0: 1 } });
    expect(json.features).toEqual(['x0', 'x1', 'x2', 'flag'].map((name) => ({ name, kind: 'numeric' })));
    // The saved options are a copy: changing them does not change the model.
    (json.options.monotoneConstraints as Record<string, number>).x0 = -1;
    expect(model.options.monotoneConstraints.x0).toBe(1);
    expect(GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON()))).options).toEqual(model.options);
  });

  it('accepts plain rows for prediction (by position)', () => {
    const model = new GradientBoostingClassifier({ nEstimators: 5 }).fit(train.X, train.y);
    const rows = Array.from({ length: 50 }, (_, i) => train.X.columns.map((c) => c.values[i]));
    const fromRows = model.predictProba(rows);
    expect(bitMismatches(fromRows, model.predictProba(train.X.take(Array.from({ length: 50 }, (_, i) => i))))).toBe(0);
  });
});

describe('prediction batches', () => {
  it('scores a large batch (several wasm chunks, ragged tail) exactly as row by row', () => {
    const model = new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 5 }).fit(train.X, train.y);
    const n = 70_003; // more than one 65,536-row chunk, not a multiple of 4
    const rng = new Random(4);
    const big = new Dataset(train.X.columns.map((c) => ({ ...c, values: Float32Array.from({ length: n }, () => c.values[rng.int(c.values.length)]) })));
    const all = model.predictRaw(big);
    expect(all.length).toBe(n);
    // A few rows one at a time (the kernel's scalar tail) and odd-sized slices (its 4-row loop and tail).
    for (const i of [0, 1, 2, 3, 4, 65_535, 65_536, 65_537, n - 1]) {
      expect(Object.is(model.predictRaw(big.take([i]))[0], all[i])).toBe(true);
    }
    for (const [from, len] of [[3, 7], [65_530, 13], [n - 6, 6]]) {
      const rows = Array.from({ length: len }, (_, k) => from + k);
      expect(bitMismatches(model.predictRaw(big.take(rows)), all.subarray(from, from + len))).toBe(0);
    }
  });
});

describe('categorical features', () => {
  const labels = ['A', 'B', 'C', 'D'];
  const n = 3000;
  const rng = new Random(8);
  const grade = new Float32Array(n);
  const x = new Float32Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    grade[i] = rng.int(4);
    x[i] = rng.next() * 2 - 1;
    y[i] = rng.next() < sigmoid(-2 + 1.2 * grade[i] + x[i]) ? 1 : 0;
  }
  const X = new Dataset([
    { name: 'grade', kind: 'categorical', values: grade, categories: labels },
    { name: 'x', kind: 'numeric', values: x },
  ]);
  const model = new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 3 }).fit(X, y);

  // Prediction data: 400 rows whose labels are drawn from A-D plus an unseen E.
  const m = 400;
  const r2 = new Random(9);
  const predLabels = Array.from({ length: m }, () => ['A', 'B', 'C', 'D', 'E'][r2.int(5)]);
  const predX = Float32Array.from({ length: m }, () => r2.next() * 2 - 1);
  const otherDict = ['D', 'B', 'E', 'A', 'C'];
  const permuted = new Dataset([
    { name: 'x', kind: 'numeric', values: predX }, // column order does not matter either
    { name: 'grade', kind: 'categorical', values: Float32Array.from(predLabels, (l) => otherDict.indexOf(l)), categories: otherDict },
  ]);
  // The same rows encoded with the training dictionary, E as missing.
  const reencoded = new Dataset([
    { name: 'grade', kind: 'categorical', values: Float32Array.from(predLabels, (l) => (labels.includes(l) ? labels.indexOf(l) : NaN)), categories: labels },
    { name: 'x', kind: 'numeric', values: predX },
  ]);

  it('are matched by label, not by code, and an unseen label is treated as missing', () => {
    expect(model.getTrees().some((t) => t.feature.includes(0))).toBe(true); // grade is used
    const expected = model.predictProba(reencoded);
    expect(bitMismatches(model.predictProba(permuted), expected)).toBe(0);
    // The codes alone would give different predictions: the recoding matters.
    const naive = new Dataset([
      { name: 'grade', kind: 'categorical', values: permuted.column('grade').values, categories: labels },
      { name: 'x', kind: 'numeric', values: predX },
    ]);
    expect(bitMismatches(model.predictProba(naive), expected)).toBeGreaterThan(0);
    // The comparison covers rows labelled E (encoded as missing in `reencoded`).
    expect(predLabels.filter((l) => l === 'E').length).toBeGreaterThan(50);
  });

  it('keep their dictionary through JSON', () => {
    const json = model.toJSON();
    expect(json.features).toEqual([
      { name: 'grade', kind: 'categorical', categories: labels },
      { name: 'x', kind: 'numeric' },
    ]);
    const back = GradientBoostingClassifier.fromJSON(JSON.parse(JSON.stringify(json)));
    expect(bitMismatches(back.predictProba(permuted), model.predictProba(reencoded))).toBe(0);
  });

  it('must stay categorical: a numeric column in their place is E_COLUMN_TYPE', () => {
    const e = errorOf(() => model.predictProba(new Dataset([
      { name: 'grade', kind: 'numeric', values: new Float32Array(3) },
      { name: 'x', kind: 'numeric', values: new Float32Array(3) },
    ])));
    expect(e.code).toBe('E_COLUMN_TYPE');
    expect(e.where.column).toBe('grade');
  });
});

describe('fromJSON rejects malformed models with E_MODEL_FORMAT and a path', () => {
  const model = new GradientBoostingClassifier({ nEstimators: 4, maxDepth: 3, minChildWeight: 0 }).fit(train.X, train.y);
  const good = JSON.parse(JSON.stringify(model.toJSON())) as ModelJSON & { trees: Record<string, unknown[]>[]; features: unknown[]; binCuts: number[][] };
  const tree = good.trees[0];
  const nInternal = (tree.feature as number[]).length;
  const leftArr = tree.left as number[];
  const rightArr = tree.right as number[];
  // the first internal node with two leaf children, and the first node after the root
  const twoLeaves = leftArr.findIndex((l, i) => l < 0 && rightArr[i] < 0);
  const copy = (): typeof good => JSON.parse(JSON.stringify(good));

  it('(the fixture is a deep tree, so the cases below are meaningful)', () => {
    expect(nInternal).toBeGreaterThanOrEqual(3);
    expect(twoLeaves).toBeGreaterThanOrEqual(0);
    expect(leftArr[0]).toBeGreaterThan(0);
  });

  const cases: Array<[string, (j: ReturnType<typeof copy>) => unknown, string]> = [
    ['wrong format', (j) => ({ ...j, format: 'xgboost' }), 'format'],
    ['no format', (j) => ({ ...j, format: undefined }), 'format'],
    ['wrong name', (j) => ({ ...j, name: 'RandomForest' }), 'name'],
    ['wrong version', (j) => ({ ...j, version: 2 }), 'version'],
    ['bad option value', (j) => ({ ...j, options: { ...j.options, maxDepth: -1 } }), 'options'],
    ['unknown option', (j) => ({ ...j, options: { ...j.options, colour: 'red' } }), 'options'],
    ['no features', (j) => ({ ...j, features: [] }), 'features'],
    ['feature without a name', (j) => ({ ...j, features: [{ kind: 'numeric' }, ...j.features.slice(1)] }), 'features[0]'],
    ['duplicate feature', (j) => ({ ...j, features: [j.features[0], j.features[0], ...j.features.slice(2)] }), 'features[1]'],
    ['unknown feature kind', (j) => ({ ...j, features: [{ name: 'x0', kind: 'text' }, ...j.features.slice(1)] }), 'features[0]'],
    ['non-finite base margin', (j) => ({ ...j, baseMargin: null }), 'baseMargin'],
    ['trees not an array', (j) => ({ ...j, trees: {} }), 'trees'],
    ['a tree that is not an object', (j) => { j.trees[1] = 5 as never; return j; }, 'trees[1]'],
    ['a child pointing back at the root (cycle)', (j) => { j.trees[0].left[1] = 0; return j; }, 'trees[0].left[1]'],
    ['a node that is its own child', (j) => { j.trees[0].right[2] = 2; return j; }, 'trees[0].right[2]'],
    ['a child index past the end', (j) => { j.trees[0].left[0] = nInternal; return j; }, 'trees[0].left[0]'],
    ['a node with two parents', (j) => { j.trees[0].right[0] = j.trees[0].left[0]; return j; }, 'trees[0].right[0]'],
    ['a leaf referenced twice', (j) => { j.trees[0].right[twoLeaves] = j.trees[0].left[twoLeaves]; return j; }, `trees[0].right[${twoLeaves}]`],
    ['a leaf that does not exist', (j) => { j.trees[0].left[twoLeaves] = ~(nInternal + 1); return j; }, `trees[0].left[${twoLeaves}]`],
    ['a non-integer child', (j) => { j.trees[0].left[0] = 1.5; return j; }, 'trees[0].left[0]'],
    ['a feature index out of range', (j) => { j.trees[0].feature[0] = 4; return j; }, 'trees[0].feature[0]'],
    ['a negative feature index', (j) => { j.trees[0].feature[1] = -1; return j; }, 'trees[0].feature[1]'],
    ['a non-numeric threshold', (j) => { j.trees[0].threshold[0] = '0.5'; return j; }, 'trees[0].threshold[0]'],
    ['a null leaf value', (j) => { j.trees[0].leafValue[0] = null; return j; }, 'trees[0].leafValue[0]'],
    ['defaultLeft not 0/1', (j) => { j.trees[0].defaultLeft[0] = 2; return j; }, 'trees[0].defaultLeft[0]'],
    ['a short gain array', (j) => { j.trees[0].gain.pop(); return j; }, 'trees[0].gain'],
    ['a long threshold array', (j) => { j.trees[0].threshold.push(1); return j; }, 'trees[0].threshold'],
    ['one leaf too many', (j) => { j.trees[0].leafValue.push(0); return j; }, 'trees[0].leafValue'],
    ['a short leafCover array', (j) => { j.trees[0].leafCover.pop(); return j; }, 'trees[0].leafCover'],
    ['a missing array', (j) => { delete j.trees[2].right; return j; }, 'trees[2].right'],
    ['cut points for too few features', (j) => { j.binCuts.pop(); return j; }, 'binCuts'],
    ['decreasing cut points', (j) => { j.binCuts[0] = [1, 0]; return j; }, 'binCuts[0][1]'],
  ];

  it.each(cases)('%s', (_, mutate, path) => {
    const json = mutate(copy());
    const e = errorOf(() => GradientBoostingClassifier.fromJSON(json));
    expect(e.code).toBe('E_MODEL_FORMAT');
    expect(e.where.path).toBe(path);
    // loadModel reports the same problem (through its JSON text too)
    const viaLoad = errorOf(() => loadModel(JSON.stringify(json)));
    expect(viaLoad.code).toBe('E_MODEL_FORMAT');
  });

  it('rejects a value that is not a model object', () => {
    for (const v of [42, null, [], 'text', undefined]) expect(errorOf(() => GradientBoostingClassifier.fromJSON(v)).code).toBe('E_MODEL_FORMAT');
    expect(errorOf(() => loadModel('{ not json')).code).toBe('E_MODEL_FORMAT');
    expect(errorOf(() => loadModel({ ...good, name: 'Nope' })).where.path).toBe('name');
  });

  it('a corrupted model never reaches wasm: random corruptions fail in fromJSON or predict sanely', () => {
    // Without validation, a bad child index would make the prediction kernel loop forever or read
    // out of bounds (a RuntimeError from wasm). Every corruption must be caught as E_MODEL_FORMAT,
    // or be harmless (e.g. a changed gain), giving finite probabilities.
    const rng = new Random(77);
    const keys = ['feature', 'threshold', 'defaultLeft', 'left', 'right', 'gain', 'cover', 'value', 'leafValue', 'leafCover'];
    const junk = (): unknown => [rng.int(21) - 10, ~rng.int(20), rng.next() * 4 - 2, null, 'x', true, 1e39][rng.int(7)];
    let rejected = 0;
    let accepted = 0;
    for (let trial = 0; trial < 400; trial++) {
      const j = copy();
      for (let k = 0, edits = 1 + rng.int(3); k < edits; k++) {
        const t = j.trees[rng.int(j.trees.length)];
        const arr = t[keys[rng.int(keys.length)]];
        const op = rng.int(10);
        if (op === 0) arr.push(junk());
        else if (op === 1) arr.pop();
        else arr[rng.int(arr.length)] = junk();
      }
      let loaded: GradientBoostingClassifier;
      try {
        loaded = GradientBoostingClassifier.fromJSON(j);
      } catch (e) {
        expect(e).toBeInstanceOf(CreditkitError);
        expect((e as CreditkitError).code).toBe('E_MODEL_FORMAT');
        expect((e as CreditkitError).where.path).toMatch(/^trees\[\d\]/);
        rejected++;
        continue;
      }
      accepted++;
      const p = loaded.predictProba(test.X);
      expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    expect(rejected).toBeGreaterThan(100);
    expect(accepted).toBeGreaterThan(10);
  });
});
