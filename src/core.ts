// creditkit's public API without loading the wasm: for hosts that supply the
// binary themselves (bundlers, workers, edge functions). Call `initSync(bytes
// or module)` or `await init(source)` before using a model. The main entry
// (index.ts) is this plus an automatic `await init()`.
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

export { rocCurve, trapezoidArea } from './metrics/roc.js';
export type { RocCurve } from './metrics/roc.js';
export { precisionRecallCurve, averagePrecision } from './metrics/pr.js';
export type { PrecisionRecallCurve } from './metrics/pr.js';
export { calibrationTable } from './metrics/calibration.js';
export type { CalibrationOptions, CalibrationRow } from './metrics/calibration.js';

export { loadSmeData, loadSmeTables, invoiceTable, invoicesFromDataset, enterprisesFromDataset, monthIndex, monthLabel } from './sme/invoices.js';
export type { Enterprises, InvoiceTable, InvoiceRecord, SmeTables, SmeData } from './sme/invoices.js';
export { smeFeatures, smeDatasets, withCreditRating, latestInvoiceMonth, SME_FEATURES, CREDIT_RATINGS } from './sme/features.js';
export type { SmeFeatureOptions, RatedSme, UnratedSme } from './sme/features.js';

export { optimizeLending, budgetRelaxationBound, OPTIMIZE_DEFAULTS } from './lending/optimize.js';
export type { OptimizeOptions, LendingResult, ModelSize } from './lending/optimize.js';
export { lendingFrontier } from './lending/frontier.js';
export type { FrontierOptions, FrontierPoint, LendingFrontier, RiskMeasure } from './lending/frontier.js';
export { validateProblem, rateGrid, TAIL_RISK_DEFAULTS } from './lending/problem.js';
export type { LendingProblem, LendingApplicant, BankTerms, ChurnTable, Exclusions, LendingLimits, TailRiskModel } from './lending/problem.js';
export { evaluateLendingStrategy } from './lending/evaluate.js';
export type { LoanDecision, StrategySummary, PlanEvaluation } from './lending/evaluate.js';
export { churnTableFromCsv, interpolateChurn } from './lending/churn.js';
export { parseApplicantsCsv, readLendingConfig, strategyCsv, frontierCsv, frontierStrategiesCsv } from './lending/io.js';
export type { ApplicantColumns, LendingConfig, RatingBands } from './lending/io.js';
export { setHighsLoaderOptions } from './lending/highs.js';
export type { SolverName, SolveStatus, MilpSolver, MilpResult, MilpSolveOptions } from './lending/solver.js';
export type { Milp } from './lending/model.js';

export { readCsvChunks, DEFAULT_CHUNK_ROWS } from './stream/csvChunks.js';
export type { ByteSource, CsvChunk, CsvChunkOptions } from './stream/csvChunks.js';
export { scoreStream } from './stream/scoreStream.js';
export type { ScoreStreamOptions, ScoreStreamProgress, ScoreStreamResult, TextSink } from './stream/scoreStream.js';
export { MODEL_KINDS, createModel } from './models/factory.js';
export type { ModelKind } from './models/factory.js';
export { LogisticRegression, LOGISTIC_DEFAULTS } from './models/logistic.js';
export type { LogisticOptions, LogisticCoefficients } from './models/logistic.js';
export { Preprocessor, PREPROCESS_DEFAULTS } from './models/preprocess.js';
export type { PreprocessOptions, DesignMatrix } from './models/preprocess.js';
export { SVMClassifier, SVM_DEFAULTS } from './models/svm.js';
export type { SVMOptions } from './models/svm.js';
export { fitPlatt, plattProbability } from './models/platt.js';
export type { PlattSigmoid } from './models/platt.js';
export { MLPClassifier, MLP_DEFAULTS } from './models/mlp.js';
export type { MLPOptions, MLPHistory } from './models/mlp.js';
export { compareModels, meanSd } from './selection/compare.js';
export type { CompareOptions, CompareResult, CompareRow, CompareRun, MeanSd } from './selection/compare.js';
