// The one model contract: every tree model offers its trees, fitted state and
// importance the same way, and the code that uses models (SHAP, reports,
// importance, the CLI) reaches them through that contract, not by class.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AdaBoostClassifier, type Classifier, DecisionTreeClassifier, GradientBoostingClassifier, LogisticRegression, RandomForestClassifier,
} from '../../src/index.js';
import { builtInImportances, canScoreInPool, isTreeModel } from '../../src/models/classifier.js';
import { isGradientBoosting } from '../../src/models/gbdt/gbdt.js';
import { errorOf, nonlinear } from './helpers.js';

const d = nonlinear(300, 7);
const treeModels: [string, () => Classifier][] = [
  ['gbdt', () => new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 3 })],
  ['decision tree', () => new DecisionTreeClassifier({ maxDepth: 4 })],
  ['random forest', () => new RandomForestClassifier({ nEstimators: 4, maxDepth: 4 })],
  ['adaboost', () => new AdaBoostClassifier({ nEstimators: 4 })],
];

describe('the tree model contract', () => {
  it.each(treeModels)('%s: trees, fitted state, ensemble and importance through the Classifier interface', (_, make) => {
    const model = make();
    expect(isTreeModel(model)).toBe(true);
    if (!isTreeModel(model)) return;
    expect(model.isFitted).toBe(false);
    expect(errorOf(() => model.treeEnsemble()).code).toBe('E_NOT_FITTED');
    expect(errorOf(() => (model as unknown as { trees: unknown }).trees).code).toBe('E_NOT_FITTED');
    model.fit(d.X, d.y);
    expect(model.isFitted).toBe(true);
    const ensemble = model.treeEnsemble();
    expect((model as unknown as { trees: unknown }).trees).toEqual(ensemble.trees);
    expect(ensemble.trees.length).toBeGreaterThan(0);
    const kinds = model.importanceKinds ?? [];
    expect(kinds.length).toBeGreaterThan(0);
    const imp = model.featureImportances?.() ?? {};
    expect(Object.keys(imp)).toEqual(model.featureSpecs.map((f) => f.name));
    expect(builtInImportances(model, kinds[0])).toEqual(imp);
    expect(errorOf(() => model.featureImportances?.('nonsense' as never)).code).toBe('E_OPTION');
  });

  it('tells gradient boosting (warm start, XGBoost export, scoring pool) from the other models by capability', () => {
    const gbdt = new GradientBoostingClassifier({ nEstimators: 2 });
    expect([isGradientBoosting(gbdt), canScoreInPool(gbdt)]).toEqual([true, true]);
    for (const [, make] of treeModels.slice(1)) {
      const m = make();
      expect([isGradientBoosting(m), canScoreInPool(m)]).toEqual([false, false]);
    }
    const linear: Classifier = new LogisticRegression();
    expect([isTreeModel(linear), isGradientBoosting(linear), linear.importanceKinds]).toEqual([false, false, undefined]);
    expect(builtInImportances(linear, 'gain')).toBeNull();
  });

  it('offers one importance measure per family: gain/split/cover for boosting, gini for the CART baselines', () => {
    const gbdt = new GradientBoostingClassifier({ nEstimators: 3 }).fit(d.X, d.y);
    expect(gbdt.importanceKinds).toEqual(['gain', 'split', 'cover']);
    expect(gbdt.featureImportances('split')).toEqual(gbdt.featureImportance('split'));
    expect(new DecisionTreeClassifier().importanceKinds).toEqual(['gini']);
  });
});

/** Source files of a folder, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the code that uses models', () => {
  const users = [...sources('src/explain'), ...sources('src/report'), 'src/selection/importance.ts', ...sources('src/cli'), 'src/stream/scoreStream.ts'];

  it.each(users)('%s tells models apart by the contract, not by class or duck typing', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/instanceof\s+\w*(Classifier|Regression)\b/);
    expect(text).not.toMatch(/typeof\s+[\w.()\s]*\.(featureImportances?|treeEnsemble|createScoringPool|continueFit|getTrees)\b/);
    expect(text).not.toMatch(/as\s+(unknown\s+as\s+)?(Partial<)?\{\s*featureImportance/);
    expect(text).not.toMatch(/\.getTrees\(\)/);
  });
});
