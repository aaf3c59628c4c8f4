// 'creditkit/lending': the lending-strategy optimizer — who gets a loan, how much and at what rate,
// under budget and risk limits — its return-versus-risk frontier, and the files it reads and writes.
// Like every subpath entry it does not load the wasm (the optimizer does not need it).

// ── Problem: applicants, bank terms, churn, rating bands, stress ────────────
export { validateProblem, rateGrid, TAIL_RISK_DEFAULTS } from './problem.js';
export type { LendingProblem, LendingApplicant, BankTerms, ChurnTable, Exclusions, LendingLimits, TailRiskModel } from './problem.js';
export type { NormalizedProblem, NormalizedApplicant, GroupCap } from './problem.js';
export { churnTableFromCsv, interpolateChurn } from './churn.js';
export { fitRatingBands, ratingForPd } from './ratingBands.js';
export { stressedPd } from './stress.js';
export type { PdStress } from './stress.js';

// ── Take-up: churn curves, offers, the PD order ─────────────────────────────
export { fitChurnTable, fitChurnCurve, churnAt, churnTableFromCurves, CHURN_MODELS } from './churnFit.js';
export type { ChurnModel, ChurnCurve } from './churnFit.js';
export { parseOffersCsv, fitOffers, DEFAULT_OFFER_COLUMNS } from './offers.js';
export type { LoanOffer, OfferColumns, OfferFit } from './offers.js';
export { bandMedianPds } from './ratingBands.js';
export { pdOrderCheck } from './pdOrder.js';
export type { PdOrderCheck } from './pdOrder.js';

// ── Optimizer and frontier ──────────────────────────────────────────────────
export { optimizeLending, budgetRelaxationBound, OPTIMIZE_DEFAULTS, MAX_TIME_LIMIT, DECOMPOSITION_MIN_APPLICANTS } from './optimize.js';
export type { OptimizeOptions, LendingResult, ModelSize } from './optimize.js';
export { lendingFrontier, FRONTIER_POINT_RANGE } from './frontier.js';
export type { FrontierOptions, FrontierPoint, LendingFrontier, RiskMeasure } from './frontier.js';
export { evaluateLendingStrategy } from './evaluate.js';
export type { LoanDecision, StrategySummary, PlanEvaluation } from './evaluate.js';

// ── Tail risk: simulated loss distribution, the CVaR cap out of sample ──────
export { simulatePortfolioLoss, strategyLoans, LOSS_SIMULATION_DEFAULTS } from './lossDistribution.js';
export type { PortfolioLoan, LossSimulationOptions, LossDistribution, TailEstimate } from './lossDistribution.js';
export { OUT_OF_SAMPLE_DEFAULTS } from './tailRiskCheck.js';
export type { OutOfSampleOptions, TailRiskCheck } from './tailRiskCheck.js';

// ── Basel IRB capital ───────────────────────────────────────────────────────
export { irbCapital, assetCorrelation, maturityAdjustment, pdFloor, EXPOSURE_CLASSES } from './irb.js';
export type { ExposureClass, PdFloorRule, IrbExposure, IrbResult } from './irb.js';
export { normalCdf, normalQuantile, normalPdf } from '../stats/normal.js';
export { CAPITAL_DEFAULTS } from './capitalModel.js';
export type { CapitalModel, ApplicantCapital } from './capitalModel.js';
export { capitalSummary } from './capitalSummary.js';
export type { CapitalLoan, CapitalLine, CapitalTotals, CapitalReport, CapitalOptions } from './capitalSummary.js';
export { parsePortfolioCsv, portfolioFromStrategy } from './portfolioCsv.js';
export type { PortfolioDefaults } from './portfolioCsv.js';

// ── Rating migration: transition matrices, multi-year PDs, lifetime expected loss ──
export { parseRatingPanelCsv, DEFAULT_PANEL_COLUMNS } from './ratingPanel.js';
export type { RatingPanel, RatingPanelColumns, RatingObservation } from './ratingPanel.js';
export { migrationMatrix, MAX_RATINGS } from './migrationMatrix.js';
export type { MigrationMatrix, MigrationOptions } from './migrationMatrix.js';
export { cumulativeDefaultProbabilities, transitionMatrixPower, multiplyTransitions, MIGRATION_YEARS } from './cumulativeDefault.js';
export type { CumulativeDefault } from './cumulativeDefault.js';
export { lifetimeExpectedLoss } from './lifetimeLoss.js';
export type { LifetimeLoan, LifetimeLoss, LifetimeLossYear } from './lifetimeLoss.js';

// ── Solvers ─────────────────────────────────────────────────────────────────
export { setHighsLoader, setHighsLoaderOptions } from './highs.js';
export { HIGHS_OPTIONS, checkSolverOptions, parseSolverOptionList } from './solverOptions.js';
export type { HighsOptionSpec } from './solverOptions.js';
export { JSLP_MAX_TABLEAU_CELLS } from './jslp.js';
export type { SolverName, SolveStatus, MilpSolver, MilpResult, MilpSolveOptions, SolveProgress } from './solver.js';
export type { Milp } from './model.js';

// ── Files: applicants and config in, strategy and frontier out ──────────────
export { parseApplicantsCsv, readLendingConfig, lendingConfigFromText, strategyCsv, frontierCsv, frontierStrategiesCsv } from './io.js';
export type { ApplicantColumns, ApplicantsTable, LendingConfig, RatingBands } from './io.js';
export type { TextTableCsv } from './textTable.js';
export { strategyFile, parseStrategyFile } from './strategyJson.js';
export type { StrategyFile } from './strategyJson.js';
export type { StrategyFrontierPoint } from './strategyJson.js';
