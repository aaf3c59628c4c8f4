import { CreditkitError } from '../errors.js';
import type { Classifier } from './classifier.js';
import { parseModelText } from './modelJson.js';
import { GBDT_MODEL_NAME, GradientBoostingClassifier } from './gbdt.js';
import { DECISION_TREE_MODEL_NAME, DecisionTreeClassifier } from './decisionTree.js';
import { RANDOM_FOREST_MODEL_NAME, RandomForestClassifier } from './randomForest.js';
import { ADABOOST_MODEL_NAME, AdaBoostClassifier } from './adaBoost.js';
import { LOGISTIC_MODEL_NAME, LogisticRegression } from './logistic.js';
import { MLP_MODEL_NAME, MLPClassifier } from './mlp.js';
import { SVM_MODEL_NAME, SVMClassifier } from './svm.js';
import { SCORECARD_MODEL_NAME, ScorecardModel } from './scorecard.js';

/** Model classes by the `name` they write into their JSON (a Map: a name never reaches Object.prototype). */
const READERS = new Map<string, (json: unknown) => Classifier>([
  [GBDT_MODEL_NAME, (json) => GradientBoostingClassifier.fromJSON(json)],
  [DECISION_TREE_MODEL_NAME, (json) => DecisionTreeClassifier.fromJSON(json)],
  [RANDOM_FOREST_MODEL_NAME, (json) => RandomForestClassifier.fromJSON(json)],
  [ADABOOST_MODEL_NAME, (json) => AdaBoostClassifier.fromJSON(json)],
  [LOGISTIC_MODEL_NAME, (json) => LogisticRegression.fromJSON(json)],
  [SVM_MODEL_NAME, (json) => SVMClassifier.fromJSON(json)],
  [MLP_MODEL_NAME, (json) => MLPClassifier.fromJSON(json)],
  [SCORECARD_MODEL_NAME, (json) => ScorecardModel.fromJSON(json)],
]);

/** Rebuilds any creditkit model from its `toJSON()` output (an object or JSON text). */
export function loadModel(json: unknown): Classifier {
  const obj = parseModelText(json);
  if (typeof obj !== 'object' || obj === null || (obj as { format?: unknown }).format !== 'creditkit-model') {
    throw new CreditkitError('E_MODEL_FORMAT', 'not a creditkit model (missing "format": "creditkit-model")', { path: 'format' });
  }
  const name = (obj as { name?: unknown }).name;
  const reader = typeof name === 'string' ? READERS.get(name) : undefined;
  if (!reader) {
    throw new CreditkitError('E_MODEL_FORMAT', `unknown model type ${JSON.stringify(name)} (known: ${[...READERS.keys()].join(', ')})`, { path: 'name' });
  }
  return reader(obj);
}
