// Types of scenario.js (kept as plain JavaScript so browsers load it unchanged).

export interface ScenarioResult {
  runtime: string;
  /** Hash of the generated CSV text: equal in every runtime before creditkit runs. */
  csvHash: string;
  nTrain: number;
  nTest: number;
  positiveRate: number;
  nTrees: number;
  /** Held-out ROC AUC. */
  auc: number;
  /** Hash of the held-out raw margins' bytes (the trees' sums: computed in wasm). */
  rawHash: string;
  /** Hash of the held-out PDs' bytes (sigmoid of the margins: computed in wasm). */
  predictionsHash: string;
  /** The held-out PDs. */
  predictions: number[];
  /** Hash of the PDs of the model reloaded from its JSON text. */
  reloadedHash: string;
  /** JSON.stringify(model). */
  model: string;
  /** The other model kinds (SCENARIO_KINDS) and the calibrators, by key. */
  kinds: Record<string, KindResult>;
  ms: number;
}

/** One model kind's run: hashes of its JSON text and of its held-out PDs' bytes. */
export interface KindResult {
  modelHash: string;
  predictionsHash: string;
  /** Hash of the PDs of the model reloaded from its JSON text. */
  reloadedHash: string;
  auc: number;
  /** JSON.stringify(model). */
  model: string;
}

export const SCENARIO_KINDS: [key: string, className: string, options: Record<string, unknown>][];
export const SCENARIO_DATA: { rows: number; seed: number; trainRatio: number; splitSeed: number };
export const SCENARIO_OPTIONS: Record<string, number>;
export function makeCsv(Random: new (seed: number) => { next(): number }, rows?: number, seed?: number): string;
export function hashFloat64(values: Float64Array): string;
export function hashText(text: string): string;
export function runScenario(ck: unknown, runtime: string): ScenarioResult;
