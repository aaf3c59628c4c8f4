// Types of web/pipeline.js (plain JavaScript, loaded by the browser as it is).
import type * as Creditkit from '../src/core.js';
import type * as Lending from '../src/lending/index.js';
import type * as Report from '../src/report/index.js';
import type * as Sme from '../src/sme/index.js';
import type { Dataset } from '../src/data/dataset.js';
import type { SmeTables } from '../src/sme/invoices.js';
import type { StrategySummary } from '../src/lending/evaluate.js';
import type { VegaLiteSpec } from '../src/report/charts/index.js';

/** The public entries as one namespace (web/worker.js builds it). */
type CK = typeof Creditkit & typeof Lending & typeof Report & typeof Sme & { reasonCodes?: (...args: any[]) => unknown };

export const BUNDLED: {
  sme: { label: string; files: { rated: string[]; unrated: string[] }; churn: string };
  german: { label: string; file: string; target: string };
  gmsc: { label: string; file: string; target: string };
};

export interface TableInfo {
  rows: number;
  columns: { name: string; kind: 'numeric' | 'categorical'; binary: boolean }[];
  targets: string[];
  defaultTarget: string | null;
  idColumn: string | null;
}
export const ID_NAME: RegExp;
/** The model options the page starts from for a data source ('sme', 'german', 'gmsc', 'file'), by model kind. */
export function defaultModelOptions(ck: CK, source: string): Record<string, Record<string, unknown>>;
export function idColumnTypes(csvText: string): Record<string, 'categorical'>;
export function describeTable(table: Dataset, options?: { fixedTarget?: string }): TableInfo;

export interface Applicants { ids: readonly string[]; names: readonly string[]; X: Dataset }
export function smeSample(ck: CK, rated: SmeTables, unrated: SmeTables): { table: Dataset; ids: readonly string[]; ratings: readonly string[]; applicants: Applicants; asOf: string };

export interface DemoInput {
  table: Dataset;
  target: string;
  idColumn?: string | null;
  ids?: readonly string[];
  model: string;
  options?: Record<string, unknown>;
  trainRatio: number;
  seed: number;
  applicants?: Applicants;
  /** The bank's A–D rating of each row of `table`; with `applicants`, PD bands fitted on the test rows rate them. */
  ratings?: readonly string[];
  churnCsv?: string;
  solver?: 'highs' | 'jslp';
}

export interface RiskyRow {
  rank: number;
  pd: number;
  id: string;
  name?: string;
  rating?: string;
  outcome?: 'defaulted' | 'repaid';
  reasons?: string[];
}

export interface DemoResult {
  kind: string;
  target: string;
  metrics: {
    trainRows: number; testRows: number; defaultRate: number; auc: number; gini: number; ks: number;
    averagePrecision: number; logLoss: number; brier: number; trainAuc: number; fitSeconds: number;
  };
  roc: VegaLiteSpec;
  importance: { method: 'gain' | 'permutation'; spec: VegaLiteSpec };
  riskiest: { title: string; hasReasons: boolean; reasonError: string | null; reasonsUnavailable: boolean; rows: RiskyRow[] };
  /** With applicants: the PD bands (best grade first) that rated them. */
  ratingBands: null | { rating: string; maxPd: number }[];
  lending: null | {
    status: string; solver: string; seconds: number; gap: number | null; bound: number | null; message: string | null;
    bank: { budget: number; minAmount: number; maxAmount: number; lgd: number; fundingCost: number; rates: string };
    summary: StrategySummary | null;
    byRating: Record<string, { applicants: number; loans: number; amount: number; meanRate: number | null }>;
    loans: { id: string; rating: string; pd: number; amount: number; rate: number; churn: number; expectedReturn: number; expectedLoss: number }[];
  };
  seconds: number;
}

export function trainAndReport(
  ck: CK, input: DemoInput, report?: (p: { phase: string; fraction: number; text: string }) => void,
): Promise<DemoResult>;

