import type { Random } from '../../random.js';
import { sigmoid } from '../../math/deterministic.js';

/** One dense layer: out × in weights (row-major) and out biases. */
export interface DenseLayer {
  nIn: number;
  nOut: number;
  weights: Float64Array;
  bias: Float64Array;
}

/**
 * A feed-forward network with ReLU hidden layers and one logistic output
 * unit, trained on log loss. Plain loops over Float64Arrays: the models it
 * serves are small (tens of inputs, one or two hidden layers).
 */
export class Network {
  readonly layers: DenseLayer[];
  /** Activations per layer for one row (scratch). */
  private readonly acts: Float64Array[];
  private readonly deltas: Float64Array[];

  constructor(layers: DenseLayer[]) {
    this.layers = layers;
    this.acts = [new Float64Array(layers[0].nIn), ...layers.map((l) => new Float64Array(l.nOut))];
    this.deltas = layers.map((l) => new Float64Array(l.nOut));
  }

  /**
   * Glorot-uniform weights (bound √(6 / (in + out)) for ReLU layers,
   * √(2 / (in + out)) for the logistic output, as scikit-learn), zero biases
   * except the output's, which starts at the log-odds of the training prior.
   */
  static init(sizes: readonly number[], priorLogit: number, rng: Random): Network {
    const layers: DenseLayer[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const last = l + 2 === sizes.length;
      const bound = Math.sqrt((last ? 2 : 6) / (nIn + nOut));
      const weights = Float64Array.from({ length: nIn * nOut }, () => (2 * rng.next() - 1) * bound);
      const bias = new Float64Array(nOut);
      if (last) bias[0] = priorLogit;
      layers.push({ nIn, nOut, weights, bias });
    }
    return new Network(layers);
  }

  /** The output log-odds for one input row (`x` has nIn values starting at `offset`). */
  forward(x: Float64Array, offset: number): number {
    const a0 = this.acts[0];
    for (let j = 0; j < a0.length; j++) a0[j] = x[offset + j];
    this.layers.forEach((layer, l) => {
      const input = this.acts[l];
      const out = this.acts[l + 1];
      const hidden = l + 1 < this.layers.length;
      const { weights: W, bias, nIn, nOut } = layer;
      for (let o = 0; o < nOut; o++) {
        let s = bias[o];
        const r = o * nIn;
        for (let j = 0; j < nIn; j++) s += W[r + j] * input[j];
        out[o] = hidden && s < 0 ? 0 : s;
      }
    });
    return this.acts[this.layers.length][0];
  }

  /**
   * Adds this row's gradient of weight × logloss to `grads` (same layout as
   * the parameters: per layer, weights then biases), after `forward` on it.
   */
  backward(y: number, weight: number, grads: DenseLayer[]): void {
    const L = this.layers.length;
    const z = this.acts[L][0];
    this.deltas[L - 1][0] = weight * (sigmoid(z) - y);
    for (let l = L - 1; l >= 0; l--) {
      const { weights: W, nIn, nOut } = this.layers[l];
      const delta = this.deltas[l];
      const input = this.acts[l];
      const g = grads[l];
      for (let o = 0; o < nOut; o++) {
        const d = delta[o];
        if (d === 0) continue;
        g.bias[o] += d;
        const r = o * nIn;
        for (let j = 0; j < nIn; j++) g.weights[r + j] += d * input[j];
      }
      if (l > 0) {
        const below = this.deltas[l - 1];
        for (let j = 0; j < nIn; j++) {
          if (input[j] <= 0) {
            below[j] = 0; // ReLU gradient
            continue;
          }
          let s = 0;
          for (let o = 0; o < nOut; o++) s += W[o * nIn + j] * delta[o];
          below[j] = s;
        }
      }
    }
  }

  /** Zeroed arrays shaped like the parameters. */
  zeros(): DenseLayer[] {
    return this.layers.map((l) => ({ nIn: l.nIn, nOut: l.nOut, weights: new Float64Array(l.weights.length), bias: new Float64Array(l.bias.length) }));
  }

  /** A deep copy of the parameters. */
  copyLayers(): DenseLayer[] {
    return this.layers.map((l) => ({ nIn: l.nIn, nOut: l.nOut, weights: l.weights.slice(), bias: l.bias.slice() }));
  }

  setLayers(layers: readonly DenseLayer[]): void {
    layers.forEach((l, k) => {
      this.layers[k].weights.set(l.weights);
      this.layers[k].bias.set(l.bias);
    });
  }
}

/** Adam (Kingma and Ba 2015) over a network's parameters, with scikit-learn's bias-corrected step. */
export class Adam {
  private readonly m: DenseLayer[];
  private readonly v: DenseLayer[];
  /** beta1^t and beta2^t, kept as running products (exactly rounded, unlike `**`). */
  private beta1Power = 1;
  private beta2Power = 1;

  constructor(
    net: Network,
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.m = net.zeros();
    this.v = net.zeros();
  }

  step(net: Network, grads: readonly DenseLayer[]): void {
    const { beta1: b1, beta2: b2 } = this;
    this.beta1Power *= b1;
    this.beta2Power *= b2;
    const rate = (this.learningRate * Math.sqrt(1 - this.beta2Power)) / (1 - this.beta1Power);
    net.layers.forEach((layer, l) => {
      for (const key of ['weights', 'bias'] as const) {
        const p = layer[key];
        const g = grads[l][key];
        const m = this.m[l][key];
        const v = this.v[l][key];
        for (let k = 0; k < p.length; k++) {
          m[k] = b1 * m[k] + (1 - b1) * g[k];
          v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
          p[k] -= (rate * m[k]) / (Math.sqrt(v[k]) + this.epsilon);
        }
      }
    });
  }
}
