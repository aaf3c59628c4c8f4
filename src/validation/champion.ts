import { CreditkitError } from '../errors.js';
import type { FeatureSpec } from '../models/schema.js';
import { delongPairedTest, type DelongPairedTest } from './delong.js';
import { discrimination, type Discrimination } from './discrimination.js';

/** The model under review against a champion (or challenger) scored on the same rows. */
export interface ChampionComparison {
  champion: string;
  /** The champion's AUC, Gini and KS on the same rows. */
  discrimination: Discrimination;
  /** DeLong's paired test of AUC(model) − AUC(champion). */
  test: DelongPairedTest;
  /** A plain reading of the test at the confidence level. */
  verdict: 'model better' | 'champion better' | 'no significant difference' | 'not defined';
}

/**
 * Checks that the champion can be scored on the model's rows: every feature
 * it uses must be one of the model's, of the same kind. Otherwise
 * E_CHAMPION_FEATURES names the features that are missing (or differ in kind).
 */
export function checkChampionFeatures(model: readonly FeatureSpec[], champion: readonly FeatureSpec[]): void {
  const kinds = new Map(model.map((f) => [f.name, f.kind]));
  const missing = champion.filter((f) => !kinds.has(f.name)).map((f) => f.name);
  const differ = champion.filter((f) => kinds.has(f.name) && kinds.get(f.name) !== f.kind).map((f) => `${f.name} (${f.kind} in the champion, ${kinds.get(f.name)} in the model)`);
  if (missing.length === 0 && differ.length === 0) return;
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`the model under review does not have ${missing.length} feature(s) the champion uses: ${missing.join(', ')}`);
  if (differ.length > 0) parts.push(`features of another kind: ${differ.join(', ')}`);
  throw new CreditkitError('E_CHAMPION_FEATURES', `the champion cannot be scored on the model's rows: ${parts.join('; ')}`, { column: missing[0] });
}

export function compareWithChampion(name: string, y: ArrayLike<number>, pd: ArrayLike<number>, championPd: ArrayLike<number>, confidence: number): ChampionComparison {
  const test = delongPairedTest(y, pd, championPd, confidence);
  let verdict: ChampionComparison['verdict'] = 'not defined';
  if (test.p !== null && test.difference !== null) {
    verdict = test.p >= 1 - confidence ? 'no significant difference' : test.difference > 0 ? 'model better' : 'champion better';
  }
  return { champion: name, discrimination: discrimination(y, championPd, confidence), test, verdict };
}
