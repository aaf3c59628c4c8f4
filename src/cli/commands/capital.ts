import { CreditkitError, csvField } from '../../core.js';
import {
  capitalSummary, EXPOSURE_CLASSES, parsePortfolioCsv, parseStrategyFile, portfolioFromStrategy, type CapitalLine, type CapitalLoan,
  type CapitalReport, type CapitalTotals, type ExposureClass, type PdFloorRule,
} from '../../lending/index.js';
import {
  type Command, CSV_INPUT_FLAGS, csvInputHelp, csvTextFlags, encodingFlag, numberFlag, valueFlags, SAFE_CSV_HELP, SAFE_CSV_OPTION, csvCellsFlag,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { amount, csvNumberCell, percent, table } from '../format.js';
import { writeOutput, outputName } from '../standardOutput.js';
import { inputName, readTextInput } from '../standardInput.js';

export const CAPITAL_COLUMNS = [
  'id', 'rating', 'exposure_class', 'pd', 'floored_pd', 'lgd', 'ead', 'maturity', 'turnover',
  'correlation', 'maturity_adjustment', 'k', 'risk_weight', 'rwa', 'capital', 'expected_loss',
];

export const capitalCommand: Command = {
  name: 'capital',
  summary: 'Basel IRB capital of a loan portfolio or a strategy: K, RWA, capital and expected loss per loan and in total',
  usage: 'creditkit capital (--portfolio loans.csv | --strategy strategy.json) [--pd-floor basel3|basel2|P] [--ratio 0.08] [--out capital.csv] [--json]',
  help: [
    '  --portfolio F        CSV with columns id, pd, lgd, ead [, exposure_class, maturity, turnover, rating];',
    '                       a strategy.csv from "creditkit optimize" works too (its lend rows)',
    csvInputHelp(23),
    '  --strategy F         strategy.json from "creditkit optimize --json-out" (its loans)',
    `  --exposure-class C   class of loans without one: ${EXPOSURE_CLASSES.join(', ')} (default corporate)`,
    '  --maturity M         effective maturity in years of corporate loans without one (default 2.5; bounded to [1, 5])',
    '  --pd-floor R         basel3 (default: 0.05%, 0.1% for qualifying revolving), basel2 (0.03%), or a PD for every class',
    '  --ratio R            capital per unit of RWA (default 0.08)',
    '  --out F              one line per loan: the IRB figures (PD after the floor, R, MA, K, risk weight, RWA, capital, EL)',
    '  --json               print the whole report as JSON',
    SAFE_CSV_HELP,
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...valueFlags('portfolio', 'strategy', 'exposure-class', 'maturity', 'pd-floor', 'ratio', 'out'),
    ...CSV_INPUT_FLAGS,
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'portfolio', 'strategy'), outputs: fileArgs(v, 'out'), standardOutput: ['out'] }),
  async run(values, io) {
    const portfolio = typeof values.portfolio === 'string' ? values.portfolio : undefined;
    const strategy = typeof values.strategy === 'string' ? values.strategy : undefined;
    if ((portfolio === undefined) === (strategy === undefined)) throw new CreditkitError('E_USAGE', 'capital needs exactly one of --portfolio or --strategy');
    const cls = values['exposure-class'];
    if (cls !== undefined && !(EXPOSURE_CLASSES as readonly unknown[]).includes(cls)) {
      throw new CreditkitError('E_USAGE', `--exposure-class must be one of ${EXPOSURE_CLASSES.join(', ')} (got "${String(cls)}")`);
    }
    const maturity = numberFlag(values, 'maturity');
    if (maturity !== undefined && !(maturity > 0)) throw new CreditkitError('E_USAGE', `--maturity must be positive (got ${maturity})`);
    const ratio = numberFlag(values, 'ratio') ?? 0.08;
    if (!(ratio > 0 && ratio <= 1)) throw new CreditkitError('E_USAGE', `--ratio must be in (0, 1] (got ${ratio})`);
    const pdFloor = pdFloorFlag(values['pd-floor']);
    const defaults = { ...(cls !== undefined ? { exposureClass: cls as ExposureClass } : {}), ...(maturity !== undefined ? { maturity } : {}) };

    const path = (portfolio ?? strategy)!;
    const text = await readTextInput(path, 'portfolio file', encodingFlag(values));
    const loans: CapitalLoan[] = portfolio !== undefined
      ? parsePortfolioCsv(text, inputName(path), defaults, csvTextFlags(values))
      : portfolioFromStrategy(parseStrategyFile(text, inputName(path)), inputName(path), defaults);
    const report = capitalSummary(loans, { ratio, pdFloor });
    if (typeof values.out === 'string') await writeOutput(values.out, capitalCsv(report.lines, csvCellsFlag(values)), io);
    if (values.json) {
      io.out(JSON.stringify(report, null, 2));
      return;
    }
    io.out(describe(report));
    if (typeof values.out === 'string') io.out(`wrote ${outputName(values.out)}`);
  },
};

function pdFloorFlag(v: unknown): PdFloorRule {
  if (v === undefined) return 'basel3';
  if (v === 'basel3' || v === 'basel2') return v;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!(n >= 0 && n < 1)) throw new CreditkitError('E_USAGE', `--pd-floor must be basel3, basel2 or a PD in [0, 1) (got "${String(v)}")`);
  return n;
}

function capitalCsv(lines: readonly CapitalLine[], cells: { safe: boolean }): string {
  const out = [CAPITAL_COLUMNS.join(',')];
  for (const l of lines) {
    out.push([
      csvField(l.id, cells), csvField(l.rating ?? '', cells), l.exposureClass,
      ...[l.pd, l.flooredPd, l.lgd, l.ead, l.exposureClass === 'corporate' ? l.maturity ?? 2.5 : undefined, l.turnover,
        l.correlation, l.maturityAdjustment, l.k, l.riskWeight, l.rwa, l.capital, l.expectedLoss].map((x) => csvNumberCell(x)),
    ].join(','));
  }
  return out.join('\n') + '\n';
}

function describe(r: CapitalReport): string {
  const floor = typeof r.pdFloor === 'number' ? `PD floor ${percent(r.pdFloor, 3)}` : r.pdFloor === 'basel3' ? 'Basel III PD floors' : 'Basel II PD floor 0.03%';
  const row = (name: string, t: CapitalTotals): string[] => [
    name, String(t.loans), amount(t.ead), amount(t.expectedLoss), amount(t.rwa), t.riskWeight === null ? '-' : percent(t.riskWeight, 2), amount(t.capital),
  ];
  const head = ['', 'loans', 'EAD', 'expected loss', 'RWA', 'risk weight', `capital (${percent(r.ratio, 1)} of RWA)`];
  const lines = [
    `Basel IRB capital (CRE31, ${floor}) of ${r.total.loans} loans`,
    '',
    table(['exposure class', ...head.slice(1)], [...Object.entries(r.byClass).map(([c, t]) => row(c, t)), row('total', r.total)]),
  ];
  if (Object.keys(r.byRating).length > 0) {
    lines.push('', table(['rating', ...head.slice(1)], Object.entries(r.byRating).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([g, t]) => row(g, t))));
  }
  return lines.join('\n');
}
