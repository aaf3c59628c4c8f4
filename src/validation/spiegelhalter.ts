import { normalTwoSidedP } from '../stats/normal.js';

/**
 * Spiegelhalter's (1986) z test of calibration over the whole sample: under
 * H0 (each row defaults with its PD) the Brier score has mean Σ p(1 − p) and
 * variance Σ (1 − 2p)² p (1 − p), so
 *
 *   z = Σ (y − p)(1 − 2p) / √(Σ (1 − 2p)² p (1 − p))
 *
 * is standard normal; the p-value is two-sided. null when every PD is 0, ½ or 1
 * (no variance).
 */
export interface SpiegelhalterTest {
  z: number | null;
  p: number | null;
  note?: string;
}

export function spiegelhalterTest(y: ArrayLike<number>, pd: ArrayLike<number>): SpiegelhalterTest {
  let num = 0;
  let den = 0;
  for (let i = 0; i < y.length; i++) {
    const p = pd[i];
    const w = 1 - 2 * p;
    num += (y[i] - p) * w;
    den += w * w * p * (1 - p);
  }
  if (!(den > 0)) return { z: null, p: null, note: 'every PD is 0, ½ or 1: the statistic has no variance' };
  const z = num / Math.sqrt(den);
  return { z, p: normalTwoSidedP(z) };
}
