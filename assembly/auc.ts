/**
 * Area under the ROC curve in O(n log n): an LSD radix sort of the scores
 * (16-bit digits, passes whose digit is constant are skipped), then one sweep
 * from the highest score down. Tied scores form one step of the curve and
 * contribute a trapezoid, as scikit-learn's roc_auc_score does.
 *
 * @param scores   IN f64 [n], finite
 * @param labels   IN f64 [n], 0 or 1
 * @param weights  IN f64 [n] or 0 for unit weights
 * @param scratch  scratch: u64 [2n] keys, u32 [2n] indices, u32 [65536] counts
 * @returns AUC, or -1 when one class has zero total weight
 */
export function rocAuc(scores: usize, labels: usize, weights: usize, n: i32, scratch: usize): f64 {
  const nn = <usize>n;
  let keys = scratch;
  let keys2 = scratch + (nn << 3);
  let idx = scratch + (nn << 4);
  let idx2 = idx + (nn << 2);
  const counts = idx2 + (nn << 2);

  for (let i: usize = 0; i < nn; i++) {
    const bits = reinterpret<u64>(load<f64>(scores + (i << 3)) + 0.0); // +0.0 folds -0 into 0
    // Order-preserving map of f64 bits to unsigned integers.
    const key = (bits >> 63) != 0 ? ~bits : bits | 0x8000000000000000;
    store<u64>(keys + (i << 3), key);
    store<u32>(idx + (i << 2), <u32>i);
  }

  for (let shift: u64 = 0; shift < 64; shift += 16) {
    memory.fill(counts, 0, 65536 << 2);
    for (let i: usize = 0; i < nn; i++) {
      const d = <usize>((load<u64>(keys + (i << 3)) >> shift) & 0xffff);
      store<u32>(counts + (d << 2), load<u32>(counts + (d << 2)) + 1);
    }
    if (nn > 0) {
      const first = <usize>((load<u64>(keys) >> shift) & 0xffff);
      if (<usize>load<u32>(counts + (first << 2)) == nn) continue;
    }
    let sum: u32 = 0;
    for (let d: usize = 0; d < 65536; d++) {
      const c = load<u32>(counts + (d << 2));
      store<u32>(counts + (d << 2), sum);
      sum += c;
    }
    for (let i: usize = 0; i < nn; i++) {
      const k = load<u64>(keys + (i << 3));
      const d = <usize>((k >> shift) & 0xffff);
      const pos = <usize>load<u32>(counts + (d << 2));
      store<u32>(counts + (d << 2), <u32>pos + 1);
      store<u64>(keys2 + (pos << 3), k);
      store<u32>(idx2 + (pos << 2), load<u32>(idx + (i << 2)));
    }
    const tk = keys; keys = keys2; keys2 = tk;
    const ti = idx; idx = idx2; idx2 = ti;
  }

  let tp = 0.0, fp = 0.0, tpPrev = 0.0, fpPrev = 0.0, area = 0.0;
  let i = n - 1;
  while (i >= 0) {
    const k = load<u64>(keys + (<usize>i << 3));
    // one group of tied scores
    while (i >= 0 && load<u64>(keys + (<usize>i << 3)) == k) {
      const r = <usize>load<u32>(idx + (<usize>i << 2));
      const y = load<f64>(labels + (r << 3));
      const w = weights != 0 ? load<f64>(weights + (r << 3)) : 1.0;
      tp += w * y;
      fp += w * (1.0 - y);
      i--;
    }
    area += (fp - fpPrev) * (tp + tpPrev) * 0.5;
    tpPrev = tp;
    fpPrev = fp;
  }
  if (tp <= 0.0 || fp <= 0.0) return -1.0;
  return area / (tp * fp);
}
