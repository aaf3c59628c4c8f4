import { describe, expect, it } from 'vitest';
import { LogisticRegression, MLPClassifier, MLP_DEFAULTS, Random, rocAuc } from '../../../src/index.js';
import { Network } from '../../../src/models/neural/network.js';
import { errorOf, nonlinear, slice } from '../helpers.js';

describe('Network backpropagation', () => {
  it('matches finite differences of the weighted log loss', () => {
    const rng = new Random(9);
    const net = Network.init([4, 5, 3, 1], 0.2, rng);
    const x = Float64Array.from({ length: 4 }, () => rng.next() * 2 - 1);
    const y = 1;
    const weight = 1.7;
    const loss = (): number => {
      const z = net.forward(x, 0);
      return weight * (Math.log1p(Math.exp(z)) - y * z);
    };
    const grads = net.zeros();
    net.forward(x, 0);
    net.backward(y, weight, grads);
    let checked = 0;
    net.layers.forEach((layer, l) => {
      for (const key of ['weights', 'bias'] as const) {
        const p = layer[key];
        for (let k = 0; k < p.length; k++) {
          const keep = p[k];
          p[k] = keep + 1e-6;
          const up = loss();
          p[k] = keep - 1e-6;
          const down = loss();
          p[k] = keep;
          expect(Math.abs((up - down) / 2e-6 - grads[l][key][k])).toBeLessThan(1e-6);
          checked++;
        }
      }
    });
    expect(checked).toBe(4 * 5 + 5 + 5 * 3 + 3 + 3 + 1);
  });
});

describe('MLPClassifier', () => {
  const data = nonlinear(4000, 21);
  const train = slice(data, 0, 3000);
  const test = slice(data, 3000, 4000);

  it('learns a nonlinear problem far better than logistic regression (two hidden layers)', () => {
    const mlp = new MLPClassifier({ hiddenLayerSizes: [32, 16], learningRate: 0.01 }).fit(train.X, train.y);
    const auc = rocAuc(test.y, mlp.predictProba(test.X));
    const linear = rocAuc(test.y, new LogisticRegression().fit(train.X, train.y).predictProba(test.X));
    expect(auc).toBeGreaterThan(0.85);
    expect(auc).toBeGreaterThan(linear + 0.15);
  });

  it('stops early on the validation loss with patience and keeps the best epoch\'s weights', () => {
    const mlp = new MLPClassifier({ learningRate: 0.05, patience: 3, maxEpochs: 500 }).fit(train.X, train.y);
    const h = mlp.history!;
    expect(h.trainLoss.length).toBeLessThan(500);
    expect(h.validationLoss.length).toBe(h.trainLoss.length);
    const bestLoss = Math.min(...h.validationLoss);
    expect(h.validationLoss[h.bestEpoch - 1]).toBe(bestLoss);
    expect(h.trainLoss.length - h.bestEpoch).toBeGreaterThanOrEqual(3);
    expect(mlp.bestEpoch).toBe(h.bestEpoch);
  });

  it('trains a fixed number of epochs without early stopping, and the seed changes the model', () => {
    const a = new MLPClassifier({ earlyStopping: false, maxEpochs: 5, patience: 100, seed: 1 }).fit(train.X, train.y);
    expect(a.history!.trainLoss.length).toBe(5);
    expect(a.history!.validationLoss).toEqual([]);
    const b = new MLPClassifier({ earlyStopping: false, maxEpochs: 5, patience: 100, seed: 2 }).fit(train.X, train.y);
    expect(JSON.stringify(a.toJSON())).not.toBe(JSON.stringify(b.toJSON()));
  });

  it('rejects bad options with E_OPTION', () => {
    expect(MLP_DEFAULTS).toMatchObject({ hiddenLayerSizes: [32], alpha: 1e-4, learningRate: 1e-3, batchSize: 64, maxEpochs: 200, earlyStopping: true, validationFraction: 0.1, patience: 10 });
    for (const bad of [{ hiddenLayerSizes: [] }, { hiddenLayerSizes: [8, 8, 8] }, { hiddenLayerSizes: [0] }, { alpha: -1 }, { learningRate: 0 }, { batchSize: 0 }, { validationFraction: 1 }, { patience: 0 }]) {
      expect(errorOf(() => new MLPClassifier(bad as never)).code).toBe('E_OPTION');
    }
  });
});
