import {
  type CsvOptions, readDataFile, type ColumnKind, stratifiedSplit, splitTarget, CreditkitError, readModelFile,
  saveModelFile, rocAuc, logLoss, GradientBoostingClassifier, isGradientBoosting, GBDTOptions, GBDT_OPTION_TABLE, optionHelp, type OptionSpec, THREAD_RANGE,
} from '../../core.js';
import {
  type Command, ENCODING_FLAG, encodingFlag, encodingHelp, fractionFlag, integerFlag, listFlag, numberFlag,
  requireString, valueFlags,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import type { IntegerRange } from '../../integerRange.js';
import { formatNumber, seconds } from '../format.js';
import { ProgressBar } from '../progress.js';

/** The GBDT options that have a flag, from the option table (all but monotoneConstraints, which has --monotone). */
const OPTION_FLAGS = (Object.entries(GBDT_OPTION_TABLE.options) as [keyof GBDTOptions, OptionSpec][])
  .flatMap(([key, spec]): [flag: string, key: keyof GBDTOptions, spec: OptionSpec][] => (spec.flag === undefined ? [] : [[spec.flag, key, spec]]));

/** The flag's value, read by the option's type: counts and numbers here (E_USAGE), choices by the model (E_OPTION). */
function optionFlag(values: Record<string, unknown>, flag: string, spec: OptionSpec): unknown {
  const t = spec.type;
  if (t.kind === 'integer' && t.range) return integerFlag(values, flag, t.range);
  if (t.kind === 'integer' || t.kind === 'number') return numberFlag(values, flag);
  return values[flag];
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a gradient-boosted PD model on a CSV file',
  usage: 'creditkit train --data F --target COL [--out model.json] [options]',
  help: [
    '  --data F                 training data: CSV or CSV.gz with a header row, Parquet or Arrow (by extension)',
    encodingHelp(27),
    '  --target COL             0/1 default flag column',
    '  --out F                  where to write the model (default model.json)',
    '  --drop A,B               columns that are not features (ids, dates, leakage)',
    '  --positive LABEL         the default label of a text target column',
    '  --valid-ratio R          hold out this stratified share for validation / early stopping',
    '  --monotone A:1,B:-1      monotone constraints on numeric features',
    '  --threads N              grow the trees on N threads (default 1); the model is the same for any N',
    '  --verbose                print where the fit time went (binning, gradients, trees and their histograms,',
    '                           split search, row partition and score updates, evaluation)',
    '  --init-model M           continue this saved GBDT (warm start): keep its trees, add --n-estimators new',
    '                           rounds fitted on --data from its scores; unset options come from M',
    ...OPTION_FLAGS.map(([flag, , spec]) => `  --${flag.padEnd(23)}${optionHelp(spec)}`),
  ].join('\n'),
  options: {
    ...valueFlags('data', 'target', 'out', 'drop', 'positive', 'valid-ratio', 'monotone', 'threads', 'init-model'),
    ...ENCODING_FLAG,
    ...valueFlags(...OPTION_FLAGS.map(([flag]) => flag)),
    verbose: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'data', 'init-model'), outputs: fileArgs({ out: 'model.json', ...v }, 'out') }),
  async run(values, io) {
    const dataPath = requireString(values, 'data', 'train');
    const target = requireString(values, 'target', 'train');
    const outPath = typeof values.out === 'string' ? values.out : 'model.json';
    const options: Partial<GBDTOptions> = {};
    for (const [flag, key, spec] of OPTION_FLAGS) {
      const v = optionFlag(values, flag, spec);
      if (v !== undefined) (options as Record<string, unknown>)[key] = v;
    }
    const initModel = typeof values['init-model'] === 'string' ? await readInitModel(values['init-model']) : undefined;
    // A continued model keeps the old options unless a flag says otherwise.
    if (initModel) Object.assign(options, { ...initModel.options, ...options });
    if (!initModel || values.monotone !== undefined) options.monotoneConstraints = parseMonotone(listFlag(values, 'monotone'));
    const validRatio = fractionFlag(values, 'valid-ratio');
    const nthreads = integerFlag(values, 'threads', THREAD_RANGE) ?? 1;
    const model = new GradientBoostingClassifier(options);
    if (model.options.earlyStoppingRounds > 0 && validRatio === undefined) {
      throw new CreditkitError('E_USAGE', '--early-stopping-rounds needs --valid-ratio');
    }

    const drop = listFlag(values, 'drop');
    // Dropped columns are read as text: they are never features, so they are not type-checked.
    const ds = await readDataFile(dataPath, { ...(initModel ? initModelSchema(initModel, drop) : { types: Object.fromEntries(drop.map((c) => [c, 'categorical' as const])) }), encoding: encodingFlag(values) });
    const { X, y } = splitTarget(drop.length > 0 ? ds.drop(drop) : ds, target, { positive: values.positive as string | undefined });
    let trainX = X;
    let trainY = y;
    let valid: { X: typeof X; y: Float64Array } | undefined;
    if (validRatio !== undefined) {
      const split = stratifiedSplit(y, 1 - validRatio, model.options.seed);
      trainX = X.take(split.train);
      trainY = Float64Array.from(split.train, (i) => y[i]);
      valid = { X: X.take(split.test), y: Float64Array.from(split.test, (i) => y[i]) };
    }

    const bar = new ProgressBar(io, 'training');
    const t0 = performance.now();
    model.fit(trainX, trainY, {
      initModel,
      nthreads,
      profile: values.verbose === true,
      evalSet: valid,
      onProgress: (p) => bar.update(p.iteration, p.total, p.evalScore !== undefined ? `valid ${model.options.evalMetric} ${p.evalScore.toFixed(4)}` : ''),
    });
    const fitMs = performance.now() - t0;
    bar.done();

    const trainP = model.predictProba(trainX);
    io.out(`data        ${dataPath}: ${formatNumber(ds.nRows)} rows, ${X.nColumns} features, target "${target}"`);
    io.out(`train       ${formatNumber(trainY.length)} rows, default rate ${formatNumber(mean(trainY))}, AUC ${rocAuc(trainY, trainP).toFixed(4)}, logloss ${logLoss(trainY, trainP).toFixed(4)}`);
    if (valid) {
      const vp = model.predictProba(valid.X);
      io.out(`validation  ${formatNumber(valid.y.length)} rows, AUC ${rocAuc(valid.y, vp).toFixed(4)}, logloss ${logLoss(valid.y, vp).toFixed(4)}` +
        (model.options.earlyStoppingRounds > 0 ? `, best round ${model.bestIteration + 1}` : ''));
    }
    io.out(initModel
      ? `model       ${initModel.nTrees} trees from ${values['init-model'] as string} + ${model.nTrees - initModel.nTrees} new, fitted in ${seconds(fitMs)}`
      : `model       ${model.nTrees} trees, fitted in ${seconds(fitMs)}`);
    if (values.verbose && model.fitStats) {
      const st = model.fitStats;
      const ms = (v: number) => `${v.toFixed(1)} ms`;
      io.out(`fit stages  binning ${ms(st.binning)}, gradients ${ms(st.gradients)}, tree growth ${ms(st.grow)} ` +
        `(${st.rounds} rounds, ${st.leaves} leaves), traversal ${ms(st.traversal)}, evaluation ${ms(st.evaluation)}`);
      const g = st.growStages;
      if (g) {
        io.out(`tree growth histograms ${ms(g.histogram)}, split search ${ms(g.split)}, row partition ${ms(g.partition)}, ` +
          `score updates ${ms(g.leaves)}${nthreads > 1 ? ' (this thread, waits for the others included)' : ''}`);
      }
    }
    await saveModelFile(outPath, model);
    io.out(`saved       ${outPath}`);
  },
};

/** The model to continue: a gradient-boosting model file (creditkit or XGBoost JSON). */
async function readInitModel(path: string): Promise<GradientBoostingClassifier> {
  const m = await readModelFile(path);
  if (!isGradientBoosting(m)) throw new CreditkitError('E_USAGE', '--init-model needs a gradient-boosting model', { file: path });
  return m;
}

/** Reads the new data's feature columns as the old model saw them (kinds and dictionaries). */
function initModelSchema(m: GradientBoostingClassifier, drop: string[]): CsvOptions {
  // No prototype: any feature name ("constructor", "__proto__") is an own key.
  const types = Object.assign(Object.create(null) as Record<string, ColumnKind>, Object.fromEntries(drop.map((c): [string, ColumnKind] => [c, 'categorical'])));
  const categories = Object.create(null) as Record<string, readonly string[]>;
  for (const f of m.featureSpecs) {
    if (drop.includes(f.name)) throw new CreditkitError('E_USAGE', `--drop removes "${f.name}", a feature of the --init-model`);
    types[f.name] = f.kind;
    if (f.categories) categories[f.name] = f.categories;
  }
  return { types, categories };
}

function parseMonotone(items: string[]): Record<string, -1 | 0 | 1> {
  const out: Record<string, -1 | 0 | 1> = {};
  for (const item of items) {
    const at = item.lastIndexOf(':');
    const dir = Number(item.slice(at + 1));
    if (at <= 0 || (dir !== 1 && dir !== -1 && dir !== 0)) {
      throw new CreditkitError('E_USAGE', `--monotone takes NAME:1 or NAME:-1 items, got "${item}"`);
    }
    out[item.slice(0, at)] = dir as -1 | 0 | 1;
  }
  return out;
}

function mean(y: Float64Array): number {
  let s = 0;
  for (const v of y) s += v;
  return s / y.length;
}
