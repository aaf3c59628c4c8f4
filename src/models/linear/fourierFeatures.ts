import { Random } from '../../random.js';
import type { DesignMatrix } from '../preprocess.js';
import { cos, log } from '../../math/deterministic.js';

/**
 * Random Fourier features (Rahimi and Recht 2007): z(x) = √(2/D)·cos(Ωx + b)
 * with Ω's entries drawn from N(0, 2γ) and b from U[0, 2π), so that
 * z(x)ᵀz(x') ≈ exp(−γ‖x − x'‖²), the RBF kernel. A linear model on z is an
 * approximate kernel machine at linear cost. Ω and b are kept (and saved
 * with the model), so predictions never depend on redrawing them.
 */
export class FourierFeatures {
  /** D × p, row-major. */
  readonly omega: Float64Array;
  readonly offset: Float64Array;
  readonly nInputs: number;

  constructor(omega: Float64Array, offset: Float64Array, nInputs: number) {
    this.omega = omega;
    this.offset = offset;
    this.nInputs = nInputs;
  }

  get nComponents(): number {
    return this.offset.length;
  }

  static draw(nInputs: number, nComponents: number, gamma: number, seed: number): FourierFeatures {
    const rng = new Random(seed);
    const sd = Math.sqrt(2 * gamma);
    const omega = new Float64Array(nComponents * nInputs);
    for (let k = 0; k < omega.length; k++) omega[k] = sd * standardNormal(rng);
    const offset = Float64Array.from({ length: nComponents }, () => 2 * Math.PI * rng.next());
    return new FourierFeatures(omega, offset, nInputs);
  }

  transform(M: DesignMatrix): DesignMatrix {
    const { data, nRows: n, nCols: p } = M;
    const D = this.nComponents;
    const out = new Float64Array(n * D);
    const scale = Math.sqrt(2 / D);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < D; k++) {
        let s = this.offset[k];
        for (let j = 0; j < p; j++) s += this.omega[k * p + j] * data[i * p + j];
        out[i * D + k] = scale * cos(s);
      }
    }
    return { data: out, nRows: n, nCols: D };
  }
}

/** A standard normal draw (Box–Muller). */
export function standardNormal(rng: Random): number {
  const u = 1 - rng.next(); // (0, 1]
  return Math.sqrt(-2 * log(u)) * cos(2 * Math.PI * rng.next());
}
