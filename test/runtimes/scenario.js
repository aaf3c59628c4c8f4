// The cross-runtime scenario: the same steps run unchanged in Node (vitest),
// Deno and Chromium, each handing in the creditkit module it loaded. Plain
// JavaScript (no TypeScript, no Node or Deno APIs) so a browser can import it
// as it is; its types are in scenario.d.ts.
//
// Everything is derived from fixed seeds with exactly rounded arithmetic
// (+ − × ÷, toFixed), so every runtime builds the same CSV text byte for byte
// before creditkit sees it.

/** The data: rows, seed and the share used for training. */
export const SCENARIO_DATA = { rows: 3000, seed: 2024, trainRatio: 0.7, splitSeed: 42 };

/**
 * Every other model kind, trained on the same split: the tree models (and
 * the booster with quantized gradients), and
 * the models whose training and prediction use exp, log, log1p and cos
 * (logistic regression, the SVMs with their Platt sigmoid, the RBF kernel's
 * random Fourier features, the MLP). Small settings keep the run short.
 */
export const SCENARIO_KINDS = [
  ['decisionTree', 'DecisionTreeClassifier', { maxDepth: 5, seed: 1 }],
  ['randomForest', 'RandomForestClassifier', { nEstimators: 8, maxDepth: 5, maxFeatures: 'log2', seed: 2 }],
  ['adaBoost', 'AdaBoostClassifier', { nEstimators: 10, maxDepth: 2, seed: 3 }],
  ['logisticL2', 'LogisticRegression', { penalty: 'l2', C: 0.5 }],
  ['logisticL1', 'LogisticRegression', { penalty: 'l1', C: 0.05 }],
  ['svmLinear', 'SVMClassifier', { kernel: 'linear', calibrationFolds: 3, seed: 4 }],
  ['svmLinearPrimal', 'SVMClassifier', { kernel: 'linear', solver: 'primal', calibrationFolds: 3, seed: 5 }],
  ['svmRbf', 'SVMClassifier', { kernel: 'rbf', nComponents: 40, maxIter: 200, calibrationFolds: 3, seed: 6 }],
  ['mlp', 'MLPClassifier', { hiddenLayerSizes: [8], maxEpochs: 15, seed: 7 }],
  // The booster with quantized gradients: seeded stochastic rounding, integer histograms, refitted leaves.
  ['gbdtQuantized', 'GradientBoostingClassifier', { nEstimators: 30, maxDepth: 4, learningRate: 0.2, subsample: 0.8, seed: 8, quantizedGradients: true }],
];

/** Options that exercise every seeded choice: row subsampling, column sampling, L1/L2, missing values. */
export const SCENARIO_OPTIONS = {
  nEstimators: 40,
  maxDepth: 4,
  learningRate: 0.2,
  lambda: 1,
  alpha: 0.05,
  subsample: 0.8,
  colsampleByTree: 0.8,
  seed: 7,
};

const REGIONS = ['north', 'south', 'east', 'west', 'central'];
const PURPOSES = ['car', 'home', 'education', 'business'];

/**
 * A borrower table as CSV text: numeric, integer and categorical columns,
 * missing cells (`NA` and empty), an id column and a yes/no target whose
 * probability depends nonlinearly on the features.
 * @param {{ new (seed: number): { next(): number } }} Random creditkit's seeded generator
 */
export function makeCsv(Random, rows = SCENARIO_DATA.rows, seed = SCENARIO_DATA.seed) {
  const rng = new Random(seed);
  const lines = ['id,income,age,utilization,delinquencies,region,purpose,noise,defaulted'];
  for (let i = 0; i < rows; i++) {
    const u = rng.next();
    const income = 20 + 180 * u * u; // thousands, skewed
    const age = 18 + Math.floor(rng.next() * 58);
    const utilMissing = rng.next() < 0.08;
    const util = rng.next() * 1.2;
    const r = rng.next();
    const delinquencies = r < 0.6 ? 0 : r < 0.8 ? 1 : r < 0.9 ? 2 : r < 0.97 ? 3 : 5;
    const region = Math.floor(rng.next() * REGIONS.length);
    const purposeMissing = rng.next() < 0.05;
    const purpose = Math.floor(rng.next() * PURPOSES.length);
    const noise = rng.next() * 2 - 1;
    // A risk score: utilisation above 0.8 and delinquencies raise it, income lowers it,
    // middle age is safest, two regions carry extra risk, a missing utilisation is a bad sign.
    const ageGap = (age - 45) / 20;
    let z = -1.2 + 0.9 * delinquencies - income / 80 + 1.2 * ageGap * ageGap;
    z += utilMissing ? 1.5 : util > 0.8 ? 2 * (util - 0.8) * 5 : util - 0.4;
    if (region === 1 || region === 3) z += 0.7;
    if (!purposeMissing && purpose === 3) z += 0.5;
    const p = 0.5 + (0.5 * z) / (1 + Math.abs(z)); // a rational sigmoid: exactly rounded everywhere
    const defaulted = rng.next() < p ? 'yes' : 'no';
    lines.push([
      `A${1000 + i}`,
      income.toFixed(2),
      String(age),
      utilMissing ? 'NA' : util.toFixed(4),
      String(delinquencies),
      REGIONS[region],
      purposeMissing ? '' : PURPOSES[purpose],
      noise.toFixed(5),
      defaulted,
    ].join(','));
  }
  return lines.join('\n') + '\n';
}

/** 32-bit FNV-1a of a byte sequence, as 8 hex digits. */
function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Hash of a Float64Array's bytes: equal hashes mean bit-identical values. */
export function hashFloat64(values) {
  return fnv1a(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/** Hash of a string's UTF-8 bytes. */
export function hashText(text) {
  return fnv1a(new TextEncoder().encode(text));
}

/**
 * Parses the CSV, splits 70/30 stratified, fits the booster, predicts the
 * held-out rows, computes their AUC and reloads the model from its JSON text;
 * then the same for every kind in SCENARIO_KINDS and for the calibrators.
 * @param {any} ck the creditkit module as the runtime loaded it
 * @param {string} runtime a label for reports
 */
export function runScenario(ck, runtime) {
  const t0 = Date.now();
  const csv = makeCsv(ck.Random);
  const ds = ck.parseCsv(csv);
  const { X, y } = ck.splitTarget(ds.drop(['id']), 'defaulted');
  const { train, test } = ck.stratifiedSplit(y, SCENARIO_DATA.trainRatio, SCENARIO_DATA.splitSeed);
  const yTrain = Float64Array.from(train, (i) => y[i]);
  const yTest = Float64Array.from(test, (i) => y[i]);
  const model = new ck.GradientBoostingClassifier(SCENARIO_OPTIONS).fit(X.take(train), yTrain);
  const Xtest = X.take(test);
  const raw = model.predictRaw(Xtest);
  const pd = model.predictProba(Xtest);
  const auc = ck.rocAuc(yTest, pd);
  const modelJson = JSON.stringify(model);
  const reloaded = ck.loadModel(modelJson).predictProba(Xtest);
  const kinds = {};
  for (const [key, className, options] of SCENARIO_KINDS) {
    const m = new ck[className](options).fit(X.take(train), yTrain);
    const json = JSON.stringify(m);
    const p = m.predictProba(Xtest);
    kinds[key] = {
      modelHash: hashText(json),
      predictionsHash: hashFloat64(p),
      reloadedHash: hashFloat64(ck.loadModel(json).predictProba(Xtest)),
      auc: ck.rocAuc(yTest, p),
      model: json,
    };
  }
  // The calibrators on the booster's held-out PDs: fitted on one half, applied to all.
  const half = Math.floor(pd.length / 2);
  for (const method of ['platt', 'isotonic']) {
    const c = ck.createCalibrator(method).fit(pd.subarray(0, half), yTest.subarray(0, half));
    const json = JSON.stringify(c);
    const p = c.transform(pd);
    kinds[`${method}Calibrator`] = {
      modelHash: hashText(json),
      predictionsHash: hashFloat64(p),
      reloadedHash: hashFloat64(ck.loadCalibrator(JSON.parse(json)).transform(pd)),
      auc: ck.rocAuc(yTest, p),
      model: json,
    };
  }
  return {
    runtime,
    csvHash: hashText(csv),
    nTrain: train.length,
    nTest: test.length,
    positiveRate: y.reduce((s, v) => s + v, 0) / y.length,
    nTrees: model.nTrees,
    auc,
    rawHash: hashFloat64(raw),
    predictionsHash: hashFloat64(pd),
    predictions: Array.from(pd),
    reloadedHash: hashFloat64(reloaded),
    model: modelJson,
    kinds,
    ms: Date.now() - t0,
  };
}
