import { readFile } from 'node:fs/promises';
import { CreditkitError, decodeText, readFileError, type TextEncoding } from '../../core.js';
import {
  CHURN_MODELS, churnTableFromCurves, fitChurnTable, fitOffers, interpolateChurn, parseOffersCsv, rateGrid,
  type ChurnCurve, type ChurnModel, type ChurnTable, type LendingProblem, type LendingResult,
} from '../../lending/index.js';
import { numberFlag } from '../args.js';

/** What the churn flags did, for the terminal and --json. */
export interface ChurnNote {
  model: ChurnModel;
  /** 'config' (the config's table) or the offers file the curves were fitted to. */
  source: string;
  curves: Record<string, ChurnCurve> | null;
}

/**
 * `--churn-model`, `--offers` and `--min-take-up` applied to a problem read
 * from a config. Offers replace the churn of the ratings they cover with the
 * logistic take-up fitted to them, evaluated on the bank's rate grid.
 */
export async function applyChurnFlags(values: Record<string, unknown>, problem: LendingProblem, encoding: TextEncoding | undefined): Promise<{ problem: LendingProblem; note: ChurnNote }> {
  let p = problem;
  const flag = values['churn-model'];
  if (flag !== undefined && !CHURN_MODELS.includes(flag as ChurnModel)) {
    throw new CreditkitError('E_USAGE', `--churn-model must be ${CHURN_MODELS.join(', ')} (got "${String(flag)}")`);
  }
  if (flag !== undefined) p = { ...p, churnModel: flag as ChurnModel };
  const minTakeUp = numberFlag(values, 'min-take-up');
  if (minTakeUp !== undefined) {
    if (!(minTakeUp >= 0 && minTakeUp <= 1)) throw new CreditkitError('E_USAGE', `--min-take-up must be a share in [0, 1] (got ${minTakeUp})`);
    p = { ...p, bank: { ...p.bank, minTakeUp } };
  }
  const offersPath = typeof values.offers === 'string' ? values.offers : undefined;
  if (offersPath === undefined) {
    const model = p.churnModel ?? 'table';
    return { problem: p, note: { model, source: 'config', curves: model === 'table' ? null : fitChurnTable(p.churn, model) } };
  }
  if (flag !== undefined && flag !== 'logistic') {
    throw new CreditkitError('E_USAGE', `--offers fits the logistic take-up model; --churn-model ${String(flag)} cannot be used with it`);
  }
  let text: string;
  try {
    text = decodeText(await readFile(offersPath), encoding, offersPath);
  } catch (e) {
    throw readFileError(e, offersPath);
  }
  const curves = fitOffers(parseOffersCsv(text, offersPath), offersPath);
  const grid = rateGrid(p.bank.rates);
  const fitted = churnTableFromCurves(curves, grid);
  // Ratings without offers keep the config's churn, read at the grid rates.
  const byRating: ChurnTable['byRating'] = Object.create(null);
  if (p.churn && typeof p.churn === 'object' && p.churn.byRating) {
    for (const [g, v] of Object.entries(p.churn.byRating)) byRating[g] = Array.from(grid, (r) => interpolateChurn(p.churn.rates, v, r));
  }
  Object.assign(byRating, fitted.byRating);
  const { churnModel: _m, ...rest } = p;
  return { problem: { ...rest, churn: { rates: fitted.rates, byRating } }, note: { model: 'logistic', source: offersPath, curves } };
}

/** One line per fitted curve: its coefficients and its fit. */
export function describeChurn(note: ChurnNote): string[] {
  if (!note.curves) return [];
  const head = note.source === 'config'
    ? `churn: ${note.model} curve per rating fitted to the config's table`
    : `churn: logistic take-up per rating fitted to the offers in ${note.source} (ratings without offers keep the config's table)`;
  return [head, ...Object.entries(note.curves).map(([g, c]) => {
    const form = c.model === 'smooth' ? `1 − exp(−exp(${c.a.toFixed(4)} + ${c.b.toFixed(4)}·ln(r − ${c.baseRate})))` : `1 / (1 + exp(−(${c.a.toFixed(4)} + ${c.b.toFixed(4)}·r)))`;
    const fit = c.r2 !== null ? `R² ${c.r2.toFixed(4)} on ${c.n} rates` : `${c.n} offers, log-likelihood ${c.logLikelihood!.toFixed(3)}`;
    return `  ${g}: churn(r) = ${form}; ${fit}`;
  })];
}

/** The problem with the budget read the other way ('offered' ↔ 'expected'). */
export function otherReading(problem: LendingProblem): LendingProblem {
  const exposure = (problem.bank.exposure ?? 'offered') === 'offered' ? 'expected' : 'offered';
  return { ...problem, bank: { ...problem.bank, exposure } };
}

/** The two budget readings' optima side by side, offered first. */
export function readingRows(problem: LendingProblem, main: LendingResult, other: LendingResult): { reading: string; result: LendingResult }[] {
  const mainReading = problem.bank.exposure ?? 'offered';
  const rows = [{ reading: mainReading, result: main }, { reading: mainReading === 'offered' ? 'expected' : 'offered', result: other }];
  return mainReading === 'offered' ? rows : rows.reverse();
}
