/**
 * Chart specifications for reports and the web demo: pure functions from
 * results to Vega-Lite (v5) specs, one chart per file. They draw nothing
 * themselves; any Vega-Lite renderer does (vega-embed in a page,
 * `vega.View(...).toSVG()` in Node), so the same spec serves an HTML report
 * and the browser demo.
 */
export type { VegaLiteSpec } from './common.js';
export { rocChartSpec, type RocChartOptions } from './roc.js';
export { featureImportanceChartSpec, type ImportanceChartOptions } from './featureImportance.js';
export { precisionRecallChartSpec, type PrecisionRecallChartOptions } from './precisionRecall.js';
export { ksChartSpec, type KsChartOptions } from './ks.js';
export { calibrationChartSpec, type CalibrationChartOptions } from './calibration.js';
export { scoreDistributionChartSpec, type ScoreDistributionChartOptions } from './scoreDistribution.js';
export { shapSummaryChartSpec, meanAbsContributions, type ShapMatrix, type ShapSummaryChartOptions } from './shapSummary.js';
export { shapWaterfallChartSpec, pdOfRaw, type ShapRow, type ShapWaterfallChartOptions } from './shapWaterfall.js';
export { rocComparisonChartSpec, type RocCurveOfModel, type RocComparisonChartOptions } from './rocComparison.js';
export { frontierChartSpec, type FrontierChartPoint, type FrontierChartOptions } from './frontier.js';
export { allocationChartSpec, type AllocatedLoan, type AllocationChartOptions } from './allocation.js';
export { rateVsPdChartSpec, type PricedLoan, type RateVsPdChartOptions } from './rateVsPd.js';
export { aucPerPeriodChartSpec, type AucPeriod, type AucPerPeriodChartOptions } from './aucPerPeriod.js';
export { gradeBacktestChartSpec, type GradeBacktestRow, type GradeBacktestChartOptions } from './gradeBacktest.js';
export { psiPerPeriodChartSpec, type PsiPeriod, type PsiPerPeriodChartOptions } from './psiPerPeriod.js';
export { characteristicBinsChartSpec, type BinOfCharacteristic, type CharacteristicBinsChartOptions } from './characteristicBins.js';
