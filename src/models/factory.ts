import { CreditkitError } from '../errors.js';
import type { Classifier } from './classifier.js';
import { GradientBoostingClassifier } from './gbdt/gbdt.js';
import { DecisionTreeClassifier } from './trees/decisionTree.js';
import { RandomForestClassifier } from './trees/randomForest.js';
import { AdaBoostClassifier } from './trees/adaBoost.js';
import { LOGISTIC_OPTION_TABLE, LogisticRegression } from './linear/logistic.js';
import { MLP_OPTION_TABLE, MLPClassifier } from './neural/mlp.js';
import { SVM_OPTION_TABLE, SVMClassifier } from './linear/svm.js';
import { GBDT_OPTION_TABLE } from './gbdt/gbdtOptions.js';
import { ScorecardModel } from './scorecard/scorecard.js';
import { SCORECARD_OPTION_TABLE } from './scorecard/scorecardOptions.js';
import type { OptionTable } from './optionTable.js';
import { ADABOOST_OPTION_TABLE, DECISION_TREE_OPTION_TABLE, RANDOM_FOREST_OPTION_TABLE } from './trees/treeOptions.js';

/** A model kind that commands such as `compare` and `tune` can build by its short name. */
export interface ModelKind {
  /** Short name used on the command line (`--kind gbdt`). */
  name: string;
  /** One line for help texts. */
  description: string;
  create(options?: Record<string, unknown>): Classifier;
  /** The kind's option table (tuning's known options, the docs' option tables); a kind without one is judged by its constructor alone. */
  optionTable?: OptionTable<object>;
  /** Whether its `fit` honours `sampleWeight` (`creditkit train --weight` refuses a kind without it). */
  sampleWeights?: boolean;
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
    optionTable: GBDT_OPTION_TABLE as OptionTable<object>,
    sampleWeights: true,
  },
  tree: {
    name: 'tree',
    description: 'CART decision tree (Gini, cost-complexity pruning)',
    create: (options = {}) => new DecisionTreeClassifier(options),
    optionTable: DECISION_TREE_OPTION_TABLE as OptionTable<object>,
    sampleWeights: true,
  },
  rf: {
    name: 'rf',
    description: 'random forest (bootstrap, per-split feature sampling, out-of-bag AUC)',
    create: (options = {}) => new RandomForestClassifier(options),
    optionTable: RANDOM_FOREST_OPTION_TABLE as OptionTable<object>,
    sampleWeights: true,
  },
  adaboost: {
    name: 'adaboost',
    description: 'AdaBoost SAMME over decision stumps',
    create: (options = {}) => new AdaBoostClassifier(options),
    optionTable: ADABOOST_OPTION_TABLE as OptionTable<object>,
    sampleWeights: true,
  },
  logistic: {
    name: 'logistic',
    description: 'logistic regression (L2/L1, Newton; imputation, one-hot, standardization inside)',
    create: (options = {}) => new LogisticRegression(options),
    optionTable: LOGISTIC_OPTION_TABLE as OptionTable<object>,
    sampleWeights: true,
  },
  svm: {
    name: 'svm',
    description: 'support vector machine (linear or RBF via random Fourier features), Platt-scaled PDs',
    create: (options = {}) => new SVMClassifier(options),
    optionTable: SVM_OPTION_TABLE as OptionTable<object>,
    sampleWeights: true,
  },
  mlp: {
    name: 'mlp',
    description: 'neural network (1-2 ReLU layers, Adam, early stopping)',
    create: (options = {}) => new MLPClassifier(options),
    optionTable: MLP_OPTION_TABLE as OptionTable<object>,
    sampleWeights: true,
  },
  scorecard: {
    name: 'scorecard',
    description: 'credit scorecard: WOE-binned characteristics, logistic regression, points per attribute',
    create: (options = {}) => new ScorecardModel(options),
    optionTable: SCORECARD_OPTION_TABLE as OptionTable<object>,
    sampleWeights: true,
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
