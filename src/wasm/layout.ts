/**
 * The memory layout the façade was written for. These mirror the constants
 * in assembly/common.ts; `checkLayout` compares them with the globals the
 * binary exports and refuses a mismatched binary at load time.
 */
export const MISSING_BIN = 255;
export const BINS_PER_FEATURE = 256;
export const HIST_ENTRY_BYTES = 16;
export const TREE_I32_ARRAYS = 5;
export const TREE_F64_ARRAYS = 5;
export const PACKED_NODE_BYTES = 16;
export const SHAP_NODE_BYTES = 40;
export const SHAP_PATH_ELEMENT_BYTES = 32;
/** Deepest tree stored in the complete-tree encoding, and the bytes of one of its slots. */
export const COMPLETE_MAX_DEPTH = 8;
export const COMPLETE_SLOT_BYTES = 8;

/** Indices into growTree's f64 parameter block. */
export const Param = {
  lambda: 0,
  alpha: 1,
  gamma: 2,
  minChildWeight: 3,
  learningRate: 4,
  maxDepth: 5,
  maxLeaves: 6,
  growPolicy: 7,
  nSlots: 8,
  capacity: 9,
  featureStart: 10,
  featureEnd: 11,
  threads: 12,
  profile: 13,
} as const;
export const PARAM_COUNT = 14;

/** The grower's stage timers, in this order (assembly/common.ts STAGE_*). */
export const GROW_STAGES = ['histogram', 'split', 'partition', 'leaves'] as const;

export const GROW_DEPTHWISE = 0;
export const GROW_LOSSGUIDE = 1;

export const EXPECTED_GLOBALS: Record<string, number> = {
  MISSING_BIN,
  BINS_PER_FEATURE,
  HIST_ENTRY_BYTES,
  PARAM_COUNT,
  TREE_I32_ARRAYS,
  TREE_F64_ARRAYS,
  PACKED_NODE_BYTES,
  SHAP_NODE_BYTES,
  SHAP_PATH_ELEMENT_BYTES,
  COMPLETE_MAX_DEPTH,
  COMPLETE_SLOT_BYTES,
};
