import { type Dataset, CreditkitError, MODEL_KINDS, type CompareResult, compareModels, COMPARE_REPEAT_RANGE } from '../../core.js';
import { smeDatasets, withCreditRating, loadSmeData } from '../../sme/index.js';
import { type CliIO, type Command, csvInputHelp, csvTextFlags, integerFlag, listFlag, numberFlag, valueFlags } from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { LABELLED_DATA_FLAGS, readLabelledData } from '../labelledData.js';
import { modelOptionsFlag } from '../optionsPerKindFlag.js';
import { table } from '../format.js';
import { ProgressBar } from '../progress.js';
import { idColumnHelp } from '../idColumnFlags.js';

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare models on repeated stratified splits (AUC, precision, recall, F1, KS, fit time)',
  deprecatedFlags: { models: 'kinds' },
  usage: 'creditkit compare (--data F --target COL | --sme DIR) [--kinds gbdt,logistic,...] [--train-ratios 0.7,0.8] [--repeats 20] [--json]',
  help: [
    '  --data F             labelled rows, CSV or CSV.gz',
    csvInputHelp(23),
    '  --target COL         0/1 default flag column',
    '  --positive LABEL     the default label of a text target column',
    '  --drop A,B           columns that are not features (dates, leakage)',
    idColumnHelp(23),
    '  --sme DIR            instead of --data: the rated firms of CUMCM 2020 C (e.g. data/cumcm),',
    '                       invoice features per firm, target = defaulted',
    '  --with-rating        with --sme: add the bank\'s credit rating (A-D as 1-4) as a feature',
    '  --kinds A,B          model kinds (default: all). Known: ' + Object.keys(MODEL_KINDS).join(', '),
    '  --model-options JSON options per model, e.g. \'{"svm":{"kernel":"rbf"},"mlp":{"hiddenLayerSizes":[16]}}\'',
    '  --train-ratios R,S   training shares (default 0.7,0.8)',
    '  --repeats N          stratified splits per share (default 20)',
    '  --seed S             repeat r uses split seed S + r, the same for every model (default 0)',
    '  --threshold T        PD cut-off for precision/recall/F1 (default: each test set\'s KS-optimal cut-off)',
    '  --json               print the summary and every run as JSON',
  ].join('\n'),
  options: {
    ...LABELLED_DATA_FLAGS,
    ...valueFlags('sme', 'kinds', 'model-options', 'train-ratios', 'repeats', 'seed', 'threshold'),
    'with-rating': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'data', 'sme'), outputs: [] }),
  async run(values, io) {
    const known = Object.keys(MODEL_KINDS);
    const models = values.kinds === undefined ? known : listFlag(values, 'kinds');
    const unknown = models.filter((m) => !known.includes(m));
    if (models.length === 0 || unknown.length > 0) {
      throw new CreditkitError('E_USAGE', `unknown model${unknown.length === 1 ? '' : 's'} ${unknown.map((m) => `"${m}"`).join(', ') || '(none given)'} in --kinds (known: ${known.join(', ')})`);
    }
    const trainRatios = values['train-ratios'] === undefined ? [0.7, 0.8] : listFlag(values, 'train-ratios').map((r) => {
      const v = Number(r);
      if (!(v > 0 && v < 1)) throw new CreditkitError('E_USAGE', `--train-ratios must be numbers between 0 and 1, got "${r}"`);
      return v;
    });
    const repeats = integerFlag(values, 'repeats', COMPARE_REPEAT_RANGE) ?? 20;
    const seed = numberFlag(values, 'seed') ?? 0;
    if (!Number.isInteger(seed)) throw new CreditkitError('E_USAGE', `--seed must be an integer, got ${seed}`);
    const threshold = numberFlag(values, 'threshold');
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new CreditkitError('E_USAGE', `--threshold must be in [0, 1], got ${threshold}`);
    const modelOptions = modelOptionsFlag(values, 'model-options');

    const { X, y, label } = await readData(values, io);
    const bar = new ProgressBar(io, 'comparing');
    let result: CompareResult;
    try {
      result = compareModels(X, y, {
        models, modelOptions, trainRatios, repeats, seed, threshold: threshold ?? 'ks',
        onProgress: (p) => bar.update(p.done, p.total, `${p.model} ${p.trainRatio} #${p.repeat + 1}`),
      });
    } catch (e) {
      // Options of the models are flags here: report them as usage errors.
      if (e instanceof CreditkitError && e.code === 'E_OPTION') throw new CreditkitError('E_USAGE', e.message);
      throw e;
    } finally {
      bar.done();
    }
    if (values.json) {
      io.out(JSON.stringify({ data: label, features: X.names, threshold: threshold ?? 'ks', seed, ...result }, null, 2));
      return;
    }
    io.out(`${label}: ${result.nRows.toLocaleString('en-US')} rows, ${X.nColumns} features, default rate ${(result.defaultRate * 100).toFixed(2)}%`);
    io.out(`${repeats} stratified splits per training share (seeds ${seed}..${seed + repeats - 1}); mean ± sd on the test sets; ` +
      `precision/recall/F1 at ${threshold === undefined ? 'each test set\'s KS-optimal cut-off' : `PD >= ${threshold}`}`);
    io.out('');
    const pm = (m: { mean: number; sd: number }, digits = 3): string => `${m.mean.toFixed(digits)} ± ${m.sd.toFixed(digits)}`;
    io.out(table(['model', 'train', 'AUC', 'precision', 'recall', 'F1', 'KS', 'fit s'], result.rows.map((r) => [
      r.model, `${Math.round(r.trainRatio * 100)}%`, pm(r.auc), pm(r.precision), pm(r.recall), pm(r.f1), pm(r.ks), r.fitSeconds.mean.toFixed(3),
    ])));
  },
};

async function readData(values: Record<string, string | boolean | undefined>, io: CliIO): Promise<{ X: Dataset; y: Float64Array; label: string }> {
  const sme = values.sme as string | undefined;
  const data = values.data as string | undefined;
  if ((sme === undefined) === (data === undefined)) {
    throw new CreditkitError('E_USAGE', 'give either --data F --target COL or --sme DIR (see: creditkit compare --help)');
  }
  if (sme !== undefined) {
    for (const flag of ['target', 'positive', 'drop']) {
      if (values[flag] !== undefined) throw new CreditkitError('E_USAGE', `--${flag} applies to --data, not to --sme (the target is "defaulted")`);
    }
    const { rated } = smeDatasets(await loadSmeData(sme, csvTextFlags(values)));
    const X = values['with-rating'] ? withCreditRating(rated.X, rated.creditRating) : rated.X;
    return { X, y: rated.y, label: `${sme}: rated firms${values['with-rating'] ? ' (with credit rating)' : ''}` };
  }
  if (values['with-rating']) throw new CreditkitError('E_USAGE', '--with-rating applies to --sme only');
  const { X, y } = await readLabelledData(values, 'compare', io.err);
  return { X, y, label: data! };
}
