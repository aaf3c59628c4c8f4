// The ABI of creditkit.wasm: exports only. Every function takes pointers into
// this module's memory that the façade allocated (src/wasm/heap.ts).
export { alloc, free } from './memory';
export {
  MISSING_BIN, BINS_PER_FEATURE, HIST_ENTRY_BYTES, OCCUPANCY_FEATURE_BYTES, PARAM_COUNT,
  TREE_I32_ARRAYS, TREE_F64_ARRAYS, PACKED_NODE_BYTES, COMPLETE_MAX_DEPTH, COMPLETE_SLOT_BYTES,
} from './common';
// growTree's parameter indices, stage timers, grow policies and tree arrays: the façade reads them at load (src/wasm/layout.ts).
export {
  P_LAMBDA, P_ALPHA, P_GAMMA, P_MIN_CHILD_WEIGHT, P_LEARNING_RATE, P_MAX_DEPTH, P_MAX_LEAVES, P_GROW_POLICY,
  P_N_SLOTS, P_CAPACITY, P_FEATURE_START, P_FEATURE_END, P_THREADS, P_PROFILE,
  P_QUANT_G_SCALE, P_QUANT_H_SCALE, P_QUANT_PACK_ROWS, P_QUANT_G_LEVELS, P_QUANT_H_LEVELS, P_QUANT_SEED, P_QUANT_ROUND, P_QUANT_ROW_START,
  STAGE_HISTOGRAM, STAGE_SPLIT, STAGE_PARTITION, STAGE_LEAVES, STAGE_COUNT, GROW_DEPTHWISE, GROW_LOSSGUIDE,
  TREE_I32_FEATURE, TREE_I32_BIN, TREE_I32_DEFAULT_LEFT, TREE_I32_LEFT, TREE_I32_RIGHT,
  TREE_F64_GAIN, TREE_F64_COVER, TREE_F64_WEIGHT, TREE_F64_LEAF_VALUE, TREE_F64_LEAF_COVER,
} from './common';
export { binColumn } from './binning';
export { binColumnByTable, binColumnToBlocks } from './binningTable';
export { binColumnToBlocksByCuts } from './binningByCuts';
export { buildHistogram, buildHistogramNaive, subtractHistogram } from './histogram';
export { buildHistogramMarked, subtractOccupied, clearOccupied } from './occupancy';
export { buildHistogramQuantized, buildHistogramQuantizedNaive, buildRootHistogramQuantized } from './histogramQuantized';
export { quantizeGradients } from './quantize';
export { nodeRecordBytes } from './node';
export {
  NODE_SUM_G, NODE_SUM_H, NODE_SPLITTABLE, NODE_FEATURE, NODE_BIN, NODE_DEFAULT_LEFT, NODE_GAIN, NODE_LEFT_G, NODE_LEFT_H, NODE_LEFT_W, NODE_RIGHT_W,
} from './node';
export { splitRows, addSplitLeaves, gatherRows } from './partition';
export { partitionRowsInPlace, partitionRowsSwap } from './partitionInPlace';
export { rowBlockBytes, binStride } from './rowblock';
export { growTree, treeOutBytes, growStageTimes, resetStageTimes } from './grower';
export { logisticGradHess, logisticGradHessNaive, logisticLoss } from './loss';
export { addTreeBinned, predictForest, predictForestComplete, predictForestCompleteNaive } from './predict';
export { rocAuc } from './auc';
export { growTreeCart } from './grower';
export { nodeSamplingBytes } from './nodeSampling';
export { SHAP_NODE_BYTES, SHAP_PATH_ELEMENT_BYTES } from './common';
export { treeShap, treeExpectedValue, treeShapPathBytes } from './treeshap';
export { predictBinnedComplete, predictBinnedCompleteNaive, predictBinnedBlocks, predictBinnedPointers } from './predictBinned';
export { firstInfinite, firstInfiniteNaive } from './finite';
export { quotesCloseOnEachLine, quotesCloseOnEachLineNaive } from './quotedLines';
export { bestSplitOf } from './splitCheck';
export { sortFloat32, sortFloat32ScratchBytes } from './sortFloat32';
export { mathExp, mathLog, mathLog1p, mathLog10, mathCos } from './elementary';
export { csvReadRecords, CSV_OK, CSV_FOREIGN, SLOT_SKIP, SLOT_CELL, CSV_STATE_LINE, CSV_STATE_ROWS, CSV_STATE_CONSUMED, CSV_STATE_FLAGS, CSV_STATE_HIGH, CSV_STATE_COUNT, CSV_FLAG_U32 } from './csvRecords';
export { writeShortestDouble, formatDoubleLines, SHORTEST_DOUBLE_MAX_BYTES } from './shortestDouble';
export { writeScoreLines, scoreLinesStop } from './scoreLines';
