/**
 * A node of the tree being grown that is still a leaf: its rows, its sums,
 * its monotone bounds and, once evaluated, its best split. The grower keeps
 * these records in a pool of wasm memory handed over by the façade.
 */
@unmanaged
export class NodeRec {
  /** rows[start..end) of the grower's row array belong to this node. */
  start: i32;
  end: i32;
  depth: i32;
  /** Histogram slot, or -1 when the node holds none. */
  slot: i32;
  /** Creation order (used to order depth-wise growth). */
  id: i32;
  /** Internal node id of the parent, -1 for the root. */
  parent: i32;
  isLeft: i32;
  /** 1 when a valid split was found. */
  splittable: i32;
  feature: i32;
  bin: i32;
  defaultLeft: i32;
  /** Which row block (0 = the full matrix, 1 or 2 = work blocks) holds the rows. */
  block: i32;
  /** Quantized training: 1 once sumG and sumH are the full-precision sums a leaf is refitted from. */
  refitted: i32;
  /** Keeps the f64 fields 8-byte aligned. */
  pad: i32;
  sumG: f64;
  sumH: f64;
  /** Monotone-constraint bounds on this node's weight. */
  lower: f64;
  upper: f64;
  /** This node's (bounded, unshrunk) weight. */
  weight: f64;
  gain: f64;
  leftG: f64;
  leftH: f64;
  leftW: f64;
  rightW: f64;
}

export function nodeRecordBytes(): i32 {
  return <i32>offsetof<NodeRec>();
}

// Offsets of the split fields the host's exchangeSplit reads and writes (grower.ts).
export const NODE_SUM_G: i32 = <i32>offsetof<NodeRec>('sumG');
export const NODE_SUM_H: i32 = <i32>offsetof<NodeRec>('sumH');
export const NODE_SPLITTABLE: i32 = <i32>offsetof<NodeRec>('splittable');
export const NODE_FEATURE: i32 = <i32>offsetof<NodeRec>('feature');
export const NODE_BIN: i32 = <i32>offsetof<NodeRec>('bin');
export const NODE_DEFAULT_LEFT: i32 = <i32>offsetof<NodeRec>('defaultLeft');
export const NODE_GAIN: i32 = <i32>offsetof<NodeRec>('gain');
export const NODE_LEFT_G: i32 = <i32>offsetof<NodeRec>('leftG');
export const NODE_LEFT_H: i32 = <i32>offsetof<NodeRec>('leftH');
export const NODE_LEFT_W: i32 = <i32>offsetof<NodeRec>('leftW');
export const NODE_RIGHT_W: i32 = <i32>offsetof<NodeRec>('rightW');
