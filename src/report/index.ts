// 'creditkit/report': self-contained HTML reports and the Vega-Lite chart specs they draw. The only
// entry that loads Vega (on the first renderSvg or buildReport call, not on import). Like every
// subpath entry it does not load the wasm: import 'creditkit' (or call init() from 'creditkit/core').

// ── Reports ─────────────────────────────────────────────────────────────────
export { buildReport } from './report.js';
export type { ReportInput } from './report.js';
export { collectModelReport } from './modelReport.js';
export type { ModelReportData, CollectOptions } from './modelReport.js';
export type { ShapData } from './sources.js';
export type { Sourced, RepeatedComparison } from './sources.js';
export { buildValidationReport } from './validationReport.js';
export type { ValidationReportOptions } from './validationReport.js';
export type { ReportSection, ReportBlock } from './html.js';

// ── Charts: Vega-Lite specs and SVG rendering ───────────────────────────────
export {
  rocChartSpec, featureImportanceChartSpec,
  precisionRecallChartSpec, ksChartSpec, calibrationChartSpec, scoreDistributionChartSpec, shapSummaryChartSpec, shapWaterfallChartSpec,
  rocComparisonChartSpec, frontierChartSpec, allocationChartSpec, rateVsPdChartSpec, characteristicBinsChartSpec,
  aucPerPeriodChartSpec, gradeBacktestChartSpec, psiPerPeriodChartSpec,
} from './charts/index.js';
export type {
  VegaLiteSpec, RocChartOptions, ImportanceChartOptions, AucPeriod, GradeBacktestRow, PsiPeriod,
  PrecisionRecallChartOptions, KsChartOptions, CalibrationChartOptions, ScoreDistributionChartOptions, ShapMatrix, ShapSummaryChartOptions,
  ShapRow, ShapWaterfallChartOptions, RocCurveOfModel, RocComparisonChartOptions, FrontierChartPoint, FrontierChartOptions,
  AllocatedLoan, AllocationChartOptions, PricedLoan, RateVsPdChartOptions, AucPerPeriodChartOptions, GradeBacktestChartOptions,
  PsiPerPeriodChartOptions, BinOfCharacteristic, CharacteristicBinsChartOptions,
} from './charts/index.js';
export { renderSvg } from './renderSvg.js';
