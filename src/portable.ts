// The exports every entry of the main API shares, grouped by stage in the order data
// flows: everything that runs in any host (Node, Deno, browsers, workers, edge functions).
// 'creditkit/core' (core.ts) re-exports them and adds, under the same stage names, the
// functions that read or write files or start worker threads; 'creditkit/web' (web.ts)
// re-exports them and adds `ready()`. Nothing here reaches a Node built-in on import, and
// no export shows a wasm pointer, the heap or the raw kernels.
//
// A new export that runs anywhere goes here, in its stage; a Node-only one goes in core.ts.
// scripts/api-exports.ts writes docs/api.md's rows from the stage sections of both files.

// parseCsv's wasm fast path (it registers itself with data/csv.ts).
import './data/csvWasmReader.js';

// ── Runtime: loading the wasm, errors, seeded randomness ────────────────────
export { initSync } from './wasm/load.js';
export type { WasmSource } from './wasm/load.js';
export { CreditkitError, isCreditkitError } from './errors.js';
export type { ErrorCode, ErrorLocation } from './errors.js';
export { Random } from './random.js';
export { atLeast, inIntegerRange, checkIntegerRange } from './integerRange.js';
export type { IntegerRange } from './integerRange.js';
export { THREAD_RANGE } from './parallel/threadRange.js';

// ── Data: tables, CSV, targets, splits, binning, files ──────────────────────
export { Dataset, toDataset } from './data/dataset.js';
export type { RowOrigin } from './data/rowOrigin.js';
export { findIdColumns, ID_COLUMN_NAME } from './data/idColumns.js';
export type { Column, ColumnKind, FeatureInput } from './data/dataset.js';
export { parseCsv } from './data/csv.js';
// CSV bytes read on Web Workers (browsers, Deno), the same Dataset as parseCsv
export { parseCsvParallel } from './stream/parseCsvParallel.js';
export type { ParallelCsvOptions, CsvBytesInput } from './stream/parseCsvParallel.js';
export { float32Text } from './data/float32Text.js';
export type { CsvOptions } from './data/csv.js';
export { MAX_QUOTED_FIELD } from './data/csvTokenizer.js';
export { decodeText, textEncodingNamed, TextStreamDecoder, TEXT_ENCODINGS } from './io/textDecoding.js';
export type { TextEncoding } from './io/textDecoding.js';
export { splitTarget, validateLabels } from './data/target.js';
export { weightsFromColumn } from './data/sampleWeights.js';
export { stratifiedSplit, stratifiedKFold, FOLD_RANGE } from './data/split.js';
export type { Fold } from './data/split.js';
export { BinMapper } from './data/binMapper.js';
export type { BinMapperOptions } from './data/binMapper.js';
export { csvField, csvLine, type CsvCellOptions } from './io/csvField.js';
// Arrow tables (from apache-arrow, DuckDB-wasm, …)
export { datasetFromArrow } from './columnar/arrowDataset.js';
export type { ArrowTableLike } from './columnar/arrowDataset.js';
export type { TableReadOptions } from './columnar/columnValues.js';

// ── Binning: optimal WOE binning of characteristics, the binning process ────
export { woeBinning, binFeature, woeTransform, woeBinIndex, ivStrength, AUTO_PEAK_GAIN } from './binning/woe.js';
export type { WoeBin, FeatureBinning, WoeOptions, IvStrength, BinningTotals, Trend } from './binning/woe.js';
export { WOE_DEFAULTS, TRENDS, PREBIN_RANGE, MAX_BINS_RANGE, MAX_SPECIAL_VALUES } from './binning/binningOptions.js';
export type { TrendOption } from './binning/binningOptions.js';
export type { ResolvedWoeOptions } from './binning/binningOptions.js';
export { binningTable, binLabel } from './binning/binningTable.js';
export type { BinningTableRow } from './binning/binningTable.js';
export { binningTableCsv } from './selection/report.js';
export { BinningProcess } from './binning/binningProcess.js';
export { parseSpecialValues } from './binning/specialValuesText.js';
export type { BinningProcessOptions, BinningSummaryRow, BinningProcessJSON } from './binning/binningProcess.js';

// ── Models: the classifiers, their options, model files, scoring ────────────
export type { Classifier, FitOptions, ProgressInfo, ModelJSON } from './models/classifier.js';
export { isTreeModel, isLinearModel, hasPointsTable, canScoreInPool, builtInImportances } from './models/classifier.js';
export type { LinearModel, TreeModel } from './models/classifier.js';
export type { ImportanceKind } from './models/classifier.js';
export type { LinearTerms } from './models/linearTerms.js';
export { MODEL_KINDS, createModel } from './models/factory.js';
export type { ModelKind } from './models/factory.js';
export { loadModel } from './models/registry.js';
export { readModelText, modelFileText } from './interop/modelText.js';
export { protectedAttributesOf, setProtectedAttributes, modelToJSON, readProtectedAttributes } from './models/protectedAttributes.js';
export type { FeatureSpec } from './models/schema.js';
export { alignColumns, schemaOf } from './models/schema.js';
export { MAX_TREE_DEPTH, MAX_TREE_LEAVES, MAX_MODEL_FEATURES } from './models/modelLimits.js';
export { Tree } from './models/trees/tree.js';
export type { TreeArrays, TreeJSON, TreeLists } from './models/trees/tree.js';
// gradient boosting
export { GradientBoostingClassifier, isGradientBoosting } from './models/gbdt/gbdt.js';
export type { EvalRecord, FitStats, GBDTFitOptions } from './models/gbdt/gbdt.js';
export type { ThreadTimes } from './models/gbdt/threadTimes.js';
export { GBDT_DEFAULTS, GBDT_RANGES, GBDT_OPTION_TABLE } from './models/gbdt/gbdtOptions.js';
export { optionHelp } from './models/optionDocs.js';
export type { OptionSpec, OptionTable } from './models/optionTable.js';
export type { OptionType, OptionSpecs } from './models/optionTable.js';
export type { GBDTOptions, GrowPolicy, EvalMetric } from './models/gbdt/gbdtOptions.js';
// tree baselines
export { DecisionTreeClassifier } from './models/trees/decisionTree.js';
export { RandomForestClassifier } from './models/trees/randomForest.js';
export type { OobResult } from './models/trees/randomForest.js';
export { AdaBoostClassifier } from './models/trees/adaBoost.js';
export { DECISION_TREE_DEFAULTS, RANDOM_FOREST_DEFAULTS, ADABOOST_DEFAULTS, DECISION_TREE_OPTION_TABLE, RANDOM_FOREST_OPTION_TABLE, ADABOOST_OPTION_TABLE, TREE_RANGES, RANDOM_FOREST_RANGES, ADABOOST_RANGES } from './models/trees/treeOptions.js';
export type { DecisionTreeOptions, RandomForestOptions, AdaBoostOptions, MaxFeatures } from './models/trees/treeOptions.js';
export type { PruningPath } from './models/trees/costComplexity.js';
// linear, kernel and neural baselines
export { LogisticRegression, LOGISTIC_DEFAULTS, LOGISTIC_RANGES, LOGISTIC_OPTION_TABLE } from './models/linear/logistic.js';
export type { LogisticOptions, LogisticCoefficients } from './models/linear/logistic.js';
export { ScorecardModel, SCORECARD_MODEL_NAME } from './models/scorecard/scorecard.js';
export type { ScorecardCharacteristic, RejectedCharacteristic, PointsTable, PointsTableRow, ScorecardPoints } from './models/scorecard/scorecard.js';
export { SCORECARD_OPTION_TABLE, SCORECARD_DEFAULTS } from './models/scorecard/scorecardOptions.js';
export type { ScorecardOptions } from './models/scorecard/scorecardOptions.js';
export { attributeLabel } from './models/scorecard/scorecardBinning.js';
export { scorecardLeftOutText, REJECTED_REASONS } from './models/scorecard/scorecardRejected.js';
export type { ScorecardAttribute, Characteristic } from './models/scorecard/scorecardBinning.js';
export { Preprocessor, PREPROCESS_DEFAULTS } from './models/preprocess.js';
export type { PreprocessOptions, DesignMatrix } from './models/preprocess.js';
export { SVMClassifier, SVM_DEFAULTS, SVM_RANGES, SVM_OPTION_TABLE } from './models/linear/svm.js';
export type { SVMOptions } from './models/linear/svm.js';
export type { SvmLoss } from './models/linear/linearSvm.js';
export { fitPlatt, plattProbability } from './models/linear/platt.js';
export type { PlattSigmoid } from './models/linear/platt.js';
export { MLPClassifier, MLP_DEFAULTS, MLP_RANGES, MLP_OPTION_TABLE } from './models/neural/mlp.js';
export type { MLPOptions, MLPHistory } from './models/neural/mlp.js';
// fast scoring: pre-binned rows
export { BinnedRows } from './models/predict/binnedRows.js';
export { ThresholdBinning, MAX_THRESHOLDS_PER_FEATURE } from './models/predict/thresholdBinning.js';
// the types behind the models' scoring members (packed trees, pre-binned scoring, the thread pool)
export type { PackedForest } from './models/predict/packedForest.js';
export type { CompleteForest } from './models/predict/completeTrees.js';
export type { BinnedScorer } from './models/predict/binnedScorer.js';
export type { BinnedForest } from './models/predict/binnedForest.js';
export type { ScoringPool, ScoringPoolOptions } from './models/predict/scoringPool.js';
export type { WithNullLimits, SizeLimit } from './models/noLimit.js';
// XGBoost model exchange
export { importXGBoostJSON } from './interop/xgboostImport.js';
export type { XGBoostImportOptions } from './interop/xgboostImport.js';
export { exportXGBoostJSON } from './interop/xgboostExport.js';
export { stringifyXGBoostJSON } from './interop/xgboostFormat.js';
export type { XGBoostModelJSON, XGBoostTreeJSON } from './interop/xgboostFormat.js';

// ── Metrics: discrimination, calibration, stability ─────────────────────────
export { rocAuc } from './metrics/auc.js';
export { logLoss } from './metrics/logloss.js';
export { ksStatistic } from './metrics/ks.js';
export { brierScore } from './metrics/brier.js';
export { confusionAt } from './metrics/confusion.js';
export type { Confusion } from './metrics/confusion.js';
export { evaluateBinary } from './metrics/summary.js';
export type { BinaryMetrics } from './metrics/summary.js';
export { rocCurve, trapezoidArea } from './metrics/roc.js';
export type { RocCurve } from './metrics/roc.js';
export { precisionRecallCurve, averagePrecision } from './metrics/pr.js';
export type { PrecisionRecallCurve } from './metrics/pr.js';
export { calibrationTable, CALIBRATION_BIN_RANGE } from './metrics/calibration.js';
export type { CalibrationOptions, CalibrationRow } from './metrics/calibration.js';
export { numericPsi, categoricalPsi, populationStability, quantileCuts, stabilityLabel, sortByPsi, PSI_EPSILON, PSI_THRESHOLDS, PSI_BIN_RANGE } from './monitor/psi.js';
export type { PsiBin, PsiResult, PsiOptions, StabilityLabel } from './monitor/psi.js';
export { characteristicStability, NO_ATTRIBUTE } from './monitor/characteristicStability.js';
export type { CharacteristicAttributes, AttributeAssignments, CharacteristicStability, CharacteristicStabilityBin } from './monitor/characteristicStability.js';

// ── Explain: TreeSHAP, reason codes, SHAP importance ────────────────────────
export { treeShap, SHAP_CHUNK_ROWS } from './explain/treeShap.js';
export type { TreeEnsemble, FeatureColumns, TreeShapResult } from './explain/treeShap.js';
export { shapValues, treeEnsembleOf } from './explain/shapValues.js';
export { explainerFor, EXPLAINERS, treeExplainer, linearExplainer } from './explain/explainers.js';
export { scorecardExplainer } from './explain/scorecardExplainer.js';
export type { ModelExplainer, ExplainOptions, ExplainerFactory } from './explain/explainers.js';
export { linearShap, designMeans } from './explain/linearShap.js';
export type { LinearShapResult } from './explain/linearShap.js';
export type { ShapValues, TreeExplainable } from './explain/shapValues.js';
export { reasonCodes, reasonsFromContributions, resolveTop } from './explain/reasonCodes.js';
export type { ReasonCode, ApplicantReasons, ReasonCodeOptions, ContributionBlock } from './explain/reasonCodes.js';
export { scorecardReasonCodes } from './explain/scorecardReasons.js';
export type { ScorecardReason, ScorecardApplicantReasons } from './explain/scorecardReasons.js';
export { shapImportance, ShapImportanceAccumulator } from './explain/shapImportance.js';
export type { ShapImportance } from './explain/shapImportance.js';

// ── Scorecard: PD calibration, points, rating grades ────────────────────────
export { PlattCalibrator, IsotonicCalibrator, createCalibrator, loadCalibrator, poolAdjacentViolators, PLATT_PD_EPSILON, isotonicPdBound } from './scorecard/calibration.js';
export type { Calibrator, CalibratorJSON } from './scorecard/calibration.js';
export { PointsScale, SCALING_DEFAULTS, SCORE_PD_EPSILON } from './models/scorecard/pointsScale.js';
export { scorecardTableCsv, scorecardTableJson, attributesByCharacteristic, BASE_POINTS_LABEL } from './scorecard/pointsTable.js';
export type { ScalingOptions } from './models/scorecard/pointsScale.js';
export { RatingGrades, gradeTable, tallyGrades, DEFAULT_MASTER_SCALE } from './scorecard/grades.js';
export type { GradeRow, GradeTable, GradeTally } from './scorecard/grades.js';

// ── Selection: validation, tuning, feature selection, model comparison ──────
export { crossValidate, makeFolds, fitModel, checkScoring, score, EARLY_STOPPING_VALID_RATIO } from './selection/crossValidate.js';
export type { Scoring, CvResult, FoldData, FoldFit } from './selection/crossValidate.js';
export { parseSearchSpace, gridCandidates, randomCandidates, gridSize, knownOptions, MAX_GRID, ITERATION_RANGE } from './selection/space.js';
export type { SearchSpace, Dimension, OptionValue } from './selection/space.js';
export { searchHyperparameters, rankCandidates } from './selection/search.js';
export type { SearchOptions, SearchResult, Candidate } from './selection/search.js';
export { recursiveFeatureElimination, chooseSize } from './selection/rfe.js';
export type { RfeOptions, RfeResult, RfePoint } from './selection/rfe.js';
export { featureImportances, permutationImportance, PERMUTATION_REPEAT_RANGE } from './selection/importance.js';
export type { ImportanceOptions, Importances } from './selection/importance.js';
export { QUANTILE_BIN_RANGE } from './binning/discretize.js';
export { informationGain } from './selection/infoGain.js';
export type { InfoGainOptions, InfoGainRow } from './selection/infoGain.js';
export { leaderboardCsv, rfeCsv, infoGainCsv, woeCsv } from './selection/report.js';
export { compareModels, meanSd, COMPARE_REPEAT_RANGE } from './selection/compare.js';
export type { CompareOptions, CompareResult, CompareRow, CompareRun, MeanSd } from './selection/compare.js';
export { compareOnHoldout } from './selection/holdoutComparison.js';
export type { HoldoutComparison } from './selection/holdoutComparison.js';

// ── Validation: the evidence a model validator and a supervisor ask for ─────
export { validateModel } from './validation/validateModel.js';
export type { ValidationOptions, ValidationResult } from './validation/validateModel.js';
export { validateScores, pdsFromColumn } from './validation/validateScores.js';
export type { ScoreValidationOptions } from './validation/validateScores.js';
export { delongAuc, delongPairedTest } from './validation/delong.js';
export type { DelongAuc, DelongPairedTest } from './validation/delong.js';
export { discrimination } from './validation/discrimination.js';
export { aucChangeTest } from './validation/aucChangeTest.js';
export type { AucChangeTest } from './validation/aucChangeTest.js';
export type { Discrimination } from './validation/discrimination.js';
export { jeffreysTest } from './validation/jeffreysTest.js';
export { binomialTest } from './validation/binomialTest.js';
export { trafficLight, TRAFFIC_LIGHT_LEVELS } from './validation/trafficLight.js';
export type { Light, TrafficLightLevels } from './validation/trafficLight.js';
export { hosmerLemeshow, riskGroups } from './validation/hosmerLemeshow.js';
export type { HosmerLemeshow, HosmerLemeshowGroup, HosmerLemeshowDf } from './validation/hosmerLemeshow.js';
export { spiegelhalterTest } from './validation/spiegelhalter.js';
export type { SpiegelhalterTest } from './validation/spiegelhalter.js';
export { herfindahl } from './validation/herfindahl.js';
export type { Herfindahl } from './validation/herfindahl.js';
export { gradeCalibration } from './validation/gradeCalibration.js';
export { bandGrades, columnGrades, labelGrades } from './validation/gradeAssignment.js';
export type { GradeAssignment } from './validation/gradeAssignment.js';
export type { GradeCalibration, GradeCalibrationRow, GradeCalibrationOptions } from './validation/gradeCalibration.js';
export { parseDate, parseDates } from './validation/dates.js';
export type { ParsedDates } from './validation/dates.js';
export { assignPeriods, MAX_MONTHS_FOR_MONTHLY } from './validation/periods.js';
export type { Periods, PeriodKind, PeriodChoice } from './validation/periods.js';
export type { OutOfTime, PeriodRow } from './validation/outOfTime.js';
export type { Segments, SegmentRow } from './validation/segments.js';
export { MISSING_SEGMENT } from './validation/segments.js';
export type { Stability } from './validation/stability.js';
export type { ChampionComparison } from './validation/champion.js';
export type { ValidationFlag, FlagSummary } from './validation/flags.js';
// distributions behind the tests
export { logGamma, logBeta } from './stats/logGamma.js';
export { gammaP, gammaQ } from './stats/incompleteGamma.js';
export { incompleteBeta, incompleteBetaComplement } from './stats/incompleteBeta.js';
export { betaQuantile } from './stats/betaQuantile.js';
export { normalCdf, normalSf, normalQuantile, normalTwoSidedP } from './stats/normal.js';
export { chiSquareCdf, chiSquareSf } from './stats/chiSquare.js';
export { binomialCdf, binomialUpperTail, binomialTwoSidedP } from './stats/binomial.js';
export { compareChampionChallenger, trainChallengers } from './selection/championChallenger.js';
export type { ComparedModel, ChampionChallengerRow, ChampionChallengerComparison, TrainChallengersOptions } from './selection/championChallenger.js';
export { kindOptions } from './selection/kindOptions.js';

export { fairnessTable, protectedGroups, checkProtectedNotFeatures, cutoffForApprovalShare, MISSING_GROUP, FAIRNESS_MIN_GROUP_ROWS, FOUR_FIFTHS } from './validation/fairness.js';
export type { FairnessOptions, FairnessGroup, FairnessColumn, FairnessResult } from './validation/fairness.js';
