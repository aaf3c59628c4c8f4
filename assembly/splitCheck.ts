import { NodeRec } from './node';
import { findBestSplit, findBestSplitNaive } from './split';

/**
 * Runs findBestSplit (naive = 0) or its scalar twin findBestSplitNaive
 * (naive = 1) on a node with the given sums, weight and monotone bounds, so
 * that a test can compare the two on any histogram.
 *
 * @param node  scratch NodeRec (nodeRecordBytes() bytes)
 * @param hist, nBins, mask, monotone, occupancy  IN  as findBestSplit's (the naive scan ignores occupancy)
 * @param out   OUT f64 [9]: splittable, feature, bin, defaultLeft, gain, leftG, leftH, leftW, rightW
 *              (only splittable is meaningful when it is 0)
 */
export function bestSplitOf(
  naive: i32, node: usize, sumG: f64, sumH: f64, weight: f64, lower: f64, upper: f64,
  hist: usize, nFeatures: i32, nBins: usize, mask: usize, monotone: usize,
  lambda: f64, alpha: f64, gamma: f64, minChildWeight: f64, out: usize, occupancy: usize,
): void {
  const n = changetype<NodeRec>(node);
  n.sumG = sumG;
  n.sumH = sumH;
  n.weight = weight;
  n.lower = lower;
  n.upper = upper;
  n.splittable = 0;
  if (naive != 0) findBestSplitNaive(n, hist, nFeatures, nBins, mask, monotone, lambda, alpha, gamma, minChildWeight);
  else findBestSplit(n, hist, nFeatures, nBins, mask, monotone, lambda, alpha, gamma, minChildWeight, occupancy);
  store<f64>(out, <f64>n.splittable);
  store<f64>(out + 8, <f64>n.feature);
  store<f64>(out + 16, <f64>n.bin);
  store<f64>(out + 24, <f64>n.defaultLeft);
  store<f64>(out + 32, n.gain);
  store<f64>(out + 40, n.leftG);
  store<f64>(out + 48, n.leftH);
  store<f64>(out + 56, n.leftW);
  store<f64>(out + 64, n.rightW);
}
