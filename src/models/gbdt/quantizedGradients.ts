/**
 * Quantized-gradient training (the GBDT option `quantizedGradients`, as
 * LightGBM 4's `use_quantized_grad`): each round, every row's gradient and
 * hessian are rounded stochastically to a few integer levels
 * (assembly/quantize.ts), histograms are integer sums
 * (assembly/histogramQuantized.ts), split gains come from those sums with the
 * true scale, and each leaf is refitted from the full-precision gradients.
 */
import { powerOfTwoAtLeast } from '../../math/powerOfTwo.js';
import type { Quantization } from '../../wasm/grower.js';

/** Gradient levels on each side of zero and hessian levels: LightGBM's default of 4 gradient bins. */
export const GRADIENT_BINS = 4;

/**
 * The levels of a fit whose largest row weight is `maxWeight` (1 without
 * weights): logistic gradients lie in [-w, w] and hessians in [0, w / 4], so
 * fixed levels cover every round, and every thread agrees on them without
 * exchanging a maximum.
 */
export function quantizationFor(maxWeight: number, seed: number): Quantization {
  const gLevels = GRADIENT_BINS / 2;
  const hLevels = GRADIENT_BINS;
  return {
    gScale: powerOfTwoAtLeast(maxWeight / gLevels),
    hScale: powerOfTwoAtLeast(maxWeight / 4 / hLevels),
    gLevels,
    hLevels,
    packRows: Math.min(Math.floor(0xffff / hLevels), Math.floor(0x7fff / gLevels)),
    seed: seed >>> 0,
  };
}

/** Bytes a binned row needs beyond its features for the (qg, qh) pair. */
export const QUANTIZED_ROW_BYTES = 2;
