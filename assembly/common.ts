// Layout constants shared by every kernel, defined here only. The binary
// exports them as globals (index.ts); at load the TypeScript side refuses a
// binary whose sizes differ from what it was written for, and takes growTree's
// parameter indices, stage ids and grow policies from the globals themselves
// (src/wasm/layout.ts).

/** Bin code of a missing value; non-missing bins are 0 .. MISSING_BIN-1. */
export const MISSING_BIN: i32 = 255;
/** Histogram entries per feature (non-missing bins plus the missing bin). */
export const BINS_PER_FEATURE: i32 = 256;
/** One histogram entry: f64 gradient sum then f64 hessian sum (one v128). */
export const HIST_ENTRY_BYTES: i32 = 16;
/** One feature's occupancy bitmap in the grower's histogram pool: a bit per entry (see occupancy.ts). */
export const OCCUPANCY_FEATURE_BYTES: i32 = BINS_PER_FEATURE / 8;

// Indices into the f64 parameter block of growTree (see grower.ts).
export const P_LAMBDA: i32 = 0;
export const P_ALPHA: i32 = 1;
export const P_GAMMA: i32 = 2;
export const P_MIN_CHILD_WEIGHT: i32 = 3;
export const P_LEARNING_RATE: i32 = 4;
export const P_MAX_DEPTH: i32 = 5;
export const P_MAX_LEAVES: i32 = 6;
/** 0 = depth-wise, 1 = loss-guided (best gain first). */
export const P_GROW_POLICY: i32 = 7;
export const P_N_SLOTS: i32 = 8;
export const P_CAPACITY: i32 = 9;
/**
 * Feature-parallel training: this thread builds histograms and searches
 * splits for features P_FEATURE_START .. P_FEATURE_END - 1 only, and when
 * P_THREADS > 1 every split search ends with the host's exchangeSplit, which
 * leaves the best split over all threads in the node (see grower.ts).
 * P_THREADS <= 1 (or 0, as a zero-filled block gives): one thread, all features.
 */
export const P_FEATURE_START: i32 = 10;
export const P_FEATURE_END: i32 = 11;
export const P_THREADS: i32 = 12;
/** Non-zero: time the grower's stages (see STAGE_*), through the host's `now`. */
export const P_PROFILE: i32 = 13;
/**
 * Quantized gradients (quantize.ts): the value of one gradient level and of
 * one hessian level (powers of two; 0 = full-precision training), and the
 * node size up to which histograms pack into i32 entries.
 */
export const P_QUANT_G_SCALE: i32 = 14;
export const P_QUANT_H_SCALE: i32 = 15;
export const P_QUANT_PACK_ROWS: i32 = 16;
/** The levels (qg in [-G, G], qh in [0, H]), the rounding's seed, the tree's round and the index of this thread's first row. */
export const P_QUANT_G_LEVELS: i32 = 17;
export const P_QUANT_H_LEVELS: i32 = 18;
export const P_QUANT_SEED: i32 = 19;
export const P_QUANT_ROUND: i32 = 20;
export const P_QUANT_ROW_START: i32 = 21;
export const PARAM_COUNT: i32 = 22;

/** The grower's stage timers: histograms (built, summed across threads, subtracted), split search, row partition, score updates. */
export const STAGE_HISTOGRAM: i32 = 0;
export const STAGE_SPLIT: i32 = 1;
export const STAGE_PARTITION: i32 = 2;
export const STAGE_LEAVES: i32 = 3;
export const STAGE_COUNT: i32 = 4;

/**
 * A grown tree (growTree's `out` block, see grower.ts): TREE_I32_ARRAYS i32
 * arrays then TREE_F64_ARRAYS f64 arrays of `capacity` entries each, in the
 * order of these indices.
 */
export const TREE_I32_ARRAYS: i32 = 5;
export const TREE_I32_FEATURE: i32 = 0;
export const TREE_I32_BIN: i32 = 1;
export const TREE_I32_DEFAULT_LEFT: i32 = 2;
export const TREE_I32_LEFT: i32 = 3;
export const TREE_I32_RIGHT: i32 = 4;
export const TREE_F64_ARRAYS: i32 = 5;
export const TREE_F64_GAIN: i32 = 0;
/** Hessian sum of each internal node. */
export const TREE_F64_COVER: i32 = 1;
/** Shrunk weight of each internal node. */
export const TREE_F64_WEIGHT: i32 = 2;
export const TREE_F64_LEAF_VALUE: i32 = 3;
export const TREE_F64_LEAF_COVER: i32 = 4;

/** Bytes of one packed prediction node: feature|defaultLeft<<31, threshold f32, left, right. */
export const PACKED_NODE_BYTES: i32 = 16;

export const GROW_DEPTHWISE: i32 = 0;
export const GROW_LOSSGUIDE: i32 = 1;

/** Bytes of one TreeSHAP node and path element (see treeshap.ts). */
export const SHAP_NODE_BYTES: i32 = 40;
export const SHAP_PATH_ELEMENT_BYTES: i32 = 32;
/** Deepest tree stored in the complete-tree encoding (2^(D+1)-1 slots), and the bytes of one slot. */
export const COMPLETE_MAX_DEPTH: i32 = 8;
export const COMPLETE_SLOT_BYTES: i32 = 8;
