import { CreditkitError } from '../../errors.js';
import { MISSING_BIN } from '../../wasm/layout.js';
import { getRuntime } from '../../wasm/load.js';
import type { FeatureSpec } from '../schema.js';
import { nonFinite } from '../../data/finiteFeatures.js';
import type { Tree } from '../trees/tree.js';
import { buildThresholdLookup, type ThresholdLookup } from './thresholdLookup.js';
import { columnBinner } from './lookupBinning.js';

/** Most distinct split thresholds a feature may have: bins 0..254 hold them, 255 is the missing code. */
export const MAX_THRESHOLDS_PER_FEATURE = MISSING_BIN - 1;

/** Rows binned per wasm call in `binColumns` (bounds the wasm memory it takes). */
const BIN_CHUNK_ROWS = 65_536;

/**
 * A tree model's threshold binning: per feature, the sorted distinct split
 * thresholds of all its trees. A value v gets bin = number of thresholds <= v
 * (NaN: MISSING_BIN), so a split "v < threshold" with threshold the r-th of
 * its feature is exactly "bin <= r", and scoring binned rows gives the same
 * leaves as scoring the raw floats. `digest` identifies the binning (feature
 * names and thresholds), so rows binned for one model are not scored by a
 * model that bins differently.
 */
export class ThresholdBinning {
  /** Per feature, strictly increasing f32 thresholds (may end with Infinity). */
  readonly thresholds: readonly Float32Array[];
  readonly featureNames: readonly string[];
  /** 16 hex digits derived from the feature names and thresholds. */
  readonly digest: string;
  /** The thresholds' lookup tables, with which binColumnByTable bins a column (see thresholdLookup.ts). */
  readonly lookup: ThresholdLookup;

  private constructor(thresholds: Float32Array[], featureNames: string[]) {
    this.thresholds = thresholds;
    this.featureNames = featureNames;
    this.digest = digestOf(thresholds, featureNames);
    this.lookup = buildThresholdLookup(thresholds);
  }

  get nFeatures(): number {
    return this.thresholds.length;
  }

  /**
   * The binning of a model's trees. E_TOO_MANY_THRESHOLDS when a feature has
   * more than MAX_THRESHOLDS_PER_FEATURE distinct thresholds (possible for
   * imported models grown by exact split search; creditkit's own trees split
   * on at most 255 bins, so at most 254 thresholds).
   */
  static fromTrees(trees: readonly Tree[], features: readonly FeatureSpec[]): ThresholdBinning {
    const perFeature: number[][] = features.map(() => []);
    for (const t of trees) {
      for (let i = 0; i < t.nInternal; i++) perFeature[t.feature[i]].push(t.threshold[i]);
    }
    const thresholds = perFeature.map((values, f) => {
      const sorted = Float32Array.from(values).sort();
      if (sorted.length > 0 && Number.isNaN(sorted[sorted.length - 1])) {
        throw new CreditkitError('E_MODEL_FORMAT', 'a split threshold is NaN', { column: features[f].name });
      }
      // Distinct values (-0 and 0 are one threshold: they split identically).
      let k = 0;
      for (let j = 0; j < sorted.length; j++) if (k === 0 || sorted[j] !== sorted[k - 1]) sorted[k++] = sorted[j];
      if (k > MAX_THRESHOLDS_PER_FEATURE) {
        throw new CreditkitError(
          'E_TOO_MANY_THRESHOLDS',
          `the trees split this feature at ${k} distinct thresholds; 8-bit binned rows hold at most ${MAX_THRESHOLDS_PER_FEATURE} per feature (score raw values with predictProba instead)`,
          { column: features[f].name },
        );
      }
      return sorted.slice(0, k);
    });
    return new ThresholdBinning(thresholds, features.map((f) => f.name));
  }

  /** Rank of a threshold among its feature's thresholds (it must be one of them). */
  rank(feature: number, threshold: number): number {
    const t = this.thresholds[feature];
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid] < threshold) lo = mid + 1;
      else hi = mid;
    }
    if (lo === t.length || t[lo] !== threshold) throw new Error(`internal: threshold ${threshold} of feature ${feature} is not in the binning`);
    return lo;
  }

  /**
   * Row-major u8 bins (feature f of row i at i * nFeatures + f) of
   * column-major values (NaN: missing), binned in wasm (binColumnByTable, see lookupBinning.ts). With
   * `finiteCheck` (the features' names), ±Infinity throws E_NONFINITE naming
   * the row and feature (checked in wasm).
   */
  binColumns(columns: readonly Float32Array[], nRows: number, finiteCheck?: readonly string[]): Uint8Array {
    const nf = this.nFeatures;
    const out = new Uint8Array(nRows * nf);
    if (nRows === 0) return out;
    const { heap } = getRuntime();
    heap.scoped((scope) => {
      const chunk = Math.min(nRows, BIN_CHUNK_ROWS);
      const values = scope.alloc(chunk * 4);
      const bins = scope.alloc(chunk * nf);
      const binner = columnBinner(this.lookup, nf, scope);
      for (let start = 0; start < nRows; start += chunk) {
        const m = Math.min(chunk, nRows - start);
        for (let f = 0; f < nf; f++) {
          heap.f32(values, m).set(columns[f].subarray(start, start + m));
          binner(values, m, f, bins, finiteCheck && ((bad) => nonFinite(columns[f][start + bad], start + bad, finiteCheck[f])));
        }
        out.set(heap.u8(bins, m * nf), start * nf);
      }
    });
    return out;
  }
}

/** Two FNV-1a 32-bit hashes (different offsets) over the names and threshold bits, as 16 hex digits. */
function digestOf(thresholds: readonly Float32Array[], names: readonly string[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const mix = (word: number): void => {
    for (let k = 0; k < 4; k++) {
      const byte = (word >>> (8 * k)) & 0xff;
      a = Math.imul(a ^ byte, 0x01000193);
      b = Math.imul(b ^ byte, 0x01000193) ^ (b >>> 15);
    }
  };
  mix(thresholds.length);
  thresholds.forEach((t, f) => {
    const name = names[f];
    mix(name.length);
    for (let i = 0; i < name.length; i++) mix(name.charCodeAt(i));
    mix(t.length);
    const bits = new Uint32Array(t.buffer, t.byteOffset, t.length);
    for (const w of bits) mix(w);
  });
  const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');
  return hex(a) + hex(b);
}
