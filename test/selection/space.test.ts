import { describe, expect, it } from 'vitest';
import { gridCandidates, gridSize, knownOptions, parseSearchSpace, randomCandidates } from '../../src/selection/space.js';
import { errorOf } from '../errorOf.js';
import { init } from '../../src/wasm/load.js';

// log comes from creditkit.wasm (src/math/deterministic.ts).
await init();

describe('search space', () => {
  it('reads lists, distributions, choices and fixed values', () => {
    const s = parseSearchSpace('gbdt', {
      maxDepth: [3, 4],
      learningRate: { loguniform: [0.01, 0.3] },
      subsample: { uniform: [0.5, 1] },
      nEstimators: { int: [50, 60] },
      growPolicy: { choice: ['depthwise', 'lossguide'] },
      monotoneConstraints: { x: 1 },
      seed: 7,
    });
    expect(s.dimensions.maxDepth).toEqual({ kind: 'choice', values: [3, 4] });
    expect(s.dimensions.learningRate).toEqual({ kind: 'loguniform', low: 0.01, high: 0.3 });
    expect(s.dimensions.nEstimators).toEqual({ kind: 'int', low: 50, high: 60 });
    expect(s.dimensions.growPolicy).toEqual({ kind: 'choice', values: ['depthwise', 'lossguide'] });
    expect(s.dimensions.monotoneConstraints).toEqual({ kind: 'fixed', value: { x: 1 } });
    expect(s.dimensions.seed).toEqual({ kind: 'fixed', value: 7 });
  });

  it('knows the option names of a model from its options object', () => {
    expect(knownOptions('gbdt')).toContain('minChildWeight');
  });

  it('an unknown option name is E_OPTION naming it and its path', () => {
    const e = errorOf(() => parseSearchSpace('gbdt', { maxDepth: [3], max_depth: [4] }, 'space.json'));
    expect(e.code).toBe('E_OPTION');
    expect(e.message).toMatch(/unknown option "max_depth" for model gbdt/);
    expect(e.where).toEqual({ file: 'space.json', path: 'max_depth' });
  });

  it('a value the model rejects is E_OPTION with the JSON path of the value', () => {
    const e = errorOf(() => parseSearchSpace('gbdt', { maxDepth: [3, 4, -1] }));
    expect(e.code).toBe('E_OPTION');
    expect(e.where.path).toBe('maxDepth[2]');
    expect(e.message).toMatch(/maxDepth/);
    const bound = errorOf(() => parseSearchSpace('gbdt', { subsample: { uniform: [0.5, 1.5] } }));
    expect(bound.where.path).toBe('subsample.uniform[1]');
  });

  it('checks a value together with the fixed options', () => {
    expect(() => parseSearchSpace('gbdt', { growPolicy: 'lossguide', maxLeaves: 15, maxDepth: [0, 4] })).not.toThrow();
    expect(errorOf(() => parseSearchSpace('gbdt', { maxDepth: [0, 4] })).where.path).toBe('maxDepth[0]');
  });

  it('rejects malformed distributions', () => {
    const cases: [unknown, RegExp][] = [
      [{ learningRate: { loguniform: [0, 0.3] } }, /low > 0/],
      [{ learningRate: { uniform: [0.3, 0.1] } }, /low <= high/],
      [{ learningRate: { uniform: [0.1] } }, /two finite numbers/],
      [{ nEstimators: { int: [10.5, 20] } }, /integers/],
      [{ maxDepth: [] }, /empty list/],
      [{ maxDepth: { choice: [] } }, /non-empty list/],
      [{ maxDepth: { int: [2, 4], uniform: [1, 2] } }, /exactly one key/],
      [[1, 2], /JSON object/],
      [{}, /empty/],
    ];
    for (const [json, message] of cases) {
      const e = errorOf(() => parseSearchSpace('gbdt', json));
      expect(e.code).toBe('E_OPTION');
      expect(e.message).toMatch(message);
    }
  });

  it('an unknown model kind is E_OPTION listing the known ones', () => {
    expect(errorOf(() => parseSearchSpace('nope', { a: [1] })).message).toMatch(/unknown model "nope".*gbdt/);
  });

  it('enumerates the grid, the last option varying fastest', () => {
    const s = parseSearchSpace('gbdt', { maxDepth: [3, 4], nEstimators: { int: [10, 12] }, seed: 1 });
    expect(gridSize(s)).toBe(6);
    expect(gridCandidates(s)).toEqual([
      { maxDepth: 3, nEstimators: 10, seed: 1 }, { maxDepth: 3, nEstimators: 11, seed: 1 }, { maxDepth: 3, nEstimators: 12, seed: 1 },
      { maxDepth: 4, nEstimators: 10, seed: 1 }, { maxDepth: 4, nEstimators: 11, seed: 1 }, { maxDepth: 4, nEstimators: 12, seed: 1 },
    ]);
  });

  it('grid search refuses continuous distributions', () => {
    const s = parseSearchSpace('gbdt', { learningRate: { uniform: [0.05, 0.2] } });
    const e = errorOf(() => gridCandidates(s));
    expect(e.code).toBe('E_OPTION');
    expect(e.message).toMatch(/learningRate.*random search/);
  });

  it('random candidates are seeded and stay inside their ranges', () => {
    const s = parseSearchSpace('gbdt', {
      learningRate: { loguniform: [0.01, 0.3] },
      subsample: { uniform: [0.5, 1] },
      maxDepth: { int: [2, 4] },
      growPolicy: ['depthwise', 'lossguide'],
    });
    const a = randomCandidates(s, 200, 3);
    expect(randomCandidates(s, 200, 3)).toEqual(a);
    expect(randomCandidates(s, 200, 4)).not.toEqual(a);
    const depths = new Set<unknown>();
    let logBelow = 0;
    for (const c of a) {
      const lr = c.learningRate as number;
      expect(lr).toBeGreaterThanOrEqual(0.01);
      expect(lr).toBeLessThan(0.3);
      if (lr < Math.sqrt(0.01 * 0.3)) logBelow++;
      expect(c.subsample).toBeGreaterThanOrEqual(0.5);
      expect(c.subsample).toBeLessThan(1);
      expect(Number.isInteger(c.maxDepth)).toBe(true);
      depths.add(c.maxDepth);
      expect(['depthwise', 'lossguide']).toContain(c.growPolicy);
    }
    expect([...depths].sort()).toEqual([2, 3, 4]);
    // Log-uniform: about half the draws fall below the geometric mean of the bounds.
    expect(logBelow).toBeGreaterThan(70);
    expect(logBelow).toBeLessThan(130);
    expect(errorOf(() => randomCandidates(s, 0, 1)).code).toBe('E_OPTION');
  });
});
