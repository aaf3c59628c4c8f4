import { CreditkitError } from '../errors.js';

/**
 * The memory layout the façade was written for. These sizes mirror the
 * constants in assembly/common.ts; `checkLayout` compares them with the
 * globals the binary exports and refuses a mismatched binary at load time.
 */
export const MISSING_BIN = 255;
export const BINS_PER_FEATURE = 256;
export const HIST_ENTRY_BYTES = 16;
/** One feature's occupancy bitmap next to each histogram of the grower's pool (assembly/occupancy.ts). */
export const OCCUPANCY_FEATURE_BYTES = BINS_PER_FEATURE / 8;
export const PACKED_NODE_BYTES = 16;
export const SHAP_NODE_BYTES = 40;
export const SHAP_PATH_ELEMENT_BYTES = 32;
/** Deepest tree stored in the complete-tree encoding, and the bytes of one of its slots. */
export const COMPLETE_MAX_DEPTH = 8;
export const COMPLETE_SLOT_BYTES = 8;

/** The CSV fast reader's slots, state block and flag records (assembly/csvRecords.ts). */
export const CSV_OK = 0;
export const CSV_FOREIGN = 1;
export const SLOT_SKIP = -1;
export const SLOT_CELL = -2;
export const CSV_STATE_LINE = 0;
export const CSV_STATE_ROWS = 1;
export const CSV_STATE_CONSUMED = 2;
export const CSV_STATE_FLAGS = 3;
export const CSV_STATE_HIGH = 4;
export const CSV_STATE_COUNT = 5;
export const CSV_FLAG_U32 = 4;
/** The longest String(x) of a double, in bytes (assembly/shortestDouble.ts). */
export const SHORTEST_DOUBLE_MAX_BYTES = 25;

/** Histogram bytes of one feature, and its f64 values (gradient and hessian sums of every bin). */
export const HIST_FEATURE_BYTES = BINS_PER_FEATURE * HIST_ENTRY_BYTES;
export const HIST_FEATURE_VALUES = HIST_FEATURE_BYTES / 8;
/** Bytes of one feature in each slot of the grower's histogram pool: its histogram and its occupancy bitmap. */
export const HIST_SLOT_FEATURE_BYTES = HIST_FEATURE_BYTES + OCCUPANCY_FEATURE_BYTES;

/**
 * growTree's parameters, each named by the global that holds its index in the
 * f64 parameter block (assembly/common.ts P_*). The indices themselves are read
 * from the binary at load (`readGrowerLayout`), so they are defined once.
 */
export const GROW_PARAM_GLOBALS = {
  lambda: 'P_LAMBDA',
  alpha: 'P_ALPHA',
  gamma: 'P_GAMMA',
  minChildWeight: 'P_MIN_CHILD_WEIGHT',
  learningRate: 'P_LEARNING_RATE',
  maxDepth: 'P_MAX_DEPTH',
  maxLeaves: 'P_MAX_LEAVES',
  growPolicy: 'P_GROW_POLICY',
  nSlots: 'P_N_SLOTS',
  capacity: 'P_CAPACITY',
  featureStart: 'P_FEATURE_START',
  featureEnd: 'P_FEATURE_END',
  threads: 'P_THREADS',
  profile: 'P_PROFILE',
  quantGScale: 'P_QUANT_G_SCALE',
  quantHScale: 'P_QUANT_H_SCALE',
  quantPackRows: 'P_QUANT_PACK_ROWS',
  quantGLevels: 'P_QUANT_G_LEVELS',
  quantHLevels: 'P_QUANT_H_LEVELS',
  quantSeed: 'P_QUANT_SEED',
  quantRound: 'P_QUANT_ROUND',
  quantRowStart: 'P_QUANT_ROW_START',
} as const;
export type GrowParamName = keyof typeof GROW_PARAM_GLOBALS;

/** The grower's stage timers, each named by the global that holds its index (assembly/common.ts STAGE_*). */
export const GROW_STAGE_GLOBALS = {
  histogram: 'STAGE_HISTOGRAM',
  split: 'STAGE_SPLIT',
  partition: 'STAGE_PARTITION',
  leaves: 'STAGE_LEAVES',
} as const;
export type GrowStage = keyof typeof GROW_STAGE_GLOBALS;

/** The grow policies, named by their globals (assembly/common.ts GROW_*). */
export const GROW_POLICY_GLOBALS = { depthwise: 'GROW_DEPTHWISE', lossguide: 'GROW_LOSSGUIDE' } as const;
export type GrowPolicy = keyof typeof GROW_POLICY_GLOBALS;

/** The i32 and f64 arrays of a grown tree, named by the globals that hold their order (assembly/common.ts TREE_*). */
export const TREE_I32_GLOBALS = {
  feature: 'TREE_I32_FEATURE',
  bin: 'TREE_I32_BIN',
  defaultLeft: 'TREE_I32_DEFAULT_LEFT',
  left: 'TREE_I32_LEFT',
  right: 'TREE_I32_RIGHT',
} as const;
export const TREE_F64_GLOBALS = {
  gain: 'TREE_F64_GAIN',
  cover: 'TREE_F64_COVER',
  value: 'TREE_F64_WEIGHT',
  leafValue: 'TREE_F64_LEAF_VALUE',
  leafCover: 'TREE_F64_LEAF_COVER',
} as const;

/** growTree's parameter block, stage timers, policies and tree arrays, as a loaded binary defines them. */
export interface GrowerLayout {
  param: Readonly<Record<GrowParamName, number>>;
  paramCount: number;
  stage: Readonly<Record<GrowStage, number>>;
  stageCount: number;
  policy: Readonly<Record<GrowPolicy, number>>;
  /** Order of each array in the tree block, and the number of i32 arrays before the f64 ones. */
  treeI32: Readonly<Record<keyof typeof TREE_I32_GLOBALS, number>>;
  treeI32Count: number;
  treeF64: Readonly<Record<keyof typeof TREE_F64_GLOBALS, number>>;
}

/**
 * Reads growTree's layout from a module's exported globals. A binary whose
 * P_*, STAGE_* or TREE_* globals are not exactly the ones named above, or whose
 * indices do not fill their block one to one, is refused (E_WASM_LAYOUT).
 */
export function readGrowerLayout(exports: Record<string, unknown>): GrowerLayout {
  const valueOf = (name: string): number => {
    const g = exports[name];
    if (!(g instanceof WebAssembly.Global)) throw layoutError(`creditkit.wasm does not export ${name}`);
    return Number(g.value);
  };
  const indices = <K extends string>(table: Record<K, string>, prefix: string, countName: string): { map: Record<K, number>; count: number } => {
    const count = valueOf(countName);
    const exported = Object.keys(exports).filter((k) => k.startsWith(prefix) && k !== countName).sort();
    const named = Object.values<string>(table).sort();
    if (exported.join() !== named.join()) {
      throw layoutError(`creditkit.wasm exports ${exported.join(', ')}; the library knows ${named.join(', ')}`);
    }
    const map = {} as Record<K, number>;
    const seen = new Set<number>();
    for (const [key, name] of Object.entries(table) as [K, string][]) {
      const i = valueOf(name);
      if (!(Number.isInteger(i) && i >= 0 && i < count) || seen.has(i)) throw layoutError(`${name} is ${i}: not a free index below ${countName} = ${count}`);
      seen.add(i);
      map[key] = i;
    }
    if (seen.size !== count) throw layoutError(`${countName} is ${count} but ${seen.size} indices are named`);
    return { map, count };
  };
  const params = indices(GROW_PARAM_GLOBALS, 'P_', 'PARAM_COUNT');
  const stages = indices(GROW_STAGE_GLOBALS, 'STAGE_', 'STAGE_COUNT');
  const policy = { depthwise: valueOf(GROW_POLICY_GLOBALS.depthwise), lossguide: valueOf(GROW_POLICY_GLOBALS.lossguide) };
  if (policy.depthwise === policy.lossguide) throw layoutError('GROW_DEPTHWISE and GROW_LOSSGUIDE are equal');
  const treeI32 = indices(TREE_I32_GLOBALS, 'TREE_I32_', 'TREE_I32_ARRAYS');
  const treeF64 = indices(TREE_F64_GLOBALS, 'TREE_F64_', 'TREE_F64_ARRAYS');
  return {
    param: params.map, paramCount: params.count, stage: stages.map, stageCount: stages.count, policy,
    treeI32: treeI32.map, treeI32Count: treeI32.count, treeF64: treeF64.map,
  };
}

function layoutError(detail: string): CreditkitError {
  return new CreditkitError('E_WASM_LAYOUT', `creditkit.wasm layout mismatch: ${detail}; rebuild with "npm run build"`);
}

export const EXPECTED_GLOBALS: Record<string, number> = {
  MISSING_BIN,
  BINS_PER_FEATURE,
  HIST_ENTRY_BYTES,
  OCCUPANCY_FEATURE_BYTES,
  PACKED_NODE_BYTES,
  SHAP_NODE_BYTES,
  SHAP_PATH_ELEMENT_BYTES,
  COMPLETE_MAX_DEPTH,
  COMPLETE_SLOT_BYTES,
  CSV_OK,
  CSV_FOREIGN,
  SLOT_SKIP,
  SLOT_CELL,
  CSV_STATE_LINE,
  CSV_STATE_ROWS,
  CSV_STATE_CONSUMED,
  CSV_STATE_FLAGS,
  CSV_STATE_HIGH,
  CSV_STATE_COUNT,
  CSV_FLAG_U32,
  SHORTEST_DOUBLE_MAX_BYTES,
};
