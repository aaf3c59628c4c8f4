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
export { MAX_QUOTED_FIELD } from './data/csvTokenizer.js';
export type { CsvOptions } from './data/csv.js';
export { readCsvFile } from './data/csvFile.js';
export type { CsvFileOptions } from './data/csvFile.js';
export { decodeText, TextStreamDecoder, TEXT_ENCODINGS } from './data/textDecoding.js';
export type { TextEncoding } from './data/textDecoding.js';
export { splitTarget, validateLabels } from './data/target.js';
export { stratifiedSplit, stratifiedKFold, FOLD_RANGE } from './data/split.js';
export type { IntegerRange } from './integerRange.js';
export { THREAD_RANGE } from './parallel/threadRange.js';
export { BinMapper } from './data/binMapper.js';

export { GradientBoostingClassifier } from './models/gbdt.js';
export type { EvalRecord, FitStats } from './models/gbdt.js';
export { GBDT_DEFAULTS, GBDT_RANGES } from './models/gbdtOptions.js';
export type { GBDTOptions, GrowPolicy, EvalMetric } from './models/gbdtOptions.js';
export type { Classifier, FitOptions, ProgressInfo, ModelJSON } from './models/classifier.js';
export { Tree } from './models/tree.js';
export type { FeatureSpec } from './models/schema.js';
export { loadModel } from './models/registry.js';
export { MAX_TREE_DEPTH, MAX_TREE_LEAVES, MAX_MODEL_FEATURES } from './models/modelLimits.js';

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
export { calibrationTable, CALIBRATION_BIN_RANGE } from './metrics/calibration.js';
export type { CalibrationOptions, CalibrationRow } from './metrics/calibration.js';

export { loadSmeData, loadSmeTables, invoiceTable, invoicesFromDataset, enterprisesFromDataset, monthIndex, monthLabel } from './sme/invoices.js';
export type { Enterprises, InvoiceTable, InvoiceRecord, SmeTables, SmeData } from './sme/invoices.js';
export { smeFeatures, smeDatasets, withCreditRating, latestInvoiceMonth, SME_FEATURES, CREDIT_RATINGS } from './sme/features.js';
export type { SmeFeatureOptions, RatedSme, UnratedSme } from './sme/features.js';

export { optimizeLending, budgetRelaxationBound, OPTIMIZE_DEFAULTS } from './lending/optimize.js';
export type { OptimizeOptions, LendingResult, ModelSize } from './lending/optimize.js';
export { lendingFrontier, FRONTIER_POINT_RANGE } from './lending/frontier.js';
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

export { readCsvChunks, DEFAULT_CHUNK_ROWS, CHUNK_ROWS_RANGE } from './stream/csvChunks.js';
export type { ByteSource, CsvChunk, CsvChunkOptions } from './stream/csvChunks.js';
export { scoreStream } from './stream/scoreStream.js';
export { csvField, csvLine, type CsvCellOptions } from './io/csvField.js';
export type { ScoreStreamOptions, ScoreStreamProgress, ScoreStreamResult, TextSink } from './stream/scoreStream.js';
export { MODEL_KINDS, createModel } from './models/factory.js';
export type { ModelKind } from './models/factory.js';
export { writeFileAtomic, openAtomicWriter } from './io/atomicWrite.js';
export { removeTempFilesOnSignals } from './io/liveTempFiles.js';
export type { AtomicWriter } from './io/atomicWrite.js';
export { PlattCalibrator, IsotonicCalibrator, createCalibrator, loadCalibrator, poolAdjacentViolators, PLATT_PD_EPSILON, isotonicPdBound } from './scorecard/calibration.js';
export type { Calibrator, CalibratorJSON } from './scorecard/calibration.js';
export { PointsScale, SCALING_DEFAULTS, SCORE_PD_EPSILON } from './scorecard/scorecard.js';
export type { ScalingOptions } from './scorecard/scorecard.js';
export { RatingGrades, gradeTable, DEFAULT_MASTER_SCALE } from './scorecard/grades.js';
export type { GradeRow, GradeTable } from './scorecard/grades.js';
export { numericPsi, categoricalPsi, populationStability, quantileCuts, stabilityLabel, sortByPsi, PSI_EPSILON, PSI_THRESHOLDS, PSI_BIN_RANGE } from './monitor/psi.js';
export type { PsiBin, PsiResult, PsiOptions, StabilityLabel } from './monitor/psi.js';
export type { GBDTFitOptions } from './models/gbdt.js';

export { parseSearchSpace, gridCandidates, randomCandidates, gridSize, knownOptions, MAX_GRID, ITERATION_RANGE } from './selection/space.js';
export type { SearchSpace, Dimension, OptionValue } from './selection/space.js';
export { searchHyperparameters, rankCandidates } from './selection/search.js';
export type { SearchOptions, SearchResult, Candidate } from './selection/search.js';
export { crossValidate, makeFolds, fitModel, EARLY_STOPPING_VALID_RATIO } from './selection/crossValidate.js';
export type { Scoring, CvResult, FoldData, FoldFit } from './selection/crossValidate.js';
export { recursiveFeatureElimination, chooseSize } from './selection/rfe.js';
export type { RfeOptions, RfeResult, RfePoint } from './selection/rfe.js';
export { featureImportances, permutationImportance, PERMUTATION_REPEAT_RANGE } from './selection/importance.js';
export { QUANTILE_BIN_RANGE } from './selection/discretize.js';
export type { ImportanceOptions, Importances } from './selection/importance.js';
export { informationGain } from './selection/infoGain.js';
export type { InfoGainOptions, InfoGainRow } from './selection/infoGain.js';
export { woeBinning, binFeature, woeTransform, woeBinIndex, ivStrength } from './selection/woe.js';
export type { WoeBin, FeatureBinning, WoeOptions, IvStrength } from './selection/woe.js';
export { leaderboardCsv, rfeCsv, infoGainCsv, woeCsv } from './selection/report.js';
export { setHighsLoader } from './lending/highs.js';
export { smeTablesFromCsv } from './sme/fromText.js';
export type { SmeCsvTexts } from './sme/fromText.js';
export { rocChartSpec, featureImportanceChartSpec } from './report/charts/index.js';
export type { VegaLiteSpec, RocChartOptions, ImportanceChartOptions } from './report/charts/index.js';
export { DecisionTreeClassifier } from './models/decisionTree.js';
export { RandomForestClassifier } from './models/randomForest.js';
export type { OobResult } from './models/randomForest.js';
export { AdaBoostClassifier } from './models/adaBoost.js';
export { DECISION_TREE_DEFAULTS, RANDOM_FOREST_DEFAULTS, ADABOOST_DEFAULTS, TREE_RANGES, RANDOM_FOREST_RANGES, ADABOOST_RANGES } from './models/treeOptions.js';
export type { DecisionTreeOptions, RandomForestOptions, AdaBoostOptions, MaxFeatures } from './models/treeOptions.js';
export type { PruningPath } from './models/costComplexity.js';
export { smeSector, SME_SECTORS, SME_SECTOR_KEYWORDS } from './sme/sector.js';
export { estimateSmePds, outOfFoldPds, SME_PD_OPTIONS } from './sme/smePd.js';
export type { SmePdEstimate, SmePdOptions } from './sme/smePd.js';
export { fitRatingBands, ratingForPd } from './lending/ratingBands.js';
export { stressedPd } from './lending/stress.js';
export type { PdStress } from './lending/stress.js';
export { cumcmQ2Problem, CUMCM_EPIDEMIC_STRESS } from './lending/cumcm.js';
export { treeShap, SHAP_CHUNK_ROWS } from './explain/treeShap.js';
export type { TreeEnsemble, FeatureColumns, TreeShapResult } from './explain/treeShap.js';
export { shapValues, treeEnsembleOf } from './explain/shapValues.js';
export type { ShapValues, TreeExplainable } from './explain/shapValues.js';
export { reasonCodes, reasonsFromContributions } from './explain/reasonCodes.js';
export type { ReasonCode, ApplicantReasons, ReasonCodeOptions, ContributionBlock } from './explain/reasonCodes.js';
export { shapImportance, ShapImportanceAccumulator } from './explain/shapImportance.js';
export type { ShapImportance } from './explain/shapImportance.js';
export { LogisticRegression, LOGISTIC_DEFAULTS, LOGISTIC_RANGES } from './models/logistic.js';
export type { LogisticOptions, LogisticCoefficients } from './models/logistic.js';
export { Preprocessor, PREPROCESS_DEFAULTS } from './models/preprocess.js';
export type { PreprocessOptions, DesignMatrix } from './models/preprocess.js';
export { SVMClassifier, SVM_DEFAULTS, SVM_RANGES } from './models/svm.js';
export type { SVMOptions } from './models/svm.js';
export { fitPlatt, plattProbability } from './models/platt.js';
export type { PlattSigmoid } from './models/platt.js';
export { MLPClassifier, MLP_DEFAULTS, MLP_RANGES } from './models/mlp.js';
export type { MLPOptions, MLPHistory } from './models/mlp.js';
export { compareModels, meanSd, COMPARE_REPEAT_RANGE } from './selection/compare.js';
export type { CompareOptions, CompareResult, CompareRow, CompareRun, MeanSd } from './selection/compare.js';
// Reports: self-contained HTML with Vega-Lite charts rendered to SVG
export {
  precisionRecallChartSpec, ksChartSpec, calibrationChartSpec, scoreDistributionChartSpec, shapSummaryChartSpec, shapWaterfallChartSpec,
  rocComparisonChartSpec, frontierChartSpec, allocationChartSpec, rateVsPdChartSpec,
} from './report/charts/index.js';
export { renderSvg } from './report/renderSvg.js';
export { buildReport } from './report/report.js';
export type { ReportInput } from './report/report.js';
export { collectModelReport } from './report/modelReport.js';
export type { ModelReportData, CollectOptions } from './report/modelReport.js';
export { compareOnHoldout } from './selection/holdoutComparison.js';
export type { HoldoutComparison } from './selection/holdoutComparison.js';
export type { ShapData } from './report/sources.js';
export { strategyFile, parseStrategyFile } from './lending/strategyJson.js';
export type { StrategyFile } from './lending/strategyJson.js';
export { BinnedRows } from './models/binnedRows.js';
export { ThresholdBinning, MAX_THRESHOLDS_PER_FEATURE } from './models/thresholdBinning.js';
