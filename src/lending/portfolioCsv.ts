import { CreditkitError } from '../errors.js';
import type { CapitalLoan } from './capitalSummary.js';
import { EXPOSURE_CLASSES, isExposureClass, type ExposureClass } from './irb.js';
import type { StrategyFile } from './strategyJson.js';
import { TextTable, type TextTableCsv } from './textTable.js';

/** Class and maturity of loans whose file does not give them. */
export interface PortfolioDefaults {
  exposureClass?: ExposureClass;
  maturity?: number;
}

/**
 * Reads a loan portfolio for a capital summary: columns id, pd, lgd, ead (an
 * amount) and optional exposure_class, maturity, turnover, rating. A
 * strategy.csv written by `creditkit optimize` reads as a portfolio too: with
 * a `decision` column only the `lend` rows count. Bad cells are errors naming
 * the file, line and column: E_CSV_NOT_NUMERIC for text, E_PROBLEM for a PD
 * or LGD outside [0, 1], a negative EAD, maturity or turnover, or an unknown class.
 */
export function parsePortfolioCsv(text: string, file?: string, defaults: PortfolioDefaults = {}, csv: TextTableCsv = {}): CapitalLoan[] {
  const t = new TextTable(text, file, csv);
  for (const c of ['id', 'pd', 'lgd', 'ead']) t.require(c, `a portfolio needs columns id, pd, lgd and ead`);
  const bad = (r: number, column: string, message: string): never => {
    throw new CreditkitError('E_PROBLEM', message, t.where(r, column));
  };
  const loans: CapitalLoan[] = [];
  const seen = new Map<string, number>();
  for (let r = 0; r < t.nRows; r++) {
    if (t.has('decision') && t.text(r, 'decision') !== 'lend') continue;
    const id = t.text(r, 'id');
    if (id === '') bad(r, 'id', 'empty id');
    const before = seen.get(id);
    if (before !== undefined) bad(r, 'id', `the id "${id}" is also on line ${before}`);
    seen.set(id, t.line(r));
    const pd = t.number(r, 'pd')!;
    if (pd < 0 || pd > 1) bad(r, 'pd', `a PD must lie in [0, 1] (got ${pd})`);
    const lgd = t.number(r, 'lgd')!;
    if (lgd < 0 || lgd > 1) bad(r, 'lgd', `an LGD must lie in [0, 1] (got ${lgd})`);
    const ead = t.number(r, 'ead')!;
    if (ead < 0) bad(r, 'ead', `an EAD must be ≥ 0 (got ${ead})`);
    let exposureClass: string | undefined = t.has('exposure_class') ? t.text(r, 'exposure_class') : '';
    if (exposureClass === '') exposureClass = defaults.exposureClass ?? 'corporate';
    if (!isExposureClass(exposureClass)) bad(r, 'exposure_class', `unknown exposure class ${JSON.stringify(exposureClass)} (expected one of: ${EXPOSURE_CLASSES.join(', ')})`);
    const loan: CapitalLoan = { id, pd, lgd, ead, exposureClass: exposureClass as ExposureClass };
    const maturity = t.has('maturity') ? t.number(r, 'maturity', true) : undefined;
    if (maturity !== undefined && maturity < 0) bad(r, 'maturity', `a maturity must be ≥ 0 years (got ${maturity})`);
    if (maturity !== undefined || defaults.maturity !== undefined) loan.maturity = maturity ?? defaults.maturity;
    const turnover = t.has('turnover') ? t.number(r, 'turnover', true) : undefined;
    if (turnover !== undefined && turnover < 0) bad(r, 'turnover', `a turnover must be ≥ 0 (EUR millions; got ${turnover})`);
    if (turnover !== undefined) loan.turnover = turnover;
    if (t.has('rating') && t.text(r, 'rating') !== '') loan.rating = t.text(r, 'rating');
    loans.push(loan);
  }
  return loans;
}

/**
 * The loans of a strategy.json (its `lend` decisions, with their LGD and EAD)
 * as a portfolio, with the class, maturity and turnover the optimizer used
 * when its problem had a capital model, else `defaults`. A file written
 * before decisions carried `lgd` and `ead` is E_PROBLEM at that decision.
 */
export function portfolioFromStrategy(s: StrategyFile, file?: string, defaults: PortfolioDefaults = {}): CapitalLoan[] {
  const loans: CapitalLoan[] = [];
  s.strategy.forEach((d, i) => {
    if (d.decision !== 'lend') return;
    for (const k of ['lgd', 'ead'] as const) {
      if (typeof d[k] !== 'number') {
        throw new CreditkitError('E_PROBLEM', `the decision has no ${k} (a strategy written by an older creditkit: run "creditkit optimize" again)`,
          { ...(file ? { file } : {}), path: `strategy[${i}].${k}` });
      }
    }
    const maturity = d.maturity ?? defaults.maturity;
    loans.push({
      id: d.id, pd: d.pd, lgd: d.lgd, ead: d.ead, rating: d.rating,
      exposureClass: d.exposureClass ?? defaults.exposureClass ?? 'corporate',
      ...(maturity !== undefined ? { maturity } : {}),
      ...(typeof d.turnover === 'number' ? { turnover: d.turnover } : {}),
    });
  });
  return loans;
}
