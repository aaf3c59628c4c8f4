import { CreditkitError } from '../../core.js';
import {
  lendingFrontier, type LendingFrontier, type RiskMeasure, strategyFile, frontierCsv, frontierStrategiesCsv,
  parseApplicantsCsv, readLendingConfig, lendingConfigFromText, strategyCsv, type ApplicantsTable, optimizeLending, type LendingResult,
  type LendingProblem, type SolverName, FRONTIER_POINT_RANGE, type TailRiskCheck, parseSolverOptionList, checkSolverOptions, type SolveProgress,
  MAX_TIME_LIMIT, DECOMPOSITION_MIN_APPLICANTS, type OptimizeOptions,
} from '../../lending/index.js';
import {
  type Command, CSV_INPUT_FLAGS, csvInputHelp, csvTextFlags, encodingFlag, integerFlag, numberFlag, requireString, valueFlags,
  SAFE_CSV_HELP, SAFE_CSV_OPTION, csvCellsFlag,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { amount, formatNumber, table } from '../format.js';
import { writeOutput, outputName } from '../standardOutput.js';
import { inputName, isStandardStream, readTextInput, STANDARD_INPUT_NAME } from '../standardInput.js';
import { applyChurnFlags, describeChurn, otherReading, readingRows } from './optimizeChurn.js';

export const optimizeCommand: Command = {
  name: 'optimize',
  summary: 'choose who gets a loan, how much and at what rate (MILP on a rate grid)',
  usage: 'creditkit optimize --applicants pd.csv --config bank.json --out strategy.csv [--frontier frontier.csv] [--solver highs|jslp]',
  help: [
    '  --applicants F          CSV with columns id, pd, rating [, sector, min_amount, max_amount, lgd, ead_factor,',
    '                          exposure_class, maturity, turnover]',
    csvInputHelp(26),
    '  --config F              JSON: bank terms, churn table (or a CSV path), exclusions, limits, tailRisk, stress, ratingBands',
    '  --out F                 strategy CSV: one line per applicant (decision, amount, rate, expected return and loss)',
    '  --frontier F            also write the return-versus-risk frontier (one line per point)',
    '  --frontier-points N     points on the frontier (default 11)',
    '  --frontier-measure M    expected-loss (default), cvar, or capital (return and RAROC against Basel IRB capital)',
    '  --frontier-strategies F the loans of every frontier point (point, id, amount, rate)',
    '  --solver S              highs (default, HiGHS in WebAssembly) or jslp (javascript-lp-solver)',
    `  --time-limit SEC        per solve (default 60, at most ${MAX_TIME_LIMIT}), held even inside HiGHS's presolve; a solve it stops returns its best`,
    '                          strategy (HiGHS\'s, or the greedy plan built first) with the proven gap, not proven optimal',
    '  --solver-option K=V,... HiGHS settings, e.g. presolve=off,mip_heuristic_effort=0.3 (see docs/guides/lending.md for the list)',
    '  --gap G                 relative optimality gap (default 1e-4; 0 = exact)',
    `  --method M              auto (default: the Lagrangian decomposition from ${DECOMPOSITION_MIN_APPLICANTS} eligible applicants with HiGHS`,
    '                          and no CVaR cap, else one MILP), milp (one MILP over every rate choice) or decomposition',
    '  --fresh-scenarios N     with a CVaR cap, re-measure the strategy\'s CVaR on N fresh scenarios (default 100000,',
    '                          at least 1000; 0 skips it); printed beside the in-sample CVaR and the cap, flagged when over it',
    '  --churn-model M         table (the config\'s churn as given, the default), smooth (a monotone curve per rating fitted',
    '                          to the table, 0 at its zero-churn base rate) or logistic (1/(1+exp(-(a+b·rate))) per rating)',
    '  --offers F              CSV of past offers (rating, rate, accepted 0/1): the logistic take-up per rating fitted to them',
    '                          by maximum likelihood replaces the config\'s churn for those ratings',
    '  --min-take-up X         never offer a rate whose expected take-up 1 − churn is below X (bank.minTakeUp)',
    '  --both-readings         also solve with the budget read the other way (offered amounts vs expected take-ups) and',
    '                          print both optima side by side (doubles the solve time)',
    '  --id COL, --pd COL, --rating COL, --sector COL   column names in the applicants CSV',
    '  --json                  print the result summary as JSON',
    '  --json-out F            also write strategy.json (for "creditkit report --strategy"): the strategy, its summary and,',
    '                          with --frontier or --frontier-points, the frontier',
    SAFE_CSV_HELP,
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...valueFlags('applicants', 'config', 'out', 'frontier', 'frontier-points', 'frontier-measure', 'frontier-strategies', 'solver', 'solver-option', 'time-limit', 'gap', 'method', 'fresh-scenarios', 'id', 'pd', 'rating', 'sector', 'churn-model', 'offers', 'min-take-up'),
    'both-readings': { type: 'boolean' },
    ...CSV_INPUT_FLAGS,
    json: { type: 'boolean' },
    'json-out': { type: 'string' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'applicants', 'config', 'offers'), outputs: fileArgs(v, 'out', 'frontier', 'frontier-strategies', 'json-out'), standardOutput: ['out', 'frontier', 'frontier-strategies', 'json-out'] }),
  async run(values, io) {
    const applicantsPath = requireString(values, 'applicants', 'optimize');
    const configPath = requireString(values, 'config', 'optimize');
    const outPath = requireString(values, 'out', 'optimize');
    const frontierPath = typeof values.frontier === 'string' ? values.frontier : undefined;
    const frontierStrategiesPath = typeof values['frontier-strategies'] === 'string' ? values['frontier-strategies'] : undefined;
    const solver = (values.solver ?? 'highs') as string;
    if (solver !== 'highs' && solver !== 'jslp') throw new CreditkitError('E_USAGE', `--solver must be highs or jslp (got "${solver}")`);
    const measureFlag = (values['frontier-measure'] ?? 'expected-loss') as string;
    if (measureFlag !== 'expected-loss' && measureFlag !== 'cvar' && measureFlag !== 'capital') {
      throw new CreditkitError('E_USAGE', `--frontier-measure must be expected-loss, cvar or capital (got "${measureFlag}")`);
    }
    const measure: RiskMeasure = measureFlag === 'cvar' ? 'cvar' : measureFlag === 'capital' ? 'capital' : 'expectedLoss';
    const points = integerFlag(values, 'frontier-points', FRONTIER_POINT_RANGE) ?? 11;
    const timeLimit = numberFlag(values, 'time-limit') ?? 60;
    if (!(timeLimit > 0 && timeLimit <= MAX_TIME_LIMIT)) throw new CreditkitError('E_USAGE', `--time-limit must be positive and at most ${MAX_TIME_LIMIT} seconds (got ${timeLimit})`);
    const method = (values.method ?? 'auto') as string;
    if (method !== 'auto' && method !== 'milp' && method !== 'decomposition') throw new CreditkitError('E_USAGE', `--method must be auto, milp or decomposition (got "${method}")`);
    const relGap = numberFlag(values, 'gap') ?? 1e-4;
    if (!(relGap >= 0)) throw new CreditkitError('E_USAGE', `--gap must be ≥ 0 (got ${relGap})`);

    // From standard input, a churn CSV path in the config is read relative to the working folder.
    const config = isStandardStream(configPath)
      ? await lendingConfigFromText(await readTextInput(configPath, 'config'), STANDARD_INPUT_NAME, { path: process.cwd(), name: 'the working folder' })
      : await readLendingConfig(configPath);
    const { ratingBands, ...bankSide } = config;
    const text = await readTextInput(applicantsPath, 'applicants file', encodingFlag(values));
    const columns = {
      ...(typeof values.id === 'string' ? { id: values.id } : {}),
      ...(typeof values.pd === 'string' ? { pd: values.pd } : {}),
      ...(typeof values.rating === 'string' ? { rating: values.rating } : {}),
      ...(typeof values.sector === 'string' ? { sector: values.sector } : {}),
    };
    const table_ = parseApplicantsCsv(text, inputName(applicantsPath), columns, ratingBands, csvTextFlags(values));
    const churned = await applyChurnFlags(values, { ...bankSide, applicants: table_.applicants } as LendingProblem, encodingFlag(values));
    const problem: LendingProblem = churned.problem;
    const fresh = integerFlag(values, 'fresh-scenarios', { min: 0, max: 50_000_000 });
    if (fresh !== undefined && fresh > 0 && fresh < 1000) throw new CreditkitError('E_USAGE', `--fresh-scenarios must be 0 or at least 1000, got ${fresh}`);
    const solverOptions = typeof values['solver-option'] === 'string' ? checkSolverOptions(parseSolverOptionList(values['solver-option']), solver) : undefined;
    const options = { solver: solver as SolverName, timeLimit, relGap, ...(solverOptions ? { solverOptions } : {}) };
    const solveOptions: OptimizeOptions = { ...options, method: method as OptimizeOptions['method'] };
    // The fresh-scenario check is for the chosen strategy, not for every frontier point.
    const outOfSample = fresh === undefined ? {} : { outOfSample: fresh === 0 ? false as const : { scenarios: fresh } };

    // On a terminal: the incumbent, bound, gap and elapsed time, redrawn on stderr as the solve goes.
    const progress = io.isTTY
      ? (p: SolveProgress) => {
        const gap = p.objective !== null && p.bound !== null && p.objective > 0 ? ` gap ${(((p.bound - p.objective) / p.objective) * 100).toPrecision(3)}%` : '';
        io.err(`\rsolving: best return ${p.objective === null ? '-' : amount(p.objective)}, bound ${p.bound === null ? '-' : amount(p.bound)}${gap}, ${p.seconds.toFixed(1)} s\x1b[K`);
      }
      : undefined;
    let result: LendingResult;
    try {
      result = await withLocations(table_, inputName(configPath), () => optimizeLending(problem, { ...solveOptions, ...outOfSample, ...(progress ? { onProgress: progress } : {}) }));
    } finally {
      if (progress) io.err('\r\x1b[K');
    }
    if (result.status === 'infeasible') {
      throw new CreditkitError('E_INFEASIBLE', 'no strategy satisfies every limit of the config (the solver proved the problem infeasible); relax a limit such as bank.minTotal, limits.minLoans, or the caps', { file: inputName(configPath) });
    }
    if (!result.strategy) {
      throw new CreditkitError('E_SOLVER', `no strategy: ${result.status}${result.message ? ` (${result.message})` : ''}; try a longer --time-limit`);
    }
    if (result.status === 'error') throw new CreditkitError('E_SOLVER', result.message ?? 'the solver failed');
    await writeOutput(outPath, strategyCsv(result.strategy, csvCellsFlag(values)), io);

    let frontierNote = '';
    let frontier: LendingFrontier | null = null;
    const jsonOut = typeof values['json-out'] === 'string' ? values['json-out'] : undefined;
    if (frontierPath || frontierStrategiesPath || (jsonOut && values['frontier-points'] !== undefined)) {
      const f = frontier = await withLocations(table_, inputName(configPath), () => lendingFrontier(problem, { ...options, measure, points }));
      if (frontierPath) await writeOutput(frontierPath, frontierCsv(f), io);
      if (frontierStrategiesPath) await writeOutput(frontierStrategiesPath, frontierStrategiesCsv(f, csvCellsFlag(values)), io);
      const unproven = f.points.filter((p) => p.status !== 'optimal').length;
      const measureName = measure === 'cvar' ? 'CVaR' : measure === 'capital' ? 'capital' : 'expected loss';
      frontierNote = `frontier: ${f.points.length} points (${measureName} ${formatNumber(f.minRisk ?? 0)} to ${formatNumber(f.maxRisk ?? 0)})` +
        `${unproven > 0 ? `, ${unproven} not proven optimal` : ''}` +
        `${frontierPath || frontierStrategiesPath ? `, wrote ${[frontierPath, frontierStrategiesPath].filter((p) => p !== undefined).map(outputName).join(' and ')}` : ''}`;
    }

    if (jsonOut) await writeOutput(jsonOut, JSON.stringify(strategyFile(result, frontier)) + '\n', io);

    const readings = values['both-readings']
      ? readingRows(problem, result, await withLocations(table_, inputName(configPath), () => optimizeLending(otherReading(problem), { ...solveOptions, outOfSample: false })))
      : null;
    if (values.json) {
      const { strategy: _s, ...rest } = result;
      const budgetReadings = readings && Object.fromEntries(readings.map(({ reading, result: r }) => [reading, { status: r.status, gap: r.gap, summary: r.summary }]));
      io.out(JSON.stringify({ ...rest, churn: churned.note, ...(budgetReadings ? { budgetReadings } : {}) }, null, 2));
      return;
    }
    for (const line of describeChurn(churned.note)) io.out(line);
    io.out(describe(result));
    if (readings) io.out(`\n${describeReadings(readings)}`);
    if (frontierNote) io.out(frontierNote);
    io.out(`wrote ${outputName(outPath)}${jsonOut ? ` and ${outputName(jsonOut)}` : ''}`);
  },
};

/** Runs f; validation errors about applicants[i].field get the CSV's file, line and column, others the config file. */
async function withLocations<T>(t: ApplicantsTable, configPath: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof CreditkitError && e.code === 'E_PROBLEM' && e.where.path !== undefined && e.where.file === undefined) {
      const m = /^applicants\[(\d+)\]\.?(\w*)/.exec(e.where.path);
      const prefix = `at ${e.where.path}: `;
      const message = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
      if (m) throw new CreditkitError('E_PROBLEM', message, t.locate(Number(m[1]), m[2]));
      throw new CreditkitError('E_PROBLEM', message, { file: configPath, path: e.where.path });
    }
    if (e instanceof CreditkitError && e.code === 'E_CAPITAL_INFEASIBLE' && e.where.file === undefined) throw e.locatedAt({ file: inputName(configPath) });
    throw e;
  }
}

function describe(r: LendingResult): string {
  const s = r.summary!;
  const status = r.status === 'optimal'
    ? `optimal (gap ${formatGap(r.gap)})`
    : r.status === 'time_limit'
      ? `NOT proven optimal: stopped by the time limit, gap ${formatGap(r.gap)}${r.incumbent === 'greedy' ? ' (the greedy strategy built before the solve; the solver found no better one)' : ''}`
      : `${r.status}${r.message ? `: ${r.message}` : ''}`;
  const lines = [
    `${r.solver === 'highs' ? 'HiGHS' : 'javascript-lp-solver'}: ${status} in ${r.seconds.toFixed(2)} s ` +
      `(${formatNumber(r.model.eligible)} eligible of ${formatNumber(r.model.applicants)} applicants; ${r.method === 'decomposition'
        ? `Lagrangian decomposition, its last restricted MILP with ${formatNumber(r.model.binaries)} binaries`
        : `${formatNumber(r.model.binaries)} binaries after pruning ${formatNumber(r.model.pruned)} dominated rate choices`})`,
    '',
    table(['strategy', 'value'], [
      ['loans', String(s.loans)],
      ['total amount offered', amount(s.totalAmount)],
      ['expected amount taken up', amount(s.expectedAmount)],
      ['mean rate', s.meanRate === null ? '-' : `${(s.meanRate * 100).toFixed(2)}%`],
      ['expected return', amount(s.expectedReturn)],
      ['proven bound on the return', r.bound === null ? '-' : amount(r.bound)],
      ['expected loss', amount(s.expectedLoss)],
      ['average PD', s.averagePd === null ? '-' : `${(s.averagePd * 100).toFixed(2)}%`],
      ...(s.cvar !== null ? [['CVaR of the credit loss', amount(s.cvar)]] : []),
      ...(s.rwa !== null ? [['risk-weighted assets (Basel IRB)', amount(s.rwa)]] : []),
      ...(s.capital !== null ? [['capital required', amount(s.capital)]] : []),
      ...(s.capital !== null ? [['RAROC (expected return / capital)', s.raroc === null ? '-' : `${(s.raroc * 100).toFixed(2)}%`]] : []),
    ]),
  ];
  if (r.tailRiskCheck) lines.push('', describeTailRiskCheck(r.tailRiskCheck));
  return lines.join('\n');
}

/** The optimum with the budget counting offered amounts beside the one counting expected take-ups. */
function describeReadings(rows: { reading: string; result: LendingResult }[]): string {
  const cell = (r: LendingResult, f: (s: NonNullable<LendingResult['summary']>) => string): string => (r.summary ? f(r.summary) : '-');
  const head = ['budget reading', ...rows.map(({ reading }) => (reading === 'offered' ? 'offered amounts' : 'expected take-ups'))];
  const line = (name: string, f: (s: NonNullable<LendingResult['summary']>) => string): string[] => [name, ...rows.map(({ result }) => cell(result, f))];
  return table(head, [
    ['status', ...rows.map(({ result }) => `${result.status} (gap ${formatGap(result.gap)})`)],
    line('loans', (s) => String(s.loans)),
    line('total amount offered', (s) => amount(s.totalAmount)),
    line('expected amount taken up', (s) => amount(s.expectedAmount)),
    line('mean rate', (s) => (s.meanRate === null ? '-' : `${(s.meanRate * 100).toFixed(2)}%`)),
    line('expected return', (s) => amount(s.expectedReturn)),
    line('expected loss', (s) => amount(s.expectedLoss)),
  ]);
}

/** The CVaR cap beside the in-sample and the fresh-scenario CVaR (with its interval), flagged when breached. */
export function describeTailRiskCheck(c: TailRiskCheck): string {
  const pct = (a: number): string => `${Number((a * 100).toPrecision(4))}%`;
  const interval = (i: [number, number]): string => `[${amount(i[0])}, ${amount(i[1])}]`;
  const verdict = c.cap === null ? '-' : c.breachCertain ? 'BREACHED (the whole interval is above the cap)'
    : c.breached ? 'BREACHED (the cap lies inside the interval)' : 'held';
  const conf = pct(c.outOfSample.confidence);
  return table(['tail risk (CVaR of the credit loss)', 'value'], [
    [`cap on CVaR ${pct(c.alpha)}`, c.cap === null ? '-' : amount(c.cap)],
    [`in sample: CVaR ${pct(c.alpha)} on the optimizer's ${formatNumber(c.inSample.scenarios)} scenarios (seed ${c.inSample.seed})`, amount(c.inSample.cvar)],
    [`out of sample: CVaR ${pct(c.alpha)} on ${formatNumber(c.outOfSample.scenarios)} fresh scenarios (seed ${c.outOfSample.seed})`, amount(c.outOfSample.cvar)],
    [`  ${conf} interval`, interval(c.outOfSample.cvarInterval)],
    ['cap out of sample', verdict],
    ...c.levels.flatMap((l) => [
      [`VaR ${pct(l.alpha)} (${conf} interval)`, `${amount(l.var)} ${interval(l.varInterval)}`],
      [`CVaR ${pct(l.alpha)} (${conf} interval)`, `${amount(l.cvar)} ${interval(l.cvarInterval)}`],
    ]),
  ]);
}

function formatGap(g: number | null): string {
  if (g === null) return 'unknown';
  if (g === 0) return '0';
  return `${(g * 100).toPrecision(3)}%`;
}
