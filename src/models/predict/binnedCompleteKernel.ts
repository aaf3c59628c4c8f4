// The binned complete-tree kernels' call, kept out of BinnedForest's module so
// that the public declarations never name the wasm kernel interface.
import type { KernelExports } from '../../wasm/load.js';

/** Work space of predictBinnedBlocks (`pos`): four 64-row groups scored per pass (GROUP_WORK_BYTES in assembly/predictBinned.ts). */
export const GROUP_WORK_BYTES = 4096;

/** Bytes of predictBinnedComplete's scratch block (two transposed 64-row blocks and the group's work space). */
export const binnedScratchBytes = (nFeatures: number): number => 2 * nFeatures * 64 + GROUP_WORK_BYTES;

/**
 * Scores m binned rows (row-major, nFeatures bytes each) of a complete-tree
 * forest with predictBinnedComplete, each level evaluated as `levels` (the
 * forest's level programs, see levelPrograms.ts) says; `scratch` is
 * binnedScratchBytes(nFeatures).
 */
export function scoreBinnedComplete(
  k: KernelExports, bins: number, nFeatures: number, m: number, slots: number, trees: number, nTrees: number, levels: number,
  base: number, proba: boolean, scratch: number, out: number,
): void {
  k.predictBinnedComplete(bins, nFeatures, m, slots, trees, nTrees, levels, base, proba ? 1 : 0, scratch, out);
}
