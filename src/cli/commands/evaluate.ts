import { printModelNotices } from '../modelNotices.js';
import { evaluateBinary } from '../../core.js';
import { type Command, CSV_INPUT_FLAGS, csvTextFlags, csvInputHelp, numberFlag, requireString, valueFlags } from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { table } from '../format.js';
import { readLabelledForModel } from '../readWithSchema.js';
import { inputName, readModelInput } from '../standardInput.js';

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'measure a model on labelled data (AUC, Gini, KS, logloss, Brier, confusion)',
  usage: 'creditkit evaluate --model M --data F --target COL [--threshold 0.5] [--json]',
  help: [
    '  --model M        a model written by "creditkit train"',
    '  --data F         labelled rows: CSV, CSV.gz, Parquet or Arrow',
    csvInputHelp(19),
    '  --target COL     0/1 default flag column',
    '  --positive LABEL the default label of a text target column',
    '  --threshold T    PD at or above which a row counts as predicted default (default 0.5)',
    '  --json           print the metrics as JSON',
  ].join('\n'),
  options: {
    ...valueFlags('model', 'data', 'target', 'positive', 'threshold'),
    ...CSV_INPUT_FLAGS,
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'model', 'data'), outputs: [] }),
  async run(values, io) {
    const modelPath = requireString(values, 'model', 'evaluate');
    const dataPath = requireString(values, 'data', 'evaluate');
    const target = requireString(values, 'target', 'evaluate');
    const threshold = numberFlag(values, 'threshold') ?? 0.5;
    const model = await readModelInput(modelPath, printModelNotices(io, modelPath));
    const { X, y } = await readLabelledForModel(dataPath, model.featureSpecs, target, values.positive as string | undefined, [], csvTextFlags(values));
    const m = evaluateBinary(y, model.predictProba(X), threshold);
    if (values.json) {
      io.out(JSON.stringify(m, null, 2));
      return;
    }
    io.out(`${inputName(dataPath)}: ${m.rows.toLocaleString('en-US')} rows, default rate ${(m.defaultRate * 100).toFixed(2)}%`);
    io.out(table(['metric', 'value'], [
      ['AUC', m.auc], ['Gini', m.gini], ['KS', m.ks], ['log loss', m.logLoss], ['Brier', m.brier],
    ]));
    io.out('');
    io.out(table(['threshold', 'accuracy', 'precision', 'recall', 'F1', 'TP', 'FP', 'TN', 'FN'], [
      [m.atThreshold, 'given'], [m.atKs, 'KS-optimal'],
    ].map(([c, label]) => {
      const k = c as typeof m.atKs;
      return [`${k.threshold.toFixed(4)} (${label as string})`, k.accuracy, k.precision, k.recall, k.f1, k.tp, k.fp, k.tn, k.fn];
    })));
  },
};
