// A brute-force exact Shapley explainer for small tree models, for the report
// tests: it enumerates every feature subset, so it is only usable with a few
// features. The value of a subset S is the path-dependent conditional
// expectation TreeSHAP uses: at a split on a feature in S the row's value
// decides; otherwise both children are averaged by their covers.
// Not a test file itself.
import type { Dataset } from '../../src/data/dataset.js';
import type { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { alignColumns } from '../../src/models/schema.js';
import type { Tree } from '../../src/models/trees/tree.js';
import type { ShapData } from '../../src/report/sources.js';

function expectation(tree: Tree, x: Float32Array, inS: boolean[]): number {
  const cover = (c: number) => (c >= 0 ? tree.cover[c] : tree.leafCover[~c]);
  const visit = (node: number): number => {
    if (node < 0) return tree.leafValue[~node];
    const f = tree.feature[node];
    const l = tree.left[node];
    const r = tree.right[node];
    if (inS[f]) {
      const v = x[f];
      const goLeft = Number.isNaN(v) ? tree.defaultLeft[node] === 1 : v < tree.threshold[node];
      return visit(goLeft ? l : r);
    }
    return (cover(l) * visit(l) + cover(r) * visit(r)) / (cover(l) + cover(r));
  };
  return visit(tree.nInternal > 0 ? 0 : -1);
}

/** Exact Shapley values of a GBDT's raw score (log-odds) for every row of X; 2^features subsets per row. */
export function exactShapley(model: GradientBoostingClassifier, X: Dataset): ShapData {
  const trees = model.getTrees();
  const { columns, nRows } = alignColumns(model.featureSpecs, X);
  const m = columns.length;
  if (m > 10) throw new Error(`brute force over 2^${m} subsets is too slow`);
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const value = (x: Float32Array, mask: number): number => {
    const inS = Array.from({ length: m }, (_, f) => (mask & (1 << f)) !== 0);
    return trees.reduce((s, t) => s + expectation(t, x, inS), model.baseScoreMargin);
  };
  const contributions = new Float64Array(nRows * m);
  const x = new Float32Array(m);
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < m; f++) x[f] = columns[f][r];
    const v = Float64Array.from({ length: 1 << m }, (_, mask) => value(x, mask));
    for (let f = 0; f < m; f++) {
      let phi = 0;
      for (let mask = 0; mask < 1 << m; mask++) {
        if (mask & (1 << f)) continue;
        let size = 0;
        for (let b = mask; b; b &= b - 1) size++;
        phi += ((fact(size) * fact(m - size - 1)) / fact(m)) * (v[mask | (1 << f)] - v[mask]);
      }
      contributions[r * m + f] = phi;
    }
  }
  const bias = value(new Float32Array(m), 0);
  return { featureNames: model.featureSpecs.map((s) => s.name), contributions, bias, nRows, link: 'logit' };
}
