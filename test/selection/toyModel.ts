// A small classifier that is not a GBDT and has no featureImportance, to check that
// search and RFE work for any Classifier (permutation importance). Not a test file.
import { type FeatureInput, toDataset } from '../../src/data/dataset.js';
import { CreditkitError } from '../../src/errors.js';
import type { Classifier, ModelJSON } from '../../src/models/classifier.js';
import { MODEL_KINDS } from '../../src/models/factory.js';
import type { FeatureSpec } from '../../src/models/schema.js';

interface ToyOptions {
  epochs: number;
  learningRate: number;
}

/** Logistic regression on numeric columns by full-batch gradient descent. */
export class ToyLogistic implements Classifier {
  readonly options: ToyOptions;
  private w: Float64Array = new Float64Array(0);
  private b = 0;
  private names: string[] = [];

  constructor(options: Partial<ToyOptions> = {}) {
    for (const k of Object.keys(options)) if (k !== 'epochs' && k !== 'learningRate') throw new CreditkitError('E_OPTION', `unknown option "${k}"`);
    this.options = { epochs: 50, learningRate: 0.5, ...options };
    if (!(this.options.epochs >= 1)) throw new CreditkitError('E_OPTION', 'epochs must be >= 1');
  }

  get featureSpecs(): readonly FeatureSpec[] {
    return this.names.map((name) => ({ name, kind: 'numeric' }) as FeatureSpec);
  }

  fit(Xin: FeatureInput, y: ArrayLike<number>): this {
    const X = toDataset(Xin);
    this.names = X.names;
    const cols = X.columns.map((c) => c.values);
    this.w = new Float64Array(cols.length);
    this.b = 0;
    for (let e = 0; e < this.options.epochs; e++) {
      const g = new Float64Array(cols.length);
      let gb = 0;
      for (let i = 0; i < X.nRows; i++) {
        let z = this.b;
        cols.forEach((c, j) => (z += this.w[j] * c[i]));
        const r = 1 / (1 + Math.exp(-z)) - y[i];
        cols.forEach((c, j) => (g[j] += r * c[i]));
        gb += r;
      }
      for (let j = 0; j < cols.length; j++) this.w[j] -= (this.options.learningRate * g[j]) / X.nRows;
      this.b -= (this.options.learningRate * gb) / X.nRows;
    }
    return this;
  }

  predictProba(Xin: FeatureInput): Float64Array {
    const X = toDataset(Xin);
    const cols = this.names.map((n) => X.column(n).values);
    return Float64Array.from({ length: X.nRows }, (_, i) => {
      let z = this.b;
      cols.forEach((c, j) => (z += this.w[j] * c[i]));
      return 1 / (1 + Math.exp(-z));
    });
  }

  toJSON(): ModelJSON {
    return { format: 'creditkit-model', name: 'ToyLogistic', version: 1, options: { ...this.options }, w: Array.from(this.w), b: this.b };
  }
}

/** Registers the toy model as kind 'toy' while `f` runs. */
export function withToyModel<T>(f: () => T): T {
  MODEL_KINDS.toy = { name: 'toy', description: 'test model', create: (o = {}) => new ToyLogistic(o as Partial<ToyOptions>) };
  try {
    return f();
  } finally {
    delete MODEL_KINDS.toy;
  }
}
