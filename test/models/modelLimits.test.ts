// What a creditkit model file may hold (src/models/modelLimits.ts): tree depth,
// covers, names that select code, category dictionaries. Each problem is an
// E_MODEL_FORMAT error naming its JSON path, never a crash or a hang.
import { describe, expect, it } from 'vitest';
import {
  AdaBoostClassifier, DecisionTreeClassifier, GradientBoostingClassifier, loadModel, LogisticRegression, MAX_TREE_DEPTH,
} from '../../src/index.js';
import type { ModelJSON } from '../../src/index.js';
import { shapValues } from '../../src/explain/shapValues.js';
import { additive, errorOf } from './helpers.js';
import { chainTreeJSON } from './treeChain.js';

const data = additive(400, 3, 3);
const gbdt = new GradientBoostingClassifier({ nEstimators: 3, maxDepth: 2 }).fit(data.X, data.y);
const saved = (): ModelJSON & { trees: unknown[] } => JSON.parse(JSON.stringify(gbdt.toJSON())) as ModelJSON & { trees: unknown[] };

function withTree(tree: unknown): string {
  const m = saved();
  m.trees[1] = tree;
  return JSON.stringify(m);
}

describe('tree depth is bounded at load', () => {
  it(`a tree of ${MAX_TREE_DEPTH} levels loads, scores and is explained`, () => {
    const model = loadModel(withTree(chainTreeJSON(MAX_TREE_DEPTH)));
    const rows = [[3.5, 0, 0], [MAX_TREE_DEPTH + 1, 1, 1], [NaN, 0, 1]];
    const pd = model.predictProba(rows);
    for (const p of pd) expect(p).toBeGreaterThan(0);
    const shap = shapValues(model, rows);
    for (const c of shap.contributions) expect(Number.isFinite(c)).toBe(true);
  });

  it('one level more, or the 12,000-level chain that broke TreeSHAP, is E_MODEL_FORMAT at the tree', () => {
    for (const depth of [MAX_TREE_DEPTH + 1, 12_000]) {
      const e = errorOf(() => loadModel(withTree(chainTreeJSON(depth))));
      expect(e.code).toBe('E_MODEL_FORMAT');
      expect(e.where.path).toBe('trees[1]');
      expect(e.message).toContain(`deeper than ${MAX_TREE_DEPTH} levels`);
    }
  });
});

describe('covers are validated at load', () => {
  it('a negative, or a child cover above its parent\'s (the tiny covers that gave non-finite SHAP): E_MODEL_FORMAT at the cover', () => {
    const negative = chainTreeJSON(3);
    negative.leafCover[1] = -1;
    let e = errorOf(() => loadModel(withTree(negative)));
    expect(e.code).toBe('E_MODEL_FORMAT');
    expect(e.where.path).toBe('trees[1].leafCover[1]');
    const tiny = chainTreeJSON(3);
    tiny.cover[1] = 1e-300;
    e = errorOf(() => loadModel(withTree(tiny)));
    expect(e.code).toBe('E_MODEL_FORMAT');
    expect(e.where.path).toMatch(/^trees\[1\]\.(cover\[2\]|leafCover\[1\])$/);
    expect(e.message).toContain("exceeds its parent's");
  });

  it('covers that do not add up but never exceed the parent\'s still load (hand-made files)', () => {
    const t = chainTreeJSON(3);
    t.leafCover = t.leafCover.map(() => 0.5);
    expect(() => loadModel(withTree(t))).not.toThrow();
  });
});

describe('names from the file select code through own properties only', () => {
  it('a model named after an Object.prototype member is an unknown model type', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
      const text = `{"format":"creditkit-model","name":${JSON.stringify(name)},"version":1}`;
      const e = errorOf(() => loadModel(text));
      expect(e.code).toBe('E_MODEL_FORMAT');
      expect(e.where.path).toBe('name');
      expect(e.message).toContain('unknown model type');
    }
  });

  it('an option named after an Object.prototype member is an unknown option', () => {
    const models: ModelJSON[] = [
      saved(),
      new DecisionTreeClassifier({ maxDepth: 2 }).fit(data.X, data.y).toJSON(),
      new AdaBoostClassifier({ nEstimators: 2 }).fit(data.X, data.y).toJSON(),
      new LogisticRegression().fit(data.X, data.y).toJSON(),
    ];
    for (const m of models) {
      for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        const text = JSON.stringify(m).replace('"options":{', `"options":{${JSON.stringify(key)}:1,`);
        const e = errorOf(() => loadModel(text));
        expect(e.code).toBe('E_MODEL_FORMAT');
        expect(e.where.path).toBe('options');
        expect(e.message).toContain(`"${key}"`);
      }
    }
  });
});

describe('category dictionaries inside the model', () => {
  it('a label listed twice is E_MODEL_FORMAT at the repeat', () => {
    const m = saved() as unknown as ModelJSON & { features: { name: string; kind: string; categories?: string[] }[] };
    m.features[2] = { name: m.features[2].name, kind: 'categorical', categories: ['a', 'b', 'a'] };
    const e = errorOf(() => loadModel(JSON.stringify(m)));
    expect(e.code).toBe('E_MODEL_FORMAT');
    expect(e.where.path).toBe('features[2].categories[2]');
    expect(e.message).toContain('"a" twice');
  });
});
