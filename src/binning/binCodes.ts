import type { Column } from '../data/dataset.js';
import type { BinLookup } from './woe.js';
import { woeBinIndex } from './woe.js';

/**
 * The bin of every value of a column, as `woeBinIndex` finds it, with
 * `bins.length` for a value in no bin (a binning has at most 201 bins, so a
 * byte holds every code: the fit's limits, and MAX_JSON_BINS for a file).
 * Numeric bins that are contiguous from −inf to +inf (every binning creditkit
 * fits) are found by binary search over their upper bounds; categorical ones
 * through a table by category code (`col.categories`, the labels).
 */
export function binCodes(binning: BinLookup, col: Column): Uint8Array {
  const n = col.values.length;
  const values = col.values;
  const codes = new Uint8Array(n);
  const none = binning.bins.length;
  const missingBin = binning.bins.findIndex((b) => b.missing);
  const missingCode = missingBin < 0 ? none : missingBin;
  if (binning.kind === 'categorical') {
    const labels = col.categories ?? [];
    const table = Uint8Array.from(labels, (label) => {
      const k = woeBinIndex(binning, label);
      return k < 0 ? none : k;
    });
    for (let i = 0; i < n; i++) {
      const v = values[i];
      codes[i] = v !== v ? missingCode : v < table.length ? table[v] : none;
    }
    return codes;
  }
  const valueBins: number[] = [];
  binning.bins.forEach((b, k) => !b.missing && b.special === undefined && valueBins.push(k));
  const bins = binning.bins;
  const contiguous = valueBins.length > 0 && bins[valueBins[0]].lower === null && bins[valueBins[valueBins.length - 1]].upper === null &&
    valueBins.every((k, i) => i === 0 || (bins[k].lower !== null && bins[k].lower === bins[valueBins[i - 1]].upper));
  if (!contiguous) {
    for (let i = 0; i < n; i++) {
      const k = woeBinIndex(binning, values[i]);
      codes[i] = k < 0 ? none : k;
    }
    return codes;
  }
  const uppers = Float64Array.from(valueBins.slice(0, -1), (k) => bins[k].upper!);
  const index = Uint8Array.from(valueBins);
  const specials = Float32Array.from(bins.filter((b) => b.special !== undefined), (b) => b.special!);
  const specialCodes = Uint8Array.from(bins.map((b, k) => (b.special !== undefined ? k : -1)).filter((k) => k >= 0));
  const ns = specials.length;
  const nu = uppers.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) {
      codes[i] = missingCode;
      continue;
    }
    let s = 0;
    while (s < ns && specials[s] !== v) s++;
    if (s < ns) {
      codes[i] = specialCodes[s];
      continue;
    }
    let lo = 0;
    let hi = nu;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (v < uppers[mid]) hi = mid;
      else lo = mid + 1;
    }
    codes[i] = index[lo];
  }
  return codes;
}
