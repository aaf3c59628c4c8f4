// Fuzzing model files (seeded, a fixed number of cases): creditkit models of
// every kind and XGBoost models, mutated at the JSON level (numbers made huge,
// negative, tiny or NaN-like, types swapped, arrays cut or grown, keys deleted
// or renamed to Object.prototype names, trees replaced by deep chains) and at
// the byte level, go through load → score → TreeSHAP → save → reload → score
// (and export to XGBoost and back for boosted models). Every failure must be a
// CreditkitError: no other exception, no wasm trap; a model that loads scores
// finite PDs in [0, 1], and its saved copy scores the same.
import { describe, expect, it } from 'vitest';
import {
  AdaBoostClassifier, CreditkitError, DecisionTreeClassifier, exportXGBoostJSON, GradientBoostingClassifier, importXGBoostJSON,
  loadModel, LogisticRegression, MLPClassifier, Random, RandomForestClassifier, ScorecardModel, stringifyXGBoostJSON, SVMClassifier,
} from '../../src/index.js';
import type { Classifier } from '../../src/index.js';
import { shapValues } from '../../src/explain/shapValues.js';
import { fixtureText } from '../interop/fixtures.js';
import { additive } from '../models/helpers.js';
import { chainTreeJSON } from '../models/treeChain.js';

type Json = unknown;
interface Seed { name: string; text: string; xgboost: boolean }

const CASES_PER_SEED = 200;
const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const NUMBERS = [1e308, -1e308, 1e39, -1e39, 3.4028234663852886e38, -1, 0, -0, 1e-320, 5e-324, 2 ** 31, 2 ** 32 + 1, 1e12, 1e7, 2 ** 53, 0.5, 255, 256, -2];

function seeds(): Seed[] {
  const d = additive(300, 21, 3);
  const fitted: [string, Classifier][] = [
    ['gbdt', new GradientBoostingClassifier({ nEstimators: 4, maxDepth: 3 }).fit(d.X, d.y)],
    ['gbdt-lossguide', new GradientBoostingClassifier({ nEstimators: 3, growPolicy: 'lossguide', maxDepth: 0, maxLeaves: 6 }).fit(d.X, d.y)],
    ['tree', new DecisionTreeClassifier({ maxDepth: 4 }).fit(d.X, d.y)],
    ['forest', new RandomForestClassifier({ nEstimators: 3, maxDepth: 3 }).fit(d.X, d.y)],
    ['adaboost', new AdaBoostClassifier({ nEstimators: 3 }).fit(d.X, d.y)],
    ['logistic', new LogisticRegression().fit(d.X, d.y)],
    ['svm', new SVMClassifier().fit(d.X, d.y)],
    ['mlp', new MLPClassifier({ maxEpochs: 5 }).fit(d.X, d.y)],
    ['scorecard', new ScorecardModel({ minIv: 0, specialValues: { x0: [d.X.columns[0].values[0]] } }).fit(d.X, d.y)],
  ];
  const out: Seed[] = fitted.map(([name, m]) => ({ name, text: JSON.stringify(m.toJSON()), xgboost: false }));
  for (const f of ['xgb-gmsc.model.json', 'xgb-exact.model.json', 'xgb-lossguide.model.json', 'xgb-early-stopped.model.json', 'ck-handmade.xgboost.json']) {
    out.push({ name: f, text: fixtureText(f), xgboost: true });
  }
  return out;
}

/** Every slot of a JSON value: the container and key of each object member and array element (iteratively). */
function slots(root: Json): { parent: Record<string, Json> | Json[]; key: string | number }[] {
  const out: { parent: Record<string, Json> | Json[]; key: string | number }[] = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        stack.push(x);
      });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        out.push({ parent: v as Record<string, Json>, key: k });
        stack.push(x);
      }
    }
  }
  return out;
}

/** An own property (also for "__proto__", which a plain assignment would turn into a prototype). */
function setOwn(o: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An XGBoost tree chaining `depth` splits on feature 0 through the right children. */
function xgbChain(depth: number): Json {
  const n = 2 * depth + 1;
  const split = (k: number): boolean => k % 2 === 0 && k < n - 1;
  const ids = Array.from({ length: n }, (_, k) => k);
  return {
    base_weights: ids.map(() => 0), default_left: ids.map(() => 0), id: 0,
    left_children: ids.map((k) => (split(k) ? k + 1 : -1)), right_children: ids.map((k) => (split(k) ? k + 2 : -1)),
    loss_changes: ids.map(() => 0), parents: ids.map(() => 2147483647), split_conditions: ids.map((k) => (split(k) ? k : 0.1)),
    split_indices: ids.map(() => 0), split_type: ids.map(() => 0), sum_hessian: ids.map((k) => (split(k) ? (n - k + 1) / 2 : 1)),
    categories: [], categories_nodes: [], categories_segments: [], categories_sizes: [],
    tree_param: { num_deleted: '0', num_feature: '1', num_nodes: String(n), size_leaf_vector: '0' },
  };
}

/** One mutation of the model text; returns the new text and what was done. */
function mutate(seed: Seed, rng: Random): { text: string; what: string } {
  if (rng.next() < 0.12) {
    // Byte level: a character changed, a cut, or a NaN / Infinity spliced in.
    const t = seed.text;
    const at = rng.int(t.length);
    const kind = rng.int(3);
    if (kind === 0) return { text: t.slice(0, at) + String.fromCharCode(32 + rng.int(95)) + t.slice(at + 1), what: `byte ${at} changed` };
    if (kind === 1) return { text: t.slice(0, at), what: `cut at ${at}` };
    return { text: t.slice(0, at) + (rng.next() < 0.5 ? 'NaN' : '-Infinity') + t.slice(at), what: `NaN/Infinity at ${at}` };
  }
  const root = JSON.parse(seed.text) as Record<string, Json>;
  const all = slots(root);
  const s = all[rng.int(all.length)];
  const get = (): Json => (s.parent as Record<string | number, Json>)[s.key];
  const set = (v: Json): void => {
    if (Array.isArray(s.parent)) s.parent[s.key as number] = v;
    else setOwn(s.parent, s.key as string, v);
  };
  const kind = rng.int(9);
  let what = '';
  switch (kind) {
    case 0: {
      const v = NUMBERS[rng.int(NUMBERS.length)];
      set(v);
      what = `${String(s.key)} = ${v}`;
      break;
    }
    case 1: {
      const v = [null, 'NaN', '1e400', true, {}, [], 'x', PROTO_NAMES[rng.int(PROTO_NAMES.length)]][rng.int(8)];
      set(v);
      what = `${String(s.key)} = ${JSON.stringify(v)}`;
      break;
    }
    case 2: {
      const v = get();
      if (Array.isArray(v) && v.length > 0) {
        v.length = rng.int(v.length);
        what = `${String(s.key)} cut to ${v.length}`;
      } else what = 'no-op';
      break;
    }
    case 3: {
      const v = get();
      if (Array.isArray(v)) {
        const extra = rng.next() < 0.5 ? v[v.length - 1] ?? 0 : NUMBERS[rng.int(NUMBERS.length)];
        for (let k = 1 + rng.int(3); k > 0; k--) v.push(extra);
        what = `${String(s.key)} extended`;
      } else what = 'no-op';
      break;
    }
    case 4:
    case 5: {
      if (!Array.isArray(s.parent)) {
        const value = s.parent[s.key as string];
        delete s.parent[s.key as string];
        if (kind === 5) setOwn(s.parent, PROTO_NAMES[rng.int(PROTO_NAMES.length)], value);
        what = `${String(s.key)} ${kind === 4 ? 'deleted' : 'renamed to a prototype name'}`;
      } else what = 'no-op';
      break;
    }
    case 6: {
      // A name that selects code, set to a prototype member.
      const learner = root.learner as { objective?: Json; gradient_booster?: Json } | undefined;
      const target = seed.xgboost ? (rng.next() < 0.5 ? learner?.objective : learner?.gradient_booster) : root;
      if (target && typeof target === 'object') setOwn(target as Record<string, Json>, 'name', PROTO_NAMES[rng.int(PROTO_NAMES.length)]);
      what = 'name = prototype member';
      break;
    }
    case 7: {
      // A deep chain in place of a tree.
      const depth = [40, 257, 300, 3000][rng.int(4)];
      const trees = seed.xgboost
        ? (root.learner as { gradient_booster: { model: { trees?: Json[] } } } | undefined)?.gradient_booster?.model?.trees
        : (root as { trees?: Json[] }).trees;
      if (Array.isArray(trees) && trees.length > 0) {
        trees[rng.int(trees.length)] = seed.xgboost ? xgbChain(depth) : chainTreeJSON(depth);
        what = `a tree replaced by a ${depth}-level chain`;
      } else what = 'no-op';
      break;
    }
    default: {
      // Several numbers at once, scaled (covers, weights, leaf values shrink or blow up).
      const numbers = all.filter((x) => typeof (x.parent as Record<string | number, Json>)[x.key] === 'number');
      const factor = [1e-300, -1, 1e300, 0][rng.int(4)];
      for (let k = 0; k < 8 && numbers.length > 0; k++) {
        const x = numbers[rng.int(numbers.length)];
        (x.parent as Record<string | number, Json>)[x.key] = ((x.parent as Record<string | number, Json>)[x.key] as number) * factor;
      }
      what = `numbers scaled by ${factor}`;
    }
  }
  return { text: JSON.stringify(root), what };
}

function readModel(text: string, xgboost: boolean): Classifier {
  return xgboost ? importXGBoostJSON(text) : loadModel(text);
}

function rowsFor(model: Classifier, rng: Random): number[][] {
  const nf = model.featureSpecs.length;
  return Array.from({ length: 6 }, (_, r) => Array.from({ length: nf }, () => (r === 5 || rng.next() < 0.1 ? NaN : (rng.next() - 0.3) * 10 ** rng.int(6))));
}

describe('fuzzed model files: coded errors only', () => {
  it(`${CASES_PER_SEED} mutations of each of 13 model files through load, score, SHAP, save and reload`, () => {
    const rng = new Random(14);
    const uncoded: string[] = [];
    const tally = { cases: 0, loaded: 0, coded: 0, explained: 0 };
    for (const seed of seeds()) {
      for (let c = 0; c < CASES_PER_SEED; c++) {
        const { text, what } = mutate(seed, rng);
        tally.cases++;
        const step = (name: string, f: () => void): boolean => {
          try {
            f();
            return true;
          } catch (e) {
            if (e instanceof CreditkitError) {
              tally.coded++;
              return false;
            }
            uncoded.push(`${seed.name} (${what}) at ${name}: ${e instanceof WebAssembly.RuntimeError ? 'wasm trap ' : ''}${String((e as Error)?.stack ?? e).slice(0, 300)}`);
            return false;
          }
        };
        let model: Classifier | undefined;
        if (!step('load', () => (model = readModel(text, seed.xgboost))) || model === undefined) continue;
        tally.loaded++;
        const m = model;
        let rows: number[][] = [];
        let pd: Float64Array | undefined;
        step('score', () => {
          rows = rowsFor(m, rng);
          pd = m.predictProba(rows);
          for (const p of pd) if (!(p >= 0 && p <= 1)) uncoded.push(`${seed.name} (${what}): PD ${p} outside [0, 1]`);
        });
        if (step('shap', () => shapValues(m, rows))) tally.explained++;
        step('save and reload', () => {
          const back = loadModel(JSON.stringify(m.toJSON()));
          if (pd !== undefined) {
            const again = back.predictProba(rows);
            if (again.some((p, i) => !Object.is(p, pd![i]))) uncoded.push(`${seed.name} (${what}): the reloaded model scores differently`);
          }
        });
        if (m instanceof GradientBoostingClassifier) {
          step('export to XGBoost and back', () => importXGBoostJSON(stringifyXGBoostJSON(exportXGBoostJSON(m))).predictProba(rows));
        }
      }
    }
    console.log(`model-file fuzz: ${JSON.stringify(tally)}`);
    expect(uncoded).toEqual([]);
    // The mutations reach every stage: some files load and are explained, many are rejected.
    expect(tally.loaded).toBeGreaterThan(tally.cases / 5);
    expect(tally.explained).toBeGreaterThan(tally.cases / 10);
    expect(tally.coded).toBeGreaterThan(tally.cases / 3);
  });
});
