// The calls of the binning kernels (assembly/binningTable.ts, binningByCuts.ts), kept out
// of ThresholdBinning's module so that the public declarations never name the
// wasm heap or kernel interface.
import type { Scope } from '../../wasm/heap.js';
import { getRuntime, type KernelExports } from '../../wasm/load.js';
import type { ThresholdLookup } from './thresholdLookup.js';

/**
 * Most cuts of a feature binned into blocks by comparing each value with every
 * cut (binColumnToBlocksByCuts: two vector operations per cut and four values)
 * instead of the lookup table: the break-even measured was near 14 cuts
 * (bench/RESULTS.md §46).
 */
export const FEW_CUTS = 8;

/**
 * Bins m values (f32 at `values`) of feature f into column f of row-major
 * bins (nFeatures bytes a row) with binColumnByTable, or with `blocks` into
 * predictBinnedBlocks' transposed layout with binColumnToBlocks; `cuts` and
 * `tables` are where the lookup's arrays were copied in wasm memory. Returns
 * the index of the first ±Infinity among the values, or -1.
 */
export function binLookupColumn(
  k: KernelExports, lk: ThresholdLookup, cuts: number, tables: number, values: number, m: number, f: number, bins: number, nFeatures: number,
  blocks = false,
): number {
  if (blocks) {
    const nCuts = lk.cutStart[f + 1] - lk.cutStart[f] - lk.window[f];
    if (nCuts <= FEW_CUTS) return k.binColumnToBlocksByCuts(values, m, cuts + 4 * lk.cutStart[f], nCuts, bins, nFeatures, f);
  }
  const kernel = blocks ? k.binColumnToBlocks : k.binColumnByTable;
  return kernel(values, m, cuts + 4 * lk.cutStart[f], tables + lk.tableStart[f], lk.lo[f], lk.scale[f], lk.lastCell[f], lk.window[f], bins, nFeatures, f);
}

/**
 * Takes a lookup's tables resident in wasm (`scope.resident`) and returns the function that bins
 * m values (f32 at `values`) of feature f into column f of row-major bins
 * (nFeatures bytes a row), or with `blocks` into predictBinnedBlocks' layout
 * (see binLookupColumn); given `nonFiniteError`, it throws what that returns
 * for the index of the first ±Infinity.
 */
export function columnBinner(
  lk: ThresholdLookup, nFeatures: number, scope: Scope, blocks = false,
): (values: number, m: number, f: number, bins: number, nonFiniteError?: (index: number) => Error) => void {
  const { kernels } = getRuntime();
  const cuts = scope.resident(lk.cuts);
  const tables = scope.resident(lk.tables);
  return (values, m, f, bins, nonFiniteError) => {
    // The kernel finds the first ±Infinity in the same pass: the bins written for that column are dropped with the throw.
    const bad = binLookupColumn(kernels, lk, cuts, tables, values, m, f, bins, nFeatures, blocks);
    if (nonFiniteError && bad >= 0) throw nonFiniteError(bad);
  };
}
