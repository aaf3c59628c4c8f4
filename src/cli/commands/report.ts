import { basename } from 'node:path';
import { CreditkitError, COMPARE_REPEAT_RANGE, compareModels, compareChampionChallenger, trainChallengers, kindOptions, createModel, MODEL_KINDS, type Classifier, type ComparedModel, atLeast } from '../../core.js';
import { parseStrategyFile, type StrategyFile } from '../../lending/index.js';
import { collectModelReport, buildReport, type ReportInput } from '../../report/index.js';
import { type Command, CSV_INPUT_FLAGS, csvTextFlags, csvInputHelp, integerFlag, listFlag, numberFlag, requireString, valueFlags, optionErrorsAsUsage } from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { formatNumber } from '../format.js';
import { modelOptionsFlag } from '../optionsPerKindFlag.js';
import { readLabelledForModel, unionOfSpecs } from '../readWithSchema.js';
import { readModelInput, readTextInput } from '../standardInput.js';
import { writeOutput, outputName } from '../standardOutput.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'write a self-contained HTML report: model charts, SHAP, champion against challengers, a lending strategy',
  usage: 'creditkit report --model M --data F --target COL [--strategy strategy.json] [--compare gbdt,rf --train train.csv] [--challenger other.json] --out report.html',
  help: [
    '  --model M            a model file ("creditkit train"): the champion; needs --data and --target',
    '  --data F             labelled rows to evaluate it on (CSV or CSV.gz; a holdout, not the training rows)',
    csvInputHelp(23),
    '  --target COL         0/1 default flag column',
    '  --positive LABEL     the default label of a text target column',
    '  --strategy F         a strategy file written by "creditkit optimize --json-out F" (repeatable as a list: a.json,b.json)',
    '  --compare KINDS      challengers: fit these model kinds (gbdt, tree, rf, adaboost, logistic, svm, mlp) on --train',
    '                       with the champion\'s features, then score them with the champion on the --data rows',
    '  --train F            the training rows of the --compare kinds (the champion\'s training data, not the holdout)',
    '  --model-options J    options per kind as JSON, e.g. \'{"gbdt":{"nEstimators":300}}\' (default: each kind\'s defaults;',
    '                       was --compare-options)',
    '  --challenger M       trained model files to compare with the champion on the --data rows (a list: a.json,b.json)',
    '  --compare-repeats N  add the --compare kinds\' repeated stratified splits of --train (mean ± sd over N splits per share)',
    '  --shap-rows N        rows explained with SHAP, drawn at random (default 1000)',
    '  --seed N             seed of the SHAP sample, of the challengers\' fits and of the repeated splits (default 0)',
    '  --title TEXT         the report\'s title',
    '  --out F              the HTML file to write (written atomically)',
    '  --json               print what was written (file, bytes, charts, sections) as JSON',
  ].join('\n'),
  options: {
    ...valueFlags('model', 'data', 'target', 'positive', 'strategy', 'compare', 'train', 'model-options', 'challenger', 'compare-repeats', 'shap-rows', 'seed', 'title', 'out'),
    ...CSV_INPUT_FLAGS,
    json: { type: 'boolean' },
  },
  files: (v) => ({
    inputs: [
      ...fileArgs(v, 'model', 'data', 'train'),
      ...listFlag(v, 'strategy').map((path) => ({ flag: 'strategy', path })),
      ...listFlag(v, 'challenger').map((path) => ({ flag: 'challenger', path })),
    ],
    outputs: fileArgs(v, 'out'),
    standardOutput: ['out'],
  }),
  deprecatedFlags: { 'compare-options': 'model-options' },
  async run(values, io) {
    const outPath = requireString(values, 'out', 'report');
    const modelPath = typeof values.model === 'string' ? values.model : undefined;
    const dataPath = typeof values.data === 'string' ? values.data : undefined;
    const target = typeof values.target === 'string' ? values.target : undefined;
    const trainPath = typeof values.train === 'string' ? values.train : undefined;
    const strategies = listFlag(values, 'strategy');
    const compare = listFlag(values, 'compare');
    const challengerPaths = listFlag(values, 'challenger');
    const seed = numberFlag(values, 'seed') ?? 0;
    if (!Number.isInteger(seed)) throw new CreditkitError('E_USAGE', `--seed must be an integer, got ${seed}`);
    const shapRows = integerFlag(values, 'shap-rows', atLeast(1)) ?? 1000;
    const repeats = integerFlag(values, 'compare-repeats', { ...COMPARE_REPEAT_RANGE, min: 2 });
    const modelOptions = modelOptionsFlag(values, 'model-options');
    checkComparisonFlags({ modelPath, trainPath, compare, challengerPaths, repeats, modelOptions });
    if (!modelPath && !strategies.length) throw new CreditkitError('E_USAGE', 'nothing to report: give --model with --data and --target, or --strategy (see: creditkit report --help)');
    if (modelPath && (!dataPath || !target)) throw new CreditkitError('E_USAGE', '--model needs --data and --target (see: creditkit report --help)');
    checkCompareKinds(compare, modelOptions ?? {}, seed);

    const csvText = csvTextFlags(values);
    // Read and check every input before the slow part.
    const files: { title: string; file: StrategyFile }[] = [];
    for (const path of strategies) {
      const text = await readTextInput(path, 'strategy file');
      files.push({ title: strategies.length === 1 ? 'Lending strategy' : `Lending strategy: ${basename(path)}`, file: parseStrategyFile(text, path) });
    }
    const input: ReportInput = { strategies: files, ...(typeof values.title === 'string' ? { title: values.title } : {}) };
    const subtitle: string[] = [];
    if (modelPath && dataPath && target) {
      const model = await readModelInput(modelPath);
      const names = comparedNames([modelPath, ...challengerPaths]);
      const fileChallengers: ComparedModel[] = [];
      for (const [k, path] of challengerPaths.entries()) {
        const m = await readModelInput(path);
        fileChallengers.push({ name: names[k + 1], model: m, source: `model file (${modelName(m)})` });
      }
      const positive = values.positive as string | undefined;
      // One read of the holdout serves every model: each takes its own columns by name.
      const specs = unionOfSpecs([{ name: names[0], specs: model.featureSpecs }, ...fileChallengers.map((c) => ({ name: c.name, specs: c.model.featureSpecs }))]);
      const { X, y } = await readLabelledForModel(dataPath, specs, target, positive, [], csvText);
      const train = trainPath ? await readLabelledForModel(trainPath, model.featureSpecs, target, positive, [], csvText) : undefined;
      const champion = X.select(model.featureSpecs.map((s) => s.name));
      input.model = await collectModelReport(model, champion, y, { dataName: basename(dataPath), modelName: `${names[0]} (${modelName(model)})`, shapRows, seed });
      subtitle.push(`${names[0]} on ${basename(dataPath)}`);
      if (compare.length || fileChallengers.length) {
        const trained = train ? trainChallengers(compare, train.X, train.y, { seed, dataName: basename(trainPath!), ...(modelOptions ? { modelOptions } : {}) }) : [];
        const comparison = compareChampionChallenger({ name: names[0], model, source: `model file (${modelName(model)})` }, [...trained, ...fileChallengers], X, y);
        input.championChallenger = {
          comparison,
          ...(repeats !== undefined && train ? { repeated: { repeats, rows: compareModels(train.X, train.y, { models: compare, repeats, seed, ...(modelOptions ? { modelOptions } : {}) }).rows } } : {}),
        };
        subtitle.push(`against ${[...trained, ...fileChallengers].map((c) => c.name).join(', ')}`);
      }
    }
    if (files.length) subtitle.push(`${files.length} lending strateg${files.length === 1 ? 'y' : 'ies'}`);
    input.subtitle = subtitle.join('; ');
    const html = await buildReport(input);
    await writeOutput(outPath, html, io);
    const charts = (html.match(/<svg/g) ?? []).length;
    const bytes = Buffer.byteLength(html);
    if (values.json === true) {
      io.out(JSON.stringify({ output: outPath, bytes, charts, subtitle: input.subtitle }));
      return;
    }
    io.out(`wrote ${outputName(outPath)} (${formatNumber(Math.round(bytes / 1024))} KiB, ${charts} charts)`);
  },
};

/** The flags of the champion–challenger comparison, checked together before anything is read. */
function checkComparisonFlags(f: { modelPath?: string; trainPath?: string; compare: string[]; challengerPaths: string[]; repeats?: number; modelOptions?: Record<string, unknown> }): void {
  if (f.compare.length && !f.trainPath) {
    throw new CreditkitError('E_USAGE', '--compare fits challengers on training data: give --train F (the rows the model was trained on), or compare with trained model files via --challenger M. ' +
      'The --data rows are the holdout every model is scored on; fitting a challenger on them would score it on rows it has seen.');
  }
  if (f.trainPath && !f.compare.length) throw new CreditkitError('E_USAGE', '--train is read only to fit the --compare kinds: give --compare KINDS too');
  if (f.modelOptions !== undefined && !f.compare.length) throw new CreditkitError('E_USAGE', '--model-options applies to the --compare kinds: give --compare KINDS too');
  if (f.repeats !== undefined && !f.compare.length) throw new CreditkitError('E_USAGE', '--compare-repeats repeats the --compare kinds\' fits: give --compare KINDS and --train F too');
  if ((f.compare.length || f.challengerPaths.length) && !f.modelPath) {
    throw new CreditkitError('E_USAGE', `${f.compare.length ? '--compare' : '--challenger'} needs --model: the champion the challengers are compared with`);
  }
}

/** Unknown kinds and bad options fail before any file is read. */
function checkCompareKinds(kinds: string[], options: Record<string, Record<string, unknown>>, seed: number): void {
  const known = Object.keys(MODEL_KINDS);
  const unknown = kinds.filter((k) => !known.includes(k));
  if (unknown.length) throw new CreditkitError('E_USAGE', `unknown model${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `"${k}"`).join(', ')} in --compare (known: ${known.join(', ')})`);
  if (new Set(kinds).size !== kinds.length) throw new CreditkitError('E_USAGE', `a kind is named twice in --compare ${kinds.join(',')}`);
  for (const kind of Object.keys(options)) {
    if (!kinds.includes(kind)) throw new CreditkitError('E_USAGE', `--model-options names "${kind}", which is not in --compare ${kinds.join(',')}`);
  }
  for (const kind of kinds) {
    optionErrorsAsUsage(() => createModel(kind, kindOptions(kind, options[kind], seed)), `--model-options ${kind}: `);
  }
}

/** Each model file's name in the table: its file name, or the path as given when two file names are the same. */
function comparedNames(paths: string[]): string[] {
  const names = paths.map((p) => basename(p));
  return names.map((n, k) => (names.indexOf(n) !== names.lastIndexOf(n) ? paths[k] : n));
}

function modelName(model: Classifier): string {
  return String(model.toJSON().name);
}
