import {
  type CsvOptions, type ColumnKind, type Dataset, stratifiedSplit, CreditkitError, rocAuc, logLoss, GradientBoostingClassifier, isGradientBoosting, THREAD_RANGE, createModel, MODEL_KINDS,
  isTreeModel, type Classifier, setProtectedAttributes, protectedAttributesOf, ScorecardModel, scorecardLeftOutText, type RejectedCharacteristic,
} from '../../core.js';
import {
  type Command, CSV_INPUT_FLAGS, csvTextFlags, csvInputHelp, fractionFlag, integerFlag, listFlag,
  requireString, valueFlags,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { formatNumber, seconds } from '../format.js';
import { modelKindFlag } from '../modelKindFlag.js';
import { DEDICATED_OPTION_FLAGS, booleanOptionFlags, kindHasOption, optionsFromFlags, kindsWithOption, modelOptionFlags, modelOptionsHelp, optionsFlagIsFile, optionsFlagObject } from '../kindOptionFlags.js';
import { PhaseProgress } from '../phaseProgress.js';
import { ID_COLUMN_FLAGS, idColumnFlags, idColumnNotice } from '../idColumnFlags.js';
import { defaultRate, notFeatureColumnsHelp } from '../labelledData.js';
import { specialValuesFlag } from '../specialValuesFlag.js';
import { checkColumnRoles, readTrainingFile, readValidationFile, type LabelledRows, type TrainingColumns } from '../trainingData.js';
import { inputName, readModelInput } from '../standardInput.js';
import { writeModelOutput, outputName } from '../standardOutput.js';

/** The command's own flags; every other flag sets an option of the --kind of model. */
export const COMMAND_FLAGS = [
  'data', 'target', 'out', 'kind', 'options', 'drop', 'positive', 'valid-ratio', 'valid', 'weight', 'categorical', 'special-values', 'protected',
  'monotone', 'threads', 'init-model',
];

/** Flag → option key, for the options of every model kind (from their option tables). */
const OPTION_FLAGS = modelOptionFlags(new Set([...COMMAND_FLAGS, ...Object.keys(ID_COLUMN_FLAGS), 'encoding', 'delimiter', 'verbose', 'json', 'help']));

export const trainCommand: Command = {
  name: 'train',
  summary: 'train a PD model of any kind (gradient boosting by default) on a CSV file',
  usage: 'creditkit train --data F --target COL [--kind KIND] [--out model.json] [options]',
  deprecatedFlags: { model: 'kind' },
  bareTrueFlags: booleanOptionFlags(OPTION_FLAGS),
  help: [
    '  --data F                 training data: CSV or CSV.gz with a header row, Parquet or Arrow (by extension)',
    csvInputHelp(27),
    '  --target COL             0/1 default flag column',
    '  --out F                  where to write the model (default model.json)',
    `  --kind KIND              model kind (default gbdt): ${Object.keys(MODEL_KINDS).join(', ')}`,
    '  --options JSON|F         the kind\'s options as a JSON object, or a file holding one, e.g. \'{"maxDepth": 4}\'',
    '                           (an option given both here and as a flag is an error)',
    notFeatureColumnsHelp(27, ' (dates, leakage)'),
    '  --valid-ratio R          hold out this stratified share for validation / early stopping',
    '  --valid F                a separate validation or out-of-time file with the training columns (read with the',
    '                           training\'s kinds and categories), reported and used for early stopping',
    '  --weight COL             sample weights from this column (numbers >= 0; not a feature)',
    '  --categorical A,B        read these columns as categories even when their cells are numbers',
    '  --special-values S       \'COL:v1,v2;COL2:v3\': values of numeric columns that are codes, not amounts (e.g. -999,',
    `                           or 96 and 98); the specialValues option (kinds: ${kindsWithOption('specialValues').join(', ') || 'none yet'})`,
    '  --protected A,B          protected attributes (sex, age, ...): never features; recorded in the model file',
    '  --monotone A:1,B:-1      monotone constraints on numeric features (gbdt)',
    '  --threads N              gbdt: read a plain CSV and grow the trees on N threads (default 1); the model is the same for any N',
    '  --verbose                gbdt: print where the fit time went (binning, gradients, trees and their histograms,',
    '                           split search, row partition and score updates, evaluation)',
    '  --init-model M           gbdt: continue this saved GBDT (warm start): keep its trees, add --n-estimators new',
    '                           rounds fitted on --data from its scores; unset options come from M',
    '  --json                   print the summary (data, model, metrics) as JSON instead of text',
    ...modelOptionsHelp(27),
  ].join('\n'),
  options: {
    ...valueFlags(...COMMAND_FLAGS),
    ...CSV_INPUT_FLAGS,
    ...valueFlags(...OPTION_FLAGS.keys()),
    verbose: { type: 'boolean' },
    ...ID_COLUMN_FLAGS,
    json: { type: 'boolean' },
  },
  files: (v) => ({
    inputs: [...fileArgs(v, 'data', 'valid', 'init-model'), ...(optionsFlagIsFile(v.options) ? fileArgs(v, 'options') : [])],
    outputs: fileArgs({ out: 'model.json', ...v }, 'out'),
    standardOutput: ['out'],
  }),
  async run(values, io) {
    const dataPath = requireString(values, 'data', 'train');
    const target = requireString(values, 'target', 'train');
    const outPath = typeof values.out === 'string' ? values.out : 'model.json';
    const kind = modelKindFlag(values);
    const gbdt = kind === 'gbdt';
    for (const flag of ['threads', 'verbose', 'init-model']) {
      if (!gbdt && values[flag] !== undefined) throw new CreditkitError('E_USAGE', `--${flag} applies to --kind gbdt only, not to --kind ${kind}`);
    }
    const fromJson = await optionsFlagObject(values.options);
    const options = optionsFromFlags(values, kind, OPTION_FLAGS, fromJson);
    const initModel = typeof values['init-model'] === 'string' ? await readInitModel(values['init-model']) : undefined;
    // A continued model keeps the old options unless a flag says otherwise.
    if (initModel) Object.assign(options, { ...initModel.options, ...options });
    let monotone: Record<string, -1 | 0 | 1> | undefined;
    if (values.monotone !== undefined) {
      dedicatedOption(kind, 'monotoneConstraints', fromJson);
      options.monotoneConstraints = monotone = parseMonotone(listFlag(values, 'monotone'));
    }
    let specialValues: Record<string, number[]> | undefined;
    if (values['special-values'] !== undefined) {
      dedicatedOption(kind, 'specialValues', fromJson);
      options.specialValues = specialValues = specialValuesFlag(String(values['special-values']));
    }
    const weight = typeof values.weight === 'string' ? values.weight : undefined;
    if (weight !== undefined && !MODEL_KINDS[kind].sampleWeights) {
      const kinds = Object.keys(MODEL_KINDS).filter((k) => MODEL_KINDS[k].sampleWeights);
      throw new CreditkitError('E_USAGE', `--weight: --kind ${kind} does not take sample weights (kinds that do: ${kinds.join(', ') || 'none'})`);
    }
    const validRatio = fractionFlag(values, 'valid-ratio');
    const validPath = typeof values.valid === 'string' ? values.valid : undefined;
    if (validRatio !== undefined && validPath !== undefined) throw new CreditkitError('E_USAGE', 'give --valid-ratio or --valid, not both');
    const nthreads = integerFlag(values, 'threads', THREAD_RANGE) ?? 1;
    const model = createModel(kind, options);
    const earlyStopping = earlyStoppingRounds(model);
    if (earlyStopping > 0 && validRatio === undefined && validPath === undefined) {
      throw new CreditkitError('E_USAGE', '--early-stopping-rounds needs --valid-ratio or --valid');
    }

    const columns: TrainingColumns = {
      target, positive: values.positive as string | undefined, drop: listFlag(values, 'drop'),
      categorical: listFlag(values, 'categorical'), weight, protected: listFlag(values, 'protected'),
      ...idColumnFlags(values),
    };
    checkColumnRoles(columns, [
      { flag: '--monotone', names: Object.keys(monotone ?? {}) },
      { flag: '--special-values', names: Object.keys(specialValues ?? {}) },
      { flag: '--init-model (one of its features)', names: initModel?.featureSpecs.map((f) => f.name) ?? [] },
    ]);
    const csvText = csvTextFlags(values);
    const progress = new PhaseProgress(io);
    const onRead = (p: { bytesRead: number; totalBytes: number }): void => progress.update(p.bytesRead, p.totalBytes, { bytes: true });
    progress.start('reading');
    // A plain CSV is read on the --threads threads too, each reading its own byte ranges (bench/RESULTS.md §45).
    let read: LabelledRows | undefined = await readTrainingFile(dataPath, columns, initModel ? initModelSchema(initModel, columns.drop) : undefined, { ...csvText, onProgress: onRead, threads: nthreads });
    if (specialValues) checkSpecialValueColumns(specialValues, read.ds, read.X, dataPath);
    const { idColumns, idDetected } = read;
    if (idDetected) {
      for (const name of idColumns) io.err(idColumnNotice(name));
    }
    for (const name of columns.protected) {
      if (!columns.drop.includes(name)) io.err(`creditkit: note: --protected "${name}" is not used as a feature\n`);
    }
    const rowsRead = read.ds.nRows;
    const featureNames = read.X.names;
    let trainX = read.X;
    let trainY = read.y;
    let trainW = read.weights;
    let valid: { X: Dataset; y: Float64Array; sampleWeight?: Float64Array } | undefined;
    if (validRatio !== undefined) {
      const { y, weights } = read;
      const split = stratifiedSplit(y, 1 - validRatio, modelSeed(model));
      trainX = read.X.take(split.train);
      trainY = Float64Array.from(split.train, (i) => y[i]);
      trainW = weights && Float64Array.from(split.train, (i) => weights[i]);
      valid = { X: read.X.take(split.test), y: Float64Array.from(split.test, (i) => y[i]), sampleWeight: weights && Float64Array.from(split.test, (i) => weights[i]) };
    } else if (validPath !== undefined) {
      progress.start('reading --valid');
      const v = await readValidationFile(validPath, read.X, columns, { ...csvText, onProgress: onRead, threads: nthreads });
      valid = { X: v.X, y: v.y, sampleWeight: v.weights };
    }
    // Only the rows to fit and validate on are kept: with --valid-ratio the file's columns (copied into the two
    // shares) can then be reclaimed before the fit, as can columns that are not features.
    read = undefined;

    progress.start(gbdt ? 'binning' : 'fitting');
    const t0 = performance.now();
    const evalMetric = gbdt ? (model as GradientBoostingClassifier).options.evalMetric : 'logloss';
    try {
      model.fit(trainX, trainY, {
        ...(gbdt ? { initModel, nthreads, profile: values.verbose === true, onBinned: () => progress.start('trees') } : {}),
        sampleWeight: trainW,
        evalSet: valid,
        onProgress: (p) => progress.update(p.iteration, p.total, { extra: p.evalScore !== undefined ? `valid ${evalMetric} ${p.evalScore.toFixed(4)}` : '' }),
      });
    } catch (e) {
      // A fit error about a whole column (a scorecard characteristic with one value, a special value that never
      // occurs, no binning meeting the constraints) is about the training file's column: name the file too.
      const w = e instanceof CreditkitError ? e.where : undefined;
      if (w?.column !== undefined && w.file === undefined && w.line === undefined && w.row === undefined) throw (e as CreditkitError).locatedAt({ file: inputName(dataPath) });
      throw e;
    }
    const fitMs = performance.now() - t0;
    progress.start('metrics');

    const trainP = model.predictProba(trainX);
    const summary: TrainSummary = {
      data: dataPath, rows: rowsRead, features: featureNames, target, model: kind,
      train: { rows: trainY.length, defaultRate: defaultRate(trainY), auc: rocAuc(trainY, trainP), logloss: logLoss(trainY, trainP) },
      fitSeconds: fitMs / 1000,
      out: outPath,
      idColumns,
    };
    if (valid) {
      const vp = model.predictProba(valid.X);
      summary.validation = { ...(validPath === undefined ? {} : { file: validPath }), rows: valid.y.length, defaultRate: defaultRate(valid.y), auc: rocAuc(valid.y, vp), logloss: logLoss(valid.y, vp) };
      if (earlyStopping > 0) summary.validation.bestRound = (model as GradientBoostingClassifier).bestIteration + 1;
    }
    if (isTreeModel(model)) summary.trees = model.treeEnsemble().trees.length;
    if (model instanceof ScorecardModel && model.rejected.length > 0) summary.leftOut = structuredClone([...model.rejected]);
    if (initModel) summary.initModel = { file: values['init-model'] as string, trees: initModel.nTrees };
    if (weight !== undefined) summary.weight = weight;
    // A continued model keeps the protected attributes of the one it continues.
    const protectedNames = [...new Set([...columns.protected, ...(initModel ? protectedAttributesOf(initModel) : [])])];
    if (protectedNames.length > 0) {
      setProtectedAttributes(model, protectedNames);
      summary.protected = protectedNames;
    }
    progress.start('saving');
    await writeModelOutput(outPath, model, io);
    progress.done();
    summary.phaseSeconds = Object.fromEntries(progress.phaseTimes().map((t) => [t.phase, t.ms / 1000]));
    summary.readSeconds = progress.phaseTimes().filter((t) => t.phase.startsWith('reading')).reduce((a, t) => a + t.ms / 1000, 0);
    if (values.json) {
      io.out(JSON.stringify(summary, null, 2));
      return;
    }
    io.out(`data        ${inputName(dataPath)}: ${formatNumber(rowsRead)} rows, ${featureNames.length} features, target "${target}"` +
      (idColumns.length > 0 ? `, id ${idColumns.map((n) => `"${n}"`).join(', ')}` : ''));
    io.out(`train       ${formatNumber(trainY.length)} rows, default rate ${formatNumber(summary.train.defaultRate)}, AUC ${summary.train.auc.toFixed(4)}, logloss ${summary.train.logloss.toFixed(4)}`);
    if (summary.validation) {
      const v = summary.validation;
      io.out(`validation  ${v.file === undefined ? '' : `${v.file}: `}${formatNumber(v.rows)} rows, ${v.file === undefined ? '' : `default rate ${formatNumber(v.defaultRate)}, `}AUC ${v.auc.toFixed(4)}, logloss ${v.logloss.toFixed(4)}` +
        (v.bestRound !== undefined ? `, best round ${v.bestRound}` : ''));
    }
    io.out(modelLine(kind, model, summary, fitMs));
    if (summary.leftOut) io.out(`left out    ${scorecardLeftOutText(summary.leftOut)}`);
    if (values.verbose && gbdt) {
      io.out(`phases      ${progress.summary()}`);
      printFitStages(io, model as GradientBoostingClassifier, nthreads);
    }
    io.out(`saved       ${outputName(outPath)}`);
  },
};

/** What `--json` prints. */
interface TrainSummary {
  data: string;
  rows: number;
  features: string[];
  target: string;
  model: string;
  train: { rows: number; defaultRate: number; auc: number; logloss: number };
  /** Columns left out as ids (`--id`, or detected). */
  idColumns: string[];
  /** The --valid file, or the --valid-ratio share held out. */
  validation?: { file?: string; rows: number; defaultRate: number; auc: number; logloss: number; bestRound?: number };
  /** The sample-weight column (the metrics are unweighted). */
  weight?: string;
  /** The --protected columns, recorded in the model file. */
  protected?: string[];
  trees?: number;
  /** Scorecard: the characteristics it left out, and why. */
  leftOut?: RejectedCharacteristic[];
  initModel?: { file: string; trees: number };
  fitSeconds: number;
  /** Reading the data (and the --valid file), in seconds. */
  readSeconds?: number;
  /** Wall time of each phase: reading, binning and trees (gbdt) or fitting, metrics, saving. */
  phaseSeconds?: Record<string, number>;
  out: string;
}

function modelLine(kind: string, model: Classifier, s: TrainSummary, fitMs: number): string {
  if (s.initModel) return `model       ${s.initModel.trees} trees from ${s.initModel.file} + ${s.trees! - s.initModel.trees} new, fitted in ${seconds(fitMs)}`;
  if (kind === 'gbdt') return `model       ${s.trees!} trees, fitted in ${seconds(fitMs)}`;
  const size = s.trees === undefined ? '' : `, ${s.trees} tree${s.trees === 1 ? '' : 's'}`;
  return `model       ${kind} (${String(model.toJSON().name)}${size}), fitted in ${seconds(fitMs)}`;
}

function printFitStages(io: { out(text: string): void }, model: GradientBoostingClassifier, nthreads: number): void {
  const st = model.fitStats;
  if (!st) return;
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  io.out(`fit stages  binning ${ms(st.binning)}, gradients ${ms(st.gradients)}, tree growth ${ms(st.grow)} ` +
    `(${st.rounds} rounds, ${st.leaves} leaves), traversal ${ms(st.traversal)}, evaluation ${ms(st.evaluation)}`);
  const g = st.growStages;
  if (g) {
    io.out(`tree growth histograms ${ms(g.histogram)}, split search ${ms(g.split)}, row partition ${ms(g.partition)}, ` +
      `score updates ${ms(g.leaves)}${nthreads > 1 ? ' (this thread, waits for the others included)' : ''}`);
  }
  if (st.threads) {
    io.out(`threads     ${st.threads.map((t, k) => `thread ${k} waited ${ms(t.wait)} at ${t.meetings} meetings`).join('; ')}`);
  }
}

/**
 * Special values go with numeric features: E_COLUMN_UNKNOWN for a column the
 * file lacks, E_USAGE for one that is not a feature, E_COLUMN_TYPE for a
 * categorical one.
 */
function checkSpecialValueColumns(special: Record<string, number[]>, ds: Dataset, X: Dataset, file: string): void {
  for (const name of Object.keys(special)) {
    if (!ds.has(name)) throw new CreditkitError('E_COLUMN_UNKNOWN', `--special-values names "${name}", a column the file does not have (columns are: ${ds.names.join(', ')})`, { file, column: name });
    if (!X.has(name)) throw new CreditkitError('E_USAGE', `--special-values names "${name}", which is not a feature (target, --drop, --weight or --protected)`, { column: name });
    if (X.column(name).kind !== 'numeric') throw new CreditkitError('E_COLUMN_TYPE', `--special-values names "${name}", a categorical feature; special values are numbers of a numeric column`, { file, column: name });
  }
}

/** The model's early-stopping patience (0 for kinds without one). */
function earlyStoppingRounds(model: Classifier): number {
  const v = (model as { options?: { earlyStoppingRounds?: unknown } }).options?.earlyStoppingRounds;
  return typeof v === 'number' ? v : 0;
}

/** The seed of the validation split: the model's own seed when its kind has one, else 0. */
function modelSeed(model: Classifier): number {
  const v = (model as { options?: { seed?: unknown } }).options?.seed;
  return typeof v === 'number' ? v : 0;
}

/** Checks that a dedicated flag (--monotone) sets an option of this kind, and that --options does not set it too. */
function dedicatedOption(kind: string, key: string, fromJson: Record<string, unknown>): void {
  const flag = DEDICATED_OPTION_FLAGS[key];
  if (!kindHasOption(kind, key)) {
    throw new CreditkitError('E_USAGE', `--${flag} sets the ${key} option, which --kind ${kind} does not have (kinds that take it: ${kindsWithOption(key).join(', ') || 'none'})`);
  }
  if (Object.hasOwn(fromJson, key)) throw new CreditkitError('E_USAGE', `--${flag} and "${key}" in --options both set ${key}: give it once`);
}

/** The model to continue: a gradient-boosting model file (creditkit or XGBoost JSON). */
async function readInitModel(path: string): Promise<GradientBoostingClassifier> {
  const m = await readModelInput(path);
  if (!isGradientBoosting(m)) throw new CreditkitError('E_USAGE', '--init-model needs a gradient-boosting model', { file: path });
  return m;
}

/** Reads the new data's feature columns as the old model saw them (kinds and dictionaries). */
function initModelSchema(m: GradientBoostingClassifier, drop: readonly string[]): CsvOptions {
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
