import { CreditkitError } from '../../errors.js';
import type { TreeNodeArrays } from '../../wasm/treeNodeArrays.js';
import { checkCovers, checkTreeDepth, MAX_TREE_LEAVES } from '../modelLimits.js';

/**
 * One regression tree as flat parallel arrays (LightGBM's layout).
 *
 * Internal node i splits on `feature[i]`: a row goes left when its value is
 * `< threshold[i]` (Infinity: every non-missing value goes left), and a
 * missing value goes left when `defaultLeft[i]` is 1. Children are internal
 * node ids (>= 0, always larger than the parent's id) or `~leaf` (< 0).
 * A tree with no split has zero internal nodes and one leaf.
 * Leaf values already include the learning rate.
 */
export interface TreeArrays extends TreeNodeArrays {
  threshold: Float32Array;
  defaultLeft: Uint8Array;
}

export interface TreeJSON {
  feature: number[];
  /** null encodes Infinity (JSON has no infinities). */
  threshold: (number | null)[];
  defaultLeft: number[];
  left: number[];
  right: number[];
  gain: number[];
  cover: number[];
  value: number[];
  leafValue: number[];
  leafCover: number[];
}

/** The same arrays as plain lists of numbers, as a tree is built node by node. */
export type TreeLists = { [K in keyof TreeArrays]: ArrayLike<number> };

export class Tree implements TreeArrays {
  feature!: Int32Array;
  threshold!: Float32Array;
  defaultLeft!: Uint8Array;
  left!: Int32Array;
  right!: Int32Array;
  gain!: Float64Array;
  cover!: Float64Array;
  value!: Float64Array;
  leafValue!: Float64Array;
  leafCover!: Float64Array;

  constructor(arrays: TreeArrays) {
    Object.assign(this, arrays);
  }

  /** A tree from lists of numbers, each copied into its typed array (thresholds rounded to float32). */
  static fromLists(l: TreeLists): Tree {
    return new Tree({
      feature: Int32Array.from(l.feature),
      threshold: Float32Array.from(l.threshold),
      defaultLeft: Uint8Array.from(l.defaultLeft),
      left: Int32Array.from(l.left),
      right: Int32Array.from(l.right),
      gain: Float64Array.from(l.gain),
      cover: Float64Array.from(l.cover),
      value: Float64Array.from(l.value),
      leafValue: Float64Array.from(l.leafValue),
      leafCover: Float64Array.from(l.leafCover),
    });
  }

  get nInternal(): number {
    return this.feature.length;
  }

  get nLeaves(): number {
    return this.leafValue.length;
  }

  /** Depth of the deepest leaf (0 for a single leaf). */
  get depth(): number {
    if (this.nInternal === 0) return 0;
    const d = new Int32Array(this.nInternal);
    let max = 0;
    for (let i = 0; i < this.nInternal; i++) {
      for (const c of [this.left[i], this.right[i]]) {
        if (c >= 0) d[c] = d[i] + 1;
        else max = Math.max(max, d[i] + 1);
      }
    }
    return max;
  }

  toJSON(): TreeJSON {
    return {
      feature: Array.from(this.feature),
      threshold: Array.from(this.threshold, (t) => (t === Infinity ? null : t)),
      defaultLeft: Array.from(this.defaultLeft),
      left: Array.from(this.left),
      right: Array.from(this.right),
      gain: Array.from(this.gain),
      cover: Array.from(this.cover),
      value: Array.from(this.value),
      leafValue: Array.from(this.leafValue),
      leafCover: Array.from(this.leafCover),
    };
  }

  /**
   * Reads and fully validates a tree: every index in range, every child after
   * its parent and every leaf reached exactly once, so prediction kernels can
   * trust it; depth, size and covers within the limits of modelLimits.ts.
   */
  static fromJSON(json: unknown, nFeatures: number, path: string): Tree {
    const fail = (msg: string, at = ''): never => {
      throw new CreditkitError('E_MODEL_FORMAT', msg, { path: path + at });
    };
    if (typeof json !== 'object' || json === null) fail('expected a tree object');
    const o = json as Record<string, unknown>;
    const nums = (key: string, allowNull = false): (number | null)[] => {
      const a = o[key];
      if (!Array.isArray(a)) return fail(`"${key}" must be an array`, `.${key}`);
      a.forEach((v, i) => {
        if (!(typeof v === 'number' && Number.isFinite(v)) && !(allowNull && v === null)) {
          fail(`expected a finite number${allowNull ? ' or null' : ''}, got ${JSON.stringify(v)}`, `.${key}[${i}]`);
        }
      });
      return a as (number | null)[];
    };
    const feature = nums('feature') as number[];
    const nInternal = feature.length;
    const leafValue = nums('leafValue') as number[];
    const nLeaves = leafValue.length;
    if (nLeaves > MAX_TREE_LEAVES) fail(`a tree has ${nLeaves} leaves, more than ${MAX_TREE_LEAVES}`, '.leafValue');
    if (nLeaves !== nInternal + 1) fail(`a tree with ${nInternal} splits must have ${nInternal + 1} leaves, found ${nLeaves}`, '.leafValue');
    const sameLength = (key: string, len: number, allowNull = false): (number | null)[] => {
      const a = nums(key, allowNull);
      if (a.length !== len) fail(`"${key}" has ${a.length} entries, expected ${len}`, `.${key}`);
      return a;
    };
    const threshold = sameLength('threshold', nInternal, true);
    const defaultLeft = sameLength('defaultLeft', nInternal) as number[];
    const left = sameLength('left', nInternal) as number[];
    const right = sameLength('right', nInternal) as number[];
    const gain = sameLength('gain', nInternal) as number[];
    const cover = sameLength('cover', nInternal) as number[];
    const value = sameLength('value', nInternal) as number[];
    const leafCover = sameLength('leafCover', nLeaves) as number[];

    const leafSeen = new Uint8Array(nLeaves);
    const nodeSeen = new Uint8Array(nInternal);
    for (let i = 0; i < nInternal; i++) {
      if (!Number.isInteger(feature[i]) || feature[i] < 0 || feature[i] >= nFeatures) {
        fail(`feature index must be an integer in 0..${nFeatures - 1}`, `.feature[${i}]`);
      }
      if (defaultLeft[i] !== 0 && defaultLeft[i] !== 1) fail('must be 0 or 1', `.defaultLeft[${i}]`);
      for (const [key, c] of [['left', left[i]], ['right', right[i]]] as const) {
        if (!Number.isInteger(c)) fail('child must be an integer', `.${key}[${i}]`);
        if (c >= 0) {
          if (c <= i || c >= nInternal) fail(`child node ${c} must be in ${i + 1}..${nInternal - 1}`, `.${key}[${i}]`);
          if (nodeSeen[c]++) fail(`node ${c} has two parents`, `.${key}[${i}]`);
        } else {
          const leaf = ~c;
          if (leaf >= nLeaves) fail(`leaf ${leaf} does not exist (the tree has ${nLeaves})`, `.${key}[${i}]`);
          if (leafSeen[leaf]++) fail(`leaf ${leaf} has two parents`, `.${key}[${i}]`);
        }
      }
    }
    for (let i = 1; i < nInternal; i++) if (!nodeSeen[i]) fail(`node ${i} is unreachable`);
    if (nInternal > 0) for (let l = 0; l < nLeaves; l++) if (!leafSeen[l]) fail(`leaf ${l} is unreachable`);
    checkTreeDepth({ left, right }, path);
    checkCovers({ left, right, cover, leafCover }, path);

    return Tree.fromLists({
      feature, threshold: threshold.map((t) => (t === null ? Infinity : t)), defaultLeft, left, right, gain, cover, value, leafValue, leafCover,
    });
  }
}
