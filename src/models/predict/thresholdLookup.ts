import { powerOfTwoAtLeast } from '../../math/powerOfTwo.js';

/** Most cells of a feature's lookup table (one byte each: 4 KiB, within L1 while its column is binned). */
export const MAX_LOOKUP_CELLS = 4096;
/** Cells per cut aimed for, so that most cells hold at most one cut. */
const CELLS_PER_CUT = 16;
/** Largest finite f32. */
const F32_MAX = 3.4028234663852886e38;

/**
 * The lookup tables of binColumnByTable (assembly/binningTable.ts) for a
 * binning's thresholds, packed for all features: feature f's cuts (followed by
 * window[f] NaN pads) start at cuts[cutStart[f]], its table at
 * tables[tableStart[f]].
 *
 * A value v falls in cell (v - lo) * scale (f32 arithmetic) clamped to
 * 0..lastCell (NaN to 0) and rounded to an integer, lo being the first finite cut and scale
 * spreading the finite cuts over the cells but the last (which keeps a
 * +Infinity cut apart). The cell is nondecreasing in v, so table[cell] = the
 * number of cuts in lower cells is a lower bound of v's bin, and the cuts
 * still to count are those of v's own cell: window = the most any cell holds.
 */
export interface ThresholdLookup {
  readonly cuts: Float32Array;
  readonly cutStart: Int32Array;
  readonly tables: Uint8Array;
  readonly tableStart: Int32Array;
  readonly lo: Float32Array;
  readonly scale: Float32Array;
  readonly lastCell: Int32Array;
  readonly window: Int32Array;
}

/** The cell binColumnByTable gives v: the same f32 operations, clamping (NaN to 0) and rounding to nearest (ties to even). */
export function lookupCell(v: number, lo: number, scale: number, lastCell: number): number {
  let y = Math.fround(Math.fround(v - lo) * scale);
  y = y > 0 ? y : 0;
  y = y < lastCell ? y : lastCell;
  // The f32 sum with 2^23 rounds y as the kernel does (a double sum rounded to f32 is the f32 sum).
  return Math.fround(y + 2 ** 23) - 2 ** 23;
}

/** Lookup tables for strictly increasing f32 thresholds per feature (each fewer than 255). */
export function buildThresholdLookup(thresholds: readonly Float32Array[]): ThresholdLookup {
  const nf = thresholds.length;
  const lo = new Float32Array(nf);
  const scale = new Float32Array(nf);
  const lastCell = new Int32Array(nf);
  const window = new Int32Array(nf);
  const perFeature = thresholds.map((t, f) => {
    const finite = t.filter(Number.isFinite);
    lo[f] = finite.length > 0 ? finite[0] : 0;
    const span = finite.length > 1 ? finite[finite.length - 1] - finite[0] : 0;
    // From about CELLS_PER_CUT cells per cut, doubled (up to MAX_LOOKUP_CELLS) while a cell holds two cuts.
    let nCells = Math.min(MAX_LOOKUP_CELLS, Math.max(2, powerOfTwoAtLeast(CELLS_PER_CUT * Math.max(1, t.length))));
    for (;;) {
      // Any positive finite scale keeps the cells nondecreasing; this one puts the last finite cut in cell nCells - 2.
      scale[f] = span > 0 ? Math.min(F32_MAX, Math.fround((nCells - 2) / span)) : 1;
      lastCell[f] = nCells - 1;
      const count = new Int32Array(nCells);
      for (const c of t) count[lookupCell(c, lo[f], scale[f], lastCell[f])]++;
      const table = new Uint8Array(nCells);
      let below = 0;
      let most = 0;
      for (let j = 0; j < nCells; j++) {
        table[j] = below;
        below += count[j];
        most = Math.max(most, count[j]);
      }
      if (most <= 1 || nCells >= MAX_LOOKUP_CELLS) {
        window[f] = most;
        return table;
      }
      nCells *= 2;
    }
  });
  const cutStart = new Int32Array(nf + 1);
  const tableStart = new Int32Array(nf + 1);
  thresholds.forEach((t, f) => {
    cutStart[f + 1] = cutStart[f] + t.length + window[f];
    tableStart[f + 1] = tableStart[f] + perFeature[f].length;
  });
  const cuts = new Float32Array(Math.max(1, cutStart[nf])).fill(NaN);
  thresholds.forEach((t, f) => cuts.set(t, cutStart[f]));
  const tables = new Uint8Array(Math.max(1, tableStart[nf]));
  perFeature.forEach((table, f) => tables.set(table, tableStart[f]));
  return { cuts, cutStart, tables, tableStart, lo, scale, lastCell, window };
}

/** Bytes of predictBinnedBlocks' input for m rows: per group of 64, each feature's bins and their plus-one copies. */
export const blockBytes = (m: number, nFeatures: number): number => Math.ceil(m / 64) * 128 * nFeatures;
