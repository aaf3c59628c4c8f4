import { NodeRec } from './node';
import { findBestSplit } from './split';

// Per-split feature sampling (random forests' max_features): every node draws
// its own subset of the tree's usable features. The draws come from
// xoshiro128** seeded through splitmix32, the generator of src/random.ts,
// held in module globals for one growTreeCart call.

let s0: u32 = 0;
let s1: u32 = 0;
let s2: u32 = 0;
let s3: u32 = 0;

export function seedNodeSampling(seed: u32): void {
  let s = seed;
  s = s + 0x9e3779b9; s0 = mix32(s);
  s = s + 0x9e3779b9; s1 = mix32(s);
  s = s + 0x9e3779b9; s2 = mix32(s);
  s = s + 0x9e3779b9; s3 = mix32(s);
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
}

// @ts-ignore: decorator
@inline
function mix32(x: u32): u32 {
  let z = x;
  z = (z ^ (z >>> 16)) * 0x85ebca6b;
  z = (z ^ (z >>> 13)) * 0xc2b2ae35;
  return z ^ (z >>> 16);
}

function nextU32(): u32 {
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  return result;
}

/** A uniform integer in [0, n) (multiply-shift, exact in integers). */
// @ts-ignore: decorator
@inline
function below(n: i32): i32 {
  return <i32>((<u64>nextU32() * <u64>n) >>> 32);
}

/** Scratch bytes findSplitSampled needs: a u8 node mask and an i32 candidate list. */
export function nodeSamplingBytes(nFeatures: i32): i32 {
  return ((nFeatures + 3) & ~3) + nFeatures * 4;
}

/**
 * The best split of `node` over `k` features drawn without replacement from
 * the usable ones (mask = 1). When none of the drawn features gives a valid
 * split, further features are drawn one at a time until one does or none is
 * left (scikit-learn keeps drawing past features that are constant in the
 * node in the same way).
 *
 * @param mask     IN  u8 [nFeatures], features usable in this tree
 * @param scratch  scratch nodeSamplingBytes(nFeatures) bytes
 */
export function findSplitSampled(
  node: NodeRec, hist: usize, nFeatures: i32, nBins: usize, mask: usize, monotone: usize,
  lambda: f64, alpha: f64, gamma: f64, minChildWeight: f64, k: i32, scratch: usize,
): void {
  const nodeMask = scratch;
  const order = scratch + <usize>((nFeatures + 3) & ~3);
  let m = 0;
  for (let f = 0; f < nFeatures; f++) {
    store<u8>(nodeMask + <usize>f, 0);
    if (load<u8>(mask + <usize>f) != 0) {
      store<i32>(order + (<usize>m << 2), f);
      m++;
    }
  }
  node.splittable = 0;
  if (m == 0) return;
  const first = k < m ? k : m;
  // Partial Fisher–Yates: order[0..i) holds the features drawn so far.
  for (let i = 0; i < m; i++) {
    const j = i + below(m - i);
    const fj = load<i32>(order + (<usize>j << 2));
    store<i32>(order + (<usize>j << 2), load<i32>(order + (<usize>i << 2)));
    store<i32>(order + (<usize>i << 2), fj);
    if (i >= first) {
      // One more feature alone: the ones drawn before gave no split.
      for (let d = i == first ? 0 : i - 1; d < i; d++) store<u8>(nodeMask + <usize>load<i32>(order + (<usize>d << 2)), 0);
    }
    store<u8>(nodeMask + <usize>fj, 1);
    if (i < first - 1) continue;
    findBestSplit(node, hist, nFeatures, nBins, nodeMask, monotone, lambda, alpha, gamma, minChildWeight);
    if (node.splittable != 0) return;
  }
}
