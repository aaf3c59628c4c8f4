import {
  stratifiedSplit, CreditkitError, checkScoring, fitModel, score, leaderboardCsv,
  type SearchResult, searchHyperparameters, parseSearchSpace, type SearchSpace, MODEL_KINDS, FOLD_RANGE,
  ITERATION_RANGE, atLeast,
} from '../../core.js';
import {
  type Command, csvInputHelp, fractionFlag, integerFlag, requireString, valueFlags, SAFE_CSV_HELP,
  SAFE_CSV_OPTION, csvCellsFlag,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { formatNumber, seconds, table } from '../format.js';
import { LABELLED_DATA_FLAGS, notFeatureColumnsHelp, readLabelledData } from '../labelledData.js';
import { modelKindFlag } from '../modelKindFlag.js';
import { ProgressBar } from '../progress.js';
import { outputName, writeOutput, writeModelOutput } from '../standardOutput.js';
import { readTextInput } from '../standardInput.js';

export const tuneCommand: Command = {
  name: 'tune',
  summary: 'hyperparameter search (grid or random) with stratified k-fold CV; prints a leaderboard',
  usage: 'creditkit tune --data F --target COL --space space.json [--kind gbdt] [--folds 5] [--iterations N] [--out model.json]',
  help: [
    '  --data F                 training data, CSV or CSV.gz with a header row',
    csvInputHelp(27),
    '  --target COL             0/1 default flag column',
    '  --space F                JSON search space: {"maxDepth": [3, 4, 6], "learningRate": {"loguniform": [0.02, 0.3]},',
    '                           "nEstimators": {"int": [50, 400]}, "seed": 1} (lists = grid axes, objects = distributions)',
    `  --kind K                 model kind (default gbdt; known: ${Object.keys(MODEL_KINDS).join(', ')})`,
    '  --folds K                stratified CV folds (default 5)',
    '  --iterations N           random search with N candidates (default: grid search over the lists)',
    '  --eval-metric M          the metric candidates are ranked by: auc (default) or logloss (was --scoring)',
    '  --seed S                 seed of the folds, random candidates and early-stopping splits (default 0)',
    '  --holdout R              first hold out a stratified share R, tune on the rest, then compare the',
    '                           default model and the tuned one on the held-out rows',
    '  --top N                  leaderboard rows printed (default 10)',
    '  --leaderboard F          write the whole leaderboard as CSV (was --report)',
    '  --out F                  refit the best setting on all tuning rows and save the model',
    '  --json                   print the result as JSON instead of tables',
    notFeatureColumnsHelp(27),
    SAFE_CSV_HELP,
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...LABELLED_DATA_FLAGS,
    ...valueFlags('space', 'kind', 'folds', 'iterations', 'eval-metric', 'seed', 'holdout', 'top', 'leaderboard', 'out'),
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'data', 'space'), outputs: fileArgs(v, 'leaderboard', 'out'), standardOutput: ['leaderboard', 'out'] }),
  deprecatedFlags: { scoring: 'eval-metric', report: 'leaderboard', model: 'kind' },
  async run(values, io) {
    const kind = modelKindFlag(values);
    const space = await readSpaceFile(requireString(values, 'space', 'tune'), kind);
    const folds = integerFlag(values, 'folds', FOLD_RANGE) ?? 5;
    const iterations = integerFlag(values, 'iterations', ITERATION_RANGE);
    const seed = integerFlag(values, 'seed', atLeast(0)) ?? 0;
    const top = integerFlag(values, 'top', atLeast(1)) ?? 10;
    const scoring = values['eval-metric'] === undefined ? 'auc' : usage(() => checkScoring(values['eval-metric']), '--eval-metric must be auc or logloss');
    const holdout = fractionFlag(values, 'holdout');

    const data = await readLabelledData(values, 'tune', io.err);
    let X = data.X;
    let y = data.y;
    let held: { X: typeof X; y: Float64Array } | undefined;
    if (holdout !== undefined) {
      const split = stratifiedSplit(data.y, 1 - holdout, seed);
      X = data.X.take(split.train);
      y = Float64Array.from(split.train, (i) => data.y[i]);
      held = { X: data.X.take(split.test), y: Float64Array.from(split.test, (i) => data.y[i]) };
    }

    const bar = new ProgressBar(io, 'tuning');
    const t0 = performance.now();
    const result = searchHyperparameters(X, y, {
      model: kind,
      space,
      method: iterations === undefined ? 'grid' : 'random',
      iterations,
      folds,
      scoring,
      seed,
      refit: values.out !== undefined || held !== undefined,
      baseline: true,
      onProgress: (p) => bar.update(p.candidate * p.folds + p.fold + 1, p.candidates * p.folds, `candidate ${p.candidate + 1}/${p.candidates}`),
    });
    bar.done();
    const searchMs = performance.now() - t0;

    let comparison: { rows: number; default: number; tuned: number } | undefined;
    if (held && result.fitted) {
      const defaults = fitModel(kind, {}, X, y, seed).model;
      comparison = {
        rows: held.y.length,
        default: score(scoring, held.y, defaults.predictProba(held.X)),
        tuned: score(scoring, held.y, result.fitted.predictProba(held.X)),
      };
    }
    if (typeof values.leaderboard === 'string') await writeOutput(values.leaderboard, leaderboardCsv(result, csvCellsFlag(values)), io);
    if (typeof values.out === 'string' && result.fitted) await writeModelOutput(values.out, result.fitted, io);

    if (values.json) {
      io.out(JSON.stringify({ ...withoutModel(result), searchSeconds: searchMs / 1000, holdout: comparison }, null, 2));
      return;
    }
    io.out(`data        ${data.path}: ${formatNumber(data.nRows)} rows, ${X.nColumns} features, target "${data.target}"` +
      (held ? `; ${formatNumber(held.y.length)} rows held out, tuning on ${formatNumber(y.length)}` : ''));
    io.out(`search      ${result.method}, ${result.leaderboard.length} candidates × ${folds} stratified folds, ${kind}, scoring ${scoring}, ${seconds(searchMs)}`);
    io.out('');
    io.out(leaderboardTable(result, top));
    io.out('');
    io.out(`best        ${JSON.stringify(result.best.options)}`);
    io.out(`refit with  ${JSON.stringify(result.best.refitOptions)}`);
    if (result.baseline) {
      const b = result.baseline;
      const better = result.leaderboard.filter((c) => (scoring === 'auc' ? c.mean > b.mean : c.mean < b.mean)).length;
      io.out(`default     cv ${scoring} ${b.mean.toFixed(4)} ± ${b.sd.toFixed(4)} with ${kind}'s default options (${better} of ${result.leaderboard.length} candidates score better)`);
    }
    if (comparison) {
      io.out(`held out    ${formatNumber(comparison.rows)} rows: default ${kind} ${scoring} ${comparison.default.toFixed(4)}, tuned ${comparison.tuned.toFixed(4)}`);
    }
    if (typeof values.leaderboard === 'string') io.out(`leaderboard ${outputName(values.leaderboard)}`);
    if (typeof values.out === 'string') io.out(`saved       ${values.out}`);
  },
};

function leaderboardTable(r: SearchResult, top: number): string {
  const withRounds = r.leaderboard.some((c) => c.bestRounds);
  const varying = Object.keys(r.best.options).filter((k) => new Set(r.leaderboard.map((c) => JSON.stringify(c.options[k]))).size > 1);
  const rows = r.leaderboard.slice(0, top).map((c) => [
    c.rank, `${c.mean.toFixed(4)} ± ${c.sd.toFixed(4)}`, (c.fitMs / 1000).toFixed(2),
    ...(withRounds ? [c.bestRounds ? String(c.refitOptions.nEstimators) : ''] : []),
    varying.map((k) => `${k}=${formatValue(c.options[k])}`).join(' '),
  ]);
  return table(['rank', `cv ${r.scoring} (mean ± sd)`, 'fit s/fold', ...(withRounds ? ['rounds'] : []), 'options'], rows);
}

function formatValue(v: unknown): string {
  return typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toPrecision(4))) : JSON.stringify(v);
}

function withoutModel(r: SearchResult): Omit<SearchResult, 'fitted'> {
  const { fitted: _, ...rest } = r;
  return rest;
}

/** Reads and validates a search-space file; every problem names the file. */
async function readSpaceFile(path: string, kind: string): Promise<SearchSpace> {
  const text = await readTextInput(path, 'search-space file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CreditkitError('E_OPTION', `the search space is not valid JSON: ${(e as Error).message}`, { file: path });
  }
  return parseSearchSpace(kind, json, path);
}

function usage<T>(f: () => T, message: string): T {
  try {
    return f();
  } catch {
    throw new CreditkitError('E_USAGE', message);
  }
}
