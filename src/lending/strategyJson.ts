import { isJsonObject } from '../jsonObject.js';
import { CreditkitError } from '../errors.js';
import type { LoanDecision, StrategySummary } from './evaluate.js';
import { EXPOSURE_CLASSES, isExposureClass } from './irb.js';
import type { LendingFrontier, RiskMeasure } from './frontier.js';
import type { LendingResult } from './optimize.js';
import type { TailRiskCheck } from './tailRiskCheck.js';

/**
 * strategy.json: a lending strategy with its summary and, when computed, the
 * return-versus-risk frontier, in one file that `creditkit optimize
 * --json-out` writes and `creditkit report --strategy` reads.
 */
export interface StrategyFile {
  format: 'creditkit-strategy';
  version: 1;
  status: string;
  solver: string;
  objective: number | null;
  bound: number | null;
  gap: number | null;
  summary: StrategySummary;
  /** One decision per applicant, in input order. */
  strategy: LoanDecision[];
  frontier: { measure: RiskMeasure; points: StrategyFrontierPoint[] } | null;
  /** Unit of the amounts, e.g. "万元" (optional). */
  unit?: string;
  /** The CVaR cap checked on fresh scenarios (when the optimize had a CVaR cap). */
  tailRiskCheck?: TailRiskCheck;
}

export interface StrategyFrontierPoint {
  cap: number;
  status: string;
  risk: number;
  expectedReturn: number;
  expectedLoss: number;
  loans: number;
  totalAmount: number;
}

export const STRATEGY_FORMAT = 'creditkit-strategy';

/** The file's content for a solved problem (and its frontier); E_SOLVER without a strategy. */
export function strategyFile(result: LendingResult, frontier?: LendingFrontier | null, unit?: string): StrategyFile {
  if (!result.strategy || !result.summary) throw new CreditkitError('E_SOLVER', `no strategy to save (status ${result.status})`);
  const points = (frontier?.points ?? [])
    .filter((p) => p.summary && p.risk !== null)
    .map((p) => ({ cap: p.cap, status: p.status, risk: p.risk!, expectedReturn: p.summary!.expectedReturn, expectedLoss: p.summary!.expectedLoss, loans: p.summary!.loans, totalAmount: p.summary!.totalAmount }));
  return {
    format: STRATEGY_FORMAT, version: 1, status: result.status, solver: result.solver,
    objective: result.objective, bound: result.bound, gap: result.gap,
    summary: result.summary, strategy: result.strategy,
    frontier: frontier ? { measure: frontier.measure, points } : null,
    ...(unit ? { unit } : {}),
    ...(result.tailRiskCheck ? { tailRiskCheck: result.tailRiskCheck } : {}),
  };
}

/** Reads and fully validates strategy.json text; errors name the file and the JSON path. */
export function parseStrategyFile(text: string, file?: string): StrategyFile {
  const fail = (path: string, message: string): never => { throw new CreditkitError('E_PROBLEM', message, { ...(file ? { file } : {}), path }); };
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new CreditkitError('E_PROBLEM', `not valid JSON: ${(e as Error).message}`, file ? { file } : {});
  }
  if (!isJsonObject(obj)) fail('', 'a strategy file is a JSON object');
  const o = obj as Record<string, unknown>;
  if (o.format !== STRATEGY_FORMAT) fail('format', `not a creditkit strategy (expected "format": "${STRATEGY_FORMAT}"; "creditkit optimize --json-out" writes one)`);
  if (o.version !== 1) fail('version', `unsupported version ${JSON.stringify(o.version)} (this build reads 1)`);
  const str = (v: unknown, path: string): string => (typeof v === 'string' ? v : fail(path, 'must be a string'));
  const num = (v: unknown, path: string): number => (typeof v === 'number' && Number.isFinite(v) ? v : fail(path, 'must be a finite number'));
  const numOrNull = (v: unknown, path: string): number | null => (v === null ? null : num(v, path));
  str(o.status, 'status');
  str(o.solver, 'solver');
  numOrNull(o.objective, 'objective');
  numOrNull(o.bound, 'bound');
  numOrNull(o.gap, 'gap');
  if (o.unit !== undefined) str(o.unit, 'unit');
  const s = o.summary as Record<string, unknown>;
  if (typeof s !== 'object' || s === null) fail('summary', 'must be an object');
  for (const k of ['loans', 'totalAmount', 'expectedAmount', 'expectedReturn', 'expectedLoss']) num(s[k], `summary.${k}`);
  for (const k of ['meanRate', 'averagePd', 'cvar', 'rwa', 'capital', 'raroc']) numOrNull(s[k] ?? null, `summary.${k}`);
  if (!Array.isArray(o.strategy) || o.strategy.length === 0) fail('strategy', 'must be a non-empty array of decisions');
  (o.strategy as unknown[]).forEach((d0, i) => {
    const p = `strategy[${i}]`;
    if (typeof d0 !== 'object' || d0 === null) fail(p, 'must be an object');
    const d = d0 as Record<string, unknown>;
    str(d.id, `${p}.id`);
    str(d.rating, `${p}.rating`);
    if (d.sector !== null) str(d.sector, `${p}.sector`);
    const pd = num(d.pd, `${p}.pd`);
    if (pd < 0 || pd > 1) fail(`${p}.pd`, `must lie in [0, 1] (got ${pd})`);
    if (d.decision !== 'lend' && d.decision !== 'decline' && d.decision !== 'excluded') fail(`${p}.decision`, 'must be "lend", "decline" or "excluded"');
    if (d.reason !== null) str(d.reason, `${p}.reason`);
    if (num(d.amount, `${p}.amount`) < 0) fail(`${p}.amount`, 'must be ≥ 0');
    if (d.decision === 'lend') num(d.rate, `${p}.rate`);
    else numOrNull(d.rate, `${p}.rate`);
    numOrNull(d.churn, `${p}.churn`);
    for (const k of ['expectedAmount', 'expectedReturn', 'expectedLoss']) num(d[k], `${p}.${k}`);
    // lgd and ead are absent from files written before they existed.
    if (d.lgd !== undefined && !(num(d.lgd, `${p}.lgd`) >= 0 && (d.lgd as number) <= 1)) fail(`${p}.lgd`, `must lie in [0, 1] (got ${d.lgd})`);
    if (d.ead !== undefined && num(d.ead, `${p}.ead`) < 0) fail(`${p}.ead`, `must be ≥ 0 (got ${d.ead})`);
    for (const k of ['rwa', 'capital']) if (d[k] !== undefined && d[k] !== null && num(d[k], `${p}.${k}`) < 0) fail(`${p}.${k}`, `must be ≥ 0 (got ${d[k]})`);
    if (d.exposureClass !== undefined && !isExposureClass(d.exposureClass)) fail(`${p}.exposureClass`, `must be one of ${EXPOSURE_CLASSES.join(', ')}`);
    if (d.maturity !== undefined && !(num(d.maturity, `${p}.maturity`) >= 0)) fail(`${p}.maturity`, 'must be ≥ 0');
    if (d.turnover !== undefined && d.turnover !== null && !(num(d.turnover, `${p}.turnover`) >= 0)) fail(`${p}.turnover`, 'must be ≥ 0');
  });
  if (o.frontier !== null) {
    const f = o.frontier as Record<string, unknown>;
    if (typeof f !== 'object' || f === undefined) fail('frontier', 'must be null or { measure, points }');
    if (f.measure !== 'expectedLoss' && f.measure !== 'cvar' && f.measure !== 'capital') fail('frontier.measure', 'must be "expectedLoss", "cvar" or "capital"');
    if (!Array.isArray(f.points)) fail('frontier.points', 'must be an array');
    (f.points as unknown[]).forEach((q0, j) => {
      const p = `frontier.points[${j}]`;
      if (typeof q0 !== 'object' || q0 === null) fail(p, 'must be an object');
      const q = q0 as Record<string, unknown>;
      str(q.status, `${p}.status`);
      for (const k of ['cap', 'risk', 'expectedReturn', 'expectedLoss', 'loans', 'totalAmount']) num(q[k], `${p}.${k}`);
    });
  }
  if (o.tailRiskCheck !== undefined) checkTailRiskCheck(o.tailRiskCheck, fail);
  return o as unknown as StrategyFile;
}

function checkTailRiskCheck(v: unknown, fail: (path: string, message: string) => never): void {
  const obj = (x: unknown, path: string): Record<string, unknown> => (isJsonObject(x) ? x : fail(path, 'must be an object'));
  const num = (x: unknown, path: string): number => (typeof x === 'number' && Number.isFinite(x) ? x : fail(path, 'must be a finite number'));
  const level = (x: unknown, path: string): void => {
    const l = obj(x, path);
    for (const k of ['alpha', 'var', 'cvar']) num(l[k], `${path}.${k}`);
    for (const k of ['varInterval', 'cvarInterval']) {
      const i = l[k];
      if (!Array.isArray(i) || i.length !== 2) fail(`${path}.${k}`, 'must be [low, high]');
      (i as unknown[]).forEach((e, j) => num(e, `${path}.${k}[${j}]`));
    }
  };
  const c = obj(v, 'tailRiskCheck');
  num(c.alpha, 'tailRiskCheck.alpha');
  if (c.cap !== null) num(c.cap, 'tailRiskCheck.cap');
  const ins = obj(c.inSample, 'tailRiskCheck.inSample');
  for (const k of ['scenarios', 'seed', 'cvar']) num(ins[k], `tailRiskCheck.inSample.${k}`);
  level(c.outOfSample, 'tailRiskCheck.outOfSample');
  const out = c.outOfSample as Record<string, unknown>;
  for (const k of ['scenarios', 'seed', 'confidence']) num(out[k], `tailRiskCheck.outOfSample.${k}`);
  if (!Array.isArray(c.levels)) fail('tailRiskCheck.levels', 'must be an array');
  (c.levels as unknown[]).forEach((l, j) => level(l, `tailRiskCheck.levels[${j}]`));
  for (const k of ['breached', 'breachCertain']) if (typeof c[k] !== 'boolean') fail(`tailRiskCheck.${k}`, 'must be true or false');
}
