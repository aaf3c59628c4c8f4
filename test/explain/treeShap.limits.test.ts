// TreeSHAP on trees its kernel must not trust blindly: trees built by hand
// (no file validation) that are too deep, and leaf values that overflow.
import { describe, expect, it } from 'vitest';
import { MAX_TREE_DEPTH, Tree } from '../../src/index.js';
import { treeShap } from '../../src/explain/treeShap.js';
import { getRuntime } from '../../src/wasm/load.js';
import { errorOf } from '../errorOf.js';
import { chainTreeJSON } from '../models/treeChain.js';

/** A chain tree built directly from arrays (as the public Tree class allows), skipping fromJSON. */
function handBuilt(depth: number, leafValue?: number): Tree {
  const j = chainTreeJSON(depth);
  return Tree.fromLists({ ...j, threshold: j.threshold as number[], leafValue: leafValue === undefined ? j.leafValue : j.leafValue.map(() => leafValue) });
}

const rows = (values: number[]) => ({ columns: [Float32Array.from(values)], nRows: values.length });

describe('TreeSHAP bounds what reaches its kernel', () => {
  it('the scratch size does not wrap: computed in doubles by the kernel', () => {
    const { kernels } = getRuntime();
    // In i32, ((d+2)(d+3)/2+1)*32 wrapped to 16 bytes at depth 11,585.
    expect(kernels.treeShapPathBytes(11_585)).toBe(((11_587 * 11_588) / 2 + 1) * 32);
    expect(kernels.treeShapPathBytes(MAX_TREE_DEPTH)).toBe((((MAX_TREE_DEPTH + 2) * (MAX_TREE_DEPTH + 3)) / 2 + 1) * 32);
  });

  it(`a hand-built tree deeper than ${MAX_TREE_DEPTH} levels is E_MODEL_FORMAT, not a stack overflow or an out-of-bounds write`, () => {
    for (const depth of [MAX_TREE_DEPTH + 1, 5_000, 11_585]) {
      const e = errorOf(() => treeShap({ trees: [handBuilt(depth)], base: 0, scale: 1 }, rows([1, 100, 20_000])));
      expect(e.code).toBe('E_MODEL_FORMAT');
      expect(e.where.path).toBe('trees[0]');
    }
  });

  it(`${MAX_TREE_DEPTH} levels: exact (bias + contributions = raw score)`, () => {
    const tree = handBuilt(MAX_TREE_DEPTH);
    const x = [0.5, 17.5, 255.5, 1000, NaN];
    const r = treeShap({ trees: [tree], base: 0.25, scale: 1 }, rows(x));
    x.forEach((v, i) => {
      let node = 0;
      while (node >= 0) node = v < tree.threshold[node] || (v !== v && tree.defaultLeft[node] === 1) ? tree.left[node] : tree.right[node];
      expect(r.bias + r.contributions[i]).toBeCloseTo(0.25 + tree.leafValue[~node], 9);
    });
  });

  it('leaf values so large that a sum overflows: E_NONFINITE, not Infinity or NaN in the result', () => {
    const e = errorOf(() => treeShap({ trees: [handBuilt(8, 1e308), handBuilt(8, 1e308)], base: 0, scale: 1 }, rows([0.5, 3.5])));
    expect(e.code).toBe('E_NONFINITE');
  });
});
