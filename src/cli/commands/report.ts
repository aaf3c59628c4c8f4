import { basename } from 'node:path';
import { readCsvFile, splitTarget, CreditkitError, writeFileAtomic, readModelFile, COMPARE_REPEAT_RANGE, compareModels, compareOnHoldout, readTextFile, atLeast } from '../../core.js';
import { parseStrategyFile, type StrategyFile } from '../../lending/index.js';
import { collectModelReport, buildReport, type ReportInput } from '../../report/index.js';
import { type Command, ENCODING_FLAG, encodingFlag, encodingHelp, integerFlag, listFlag, numberFlag, requireString, valueFlags } from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { readLabelledForModel } from '../readWithSchema.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'write a self-contained HTML report: model charts, SHAP, a model comparison, a lending strategy',
  usage: 'creditkit report --model M --data F --target COL [--strategy strategy.json] [--compare gbdt,rf,tree] --out report.html',
  help: [
    '  --model M            a model file ("creditkit train"); needs --data and --target',
    '  --data F             labelled rows to evaluate it on (CSV or CSV.gz; a holdout, not the training rows)',
    encodingHelp(23),
    '  --target COL         0/1 default flag column',
    '  --positive LABEL     the default label of a text target column',
    '  --strategy F         a strategy file written by "creditkit optimize --json-out F" (repeatable as a list: a.json,b.json)',
    '  --compare KINDS      also fit these model kinds (gbdt, tree, rf, adaboost, ...) on a 70/30 split of --data and compare them',
    '  --compare-repeats N  add the repeated-split table (mean ± sd over N splits per share) when available',
    '  --shap-rows N        rows explained with SHAP, drawn at random (default 1000)',
    '  --seed N             seed of the SHAP sample and the comparison split (default 0)',
    '  --title TEXT         the report\'s title',
    '  --out F              the HTML file to write (written atomically)',
  ].join('\n'),
  options: {
    ...valueFlags('model', 'data', 'target', 'positive', 'strategy', 'compare', 'compare-repeats', 'shap-rows', 'seed', 'title', 'out'),
    ...ENCODING_FLAG,
  },
  files: (v) => ({ inputs: [...fileArgs(v, 'model', 'data'), ...listFlag(v, 'strategy').map((path) => ({ flag: 'strategy', path }))], outputs: fileArgs(v, 'out') }),
  async run(values, io) {
    const outPath = requireString(values, 'out', 'report');
    const modelPath = typeof values.model === 'string' ? values.model : undefined;
    const dataPath = typeof values.data === 'string' ? values.data : undefined;
    const target = typeof values.target === 'string' ? values.target : undefined;
    const strategies = listFlag(values, 'strategy');
    const compare = listFlag(values, 'compare');
    const seed = numberFlag(values, 'seed') ?? 0;
    const shapRows = integerFlag(values, 'shap-rows', atLeast(1)) ?? 1000;
    const repeats = integerFlag(values, 'compare-repeats', { ...COMPARE_REPEAT_RANGE, min: 2 });
    if (!modelPath && !strategies.length && !compare.length) throw new CreditkitError('E_USAGE', 'nothing to report: give --model with --data and --target, --compare with --data and --target, or --strategy (see: creditkit report --help)');
    if ((modelPath || compare.length) && (!dataPath || !target)) throw new CreditkitError('E_USAGE', `${modelPath ? '--model' : '--compare'} needs --data and --target (see: creditkit report --help)`);

    const encoding = encodingFlag(values);
    // Read and check every input before the slow part.
    const files: { title: string; file: StrategyFile }[] = [];
    for (const path of strategies) {
      const text = await readTextFile(path, 'strategy file');
      files.push({ title: strategies.length === 1 ? 'Lending strategy' : `Lending strategy: ${basename(path)}`, file: parseStrategyFile(text, path) });
    }
    const input: ReportInput = { strategies: files, ...(typeof values.title === 'string' ? { title: values.title } : {}) };
    const subtitle: string[] = [];
    if (dataPath && target) {
      const model = modelPath ? await readModelFile(modelPath) : undefined;
      const positive = values.positive as string | undefined;
      const { X, y } = model ? await readLabelledForModel(dataPath, model.featureSpecs, target, positive, [], encoding) : splitTarget(await readCsvFile(dataPath, { encoding }), target, { positive });
      if (model) {
        input.model = await collectModelReport(model, X, y, { dataName: basename(dataPath), modelName: `${basename(modelPath!)} (${model.toJSON().name})`, shapRows, seed });
        subtitle.push(`${basename(modelPath!)} on ${basename(dataPath)}`);
      }
      if (compare.length) {
        const holdout = compareOnHoldout(X, y, compare, { seed });
        input.comparison = { holdout, ...(repeats !== undefined ? { repeated: { repeats, rows: compareModels(X, y, { models: compare, repeats, seed }).rows } } : {}) };
        subtitle.push(`comparison of ${compare.join(', ')}`);
      }
    }
    if (files.length) subtitle.push(`${files.length} lending strateg${files.length === 1 ? 'y' : 'ies'}`);
    input.subtitle = subtitle.join('; ');
    const html = await buildReport(input);
    await writeFileAtomic(outPath, html);
    io.out(`wrote ${outPath} (${(html.length / 1024).toFixed(0)} KiB, ${(html.match(/<svg/g) ?? []).length} charts)`);
  },
};
