// creditkit's public API. Importing this module loads creditkit.wasm (top-level
// await), so every function below is ready to call synchronously.
import { init } from './wasm/load.js';

await init();

export { init, initSync } from './wasm/load.js';
export type { WasmSource } from './wasm/load.js';
export { CreditkitError, isCreditkitError } from './errors.js';
export type { ErrorCode, ErrorLocation } from './errors.js';
export { Random } from './random.js';

export { Dataset, toDataset } from './data/dataset.js';
export type { Column, ColumnKind, FeatureInput } from './data/dataset.js';
export { parseCsv } from './data/csv.js';
export type { CsvOptions } from './data/csv.js';
export { readCsvFile } from './data/csvFile.js';
export { splitTarget, validateLabels } from './data/target.js';
export { stratifiedSplit, stratifiedKFold } from './data/split.js';
export { BinMapper } from './data/binMapper.js';

export { GradientBoostingClassifier } from './models/gbdt.js';
export type { EvalRecord, FitStats } from './models/gbdt.js';
export { GBDT_DEFAULTS } from './models/gbdtOptions.js';
export type { GBDTOptions, GrowPolicy, EvalMetric } from './models/gbdtOptions.js';
export type { Classifier, FitOptions, ProgressInfo, ModelJSON } from './models/classifier.js';
export { Tree } from './models/tree.js';
export type { FeatureSpec } from './models/schema.js';
export { loadModel } from './models/registry.js';

export { rocAuc } from './metrics/auc.js';
export { logLoss } from './metrics/logloss.js';
export { ksStatistic } from './metrics/ks.js';
export { brierScore } from './metrics/brier.js';
export { confusionAt } from './metrics/confusion.js';
export type { Confusion } from './metrics/confusion.js';
export { evaluateBinary } from './metrics/summary.js';
export type { BinaryMetrics } from './metrics/summary.js';

export { importXGBoostJSON } from './interop/xgboostImport.js';
export type { XGBoostImportOptions } from './interop/xgboostImport.js';
export { exportXGBoostJSON } from './interop/xgboostExport.js';
export { stringifyXGBoostJSON } from './interop/xgboostFormat.js';
export type { XGBoostModelJSON, XGBoostTreeJSON } from './interop/xgboostFormat.js';
