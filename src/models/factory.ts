import { CreditkitError } from '../errors.js';
import type { Classifier } from './classifier.js';
import { GradientBoostingClassifier } from './gbdt.js';
import { DecisionTreeClassifier } from './decisionTree.js';
import { RandomForestClassifier } from './randomForest.js';
import { AdaBoostClassifier } from './adaBoost.js';
import { LogisticRegression } from './logistic.js';
import { MLPClassifier } from './mlp.js';
import { SVMClassifier } from './svm.js';

/** A model kind that commands such as `compare` and `tune` can build by its short name. */
export interface ModelKind {
  /** Short name used on the command line (`--model gbdt`). */
  name: string;
  /** One line for help texts. */
  description: string;
  create(options?: Record<string, unknown>): Classifier;
}

/**
 * Every model kind by short name. Each model file adds its own entry here, so a
 * new model is available to `compare`, `tune` and `select` at once.
 */
export const MODEL_KINDS: Record<string, ModelKind> = {
  gbdt: {
    name: 'gbdt',
    description: 'regularized gradient-boosted trees (XGBoost-style, wasm SIMD)',
    create: (options = {}) => new GradientBoostingClassifier(options),
  },
  tree: {
    name: 'tree',
    description: 'CART decision tree (Gini, cost-complexity pruning)',
    create: (options = {}) => new DecisionTreeClassifier(options),
  },
  rf: {
    name: 'rf',
    description: 'random forest (bootstrap, per-split feature sampling, out-of-bag AUC)',
    create: (options = {}) => new RandomForestClassifier(options),
  },
  adaboost: {
    name: 'adaboost',
    description: 'AdaBoost SAMME over decision stumps',
    create: (options = {}) => new AdaBoostClassifier(options),
  },
  logistic: {
    name: 'logistic',
    description: 'logistic regression (L2/L1, Newton; imputation, one-hot, standardization inside)',
    create: (options = {}) => new LogisticRegression(options),
  },
  svm: {
    name: 'svm',
    description: 'support vector machine (linear or RBF via random Fourier features), Platt-scaled PDs',
    create: (options = {}) => new SVMClassifier(options),
  },
  mlp: {
    name: 'mlp',
    description: 'neural network (1-2 ReLU layers, Adam, early stopping)',
    create: (options = {}) => new MLPClassifier(options),
  },
};

/** Builds an unfitted model of the named kind; an unknown name is an E_OPTION error listing the known ones. */
export function createModel(kind: string, options: Record<string, unknown> = {}): Classifier {
  const entry = Object.prototype.hasOwnProperty.call(MODEL_KINDS, kind) ? MODEL_KINDS[kind] : undefined;
  if (!entry) {
    throw new CreditkitError('E_OPTION', `unknown model ${JSON.stringify(kind)} (known: ${Object.keys(MODEL_KINDS).join(', ')})`);
  }
  return entry.create(options);
}
