import { describe, expect, it } from 'vitest';
import {
  AdaBoostClassifier, createModel, DecisionTreeClassifier, loadModel, MODEL_KINDS, RandomForestClassifier,
} from '../../src/index.js';
import { errorOf, slice, additive } from './helpers.js';

describe('tree baselines in the model factory and the registry', () => {
  it('createModel builds tree, rf and adaboost with their options; loadModel reads each back', () => {
    const { X, y } = slice(additive(800, 1), 0, 800);
    const cases = [
      ['tree', DecisionTreeClassifier, { maxDepth: 3 }],
      ['rf', RandomForestClassifier, { nEstimators: 5, maxDepth: 3 }],
      ['adaboost', AdaBoostClassifier, { nEstimators: 5 }],
    ] as const;
    for (const [kind, cls, options] of cases) {
      expect(MODEL_KINDS[kind].name).toBe(kind);
      const m = createModel(kind, options);
      expect(m).toBeInstanceOf(cls);
      expect((m as unknown as { options: Record<string, unknown> }).options).toMatchObject(options);
      m.fit(X, y);
      const back = loadModel(JSON.stringify(m.toJSON()));
      expect(back).toBeInstanceOf(cls);
      expect(Array.from(back.predictProba(X))).toEqual(Array.from(m.predictProba(X)));
      expect(errorOf(() => createModel(kind, { nope: 1 })).code).toBe('E_OPTION');
    }
  });
});
