import { CreditkitError } from '../errors.js';
import type { Classifier } from './classifier.js';
import { parseModelText } from './modelJson.js';
import { readProtectedAttributes, setProtectedAttributes } from './protectedAttributes.js';
import { GBDT_MODEL_NAME, GradientBoostingClassifier } from './gbdt/gbdt.js';
import { DECISION_TREE_MODEL_NAME, DecisionTreeClassifier } from './trees/decisionTree.js';
import { RANDOM_FOREST_MODEL_NAME, RandomForestClassifier } from './trees/randomForest.js';
import { ADABOOST_MODEL_NAME, AdaBoostClassifier } from './trees/adaBoost.js';
import { LOGISTIC_MODEL_NAME, LogisticRegression } from './linear/logistic.js';
import { MLP_MODEL_NAME, MLPClassifier } from './neural/mlp.js';
import { SVM_MODEL_NAME, SVMClassifier } from './linear/svm.js';
import { SCORECARD_MODEL_NAME, ScorecardModel } from './scorecard/scorecard.js';

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

/** Rebuilds any creditkit model from its `toJSON()` or `modelToJSON()` output (an object or JSON text), with its protected attributes. */
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
  const model = reader(obj);
  const protectedNames = readProtectedAttributes(obj as Record<string, unknown>, model.featureSpecs);
  if (protectedNames.length > 0) setProtectedAttributes(model, protectedNames);
  return model;
}
