import {
  CreditkitError, writeFileAtomic, MODEL_KINDS, checkScoring, informationGain, infoGainCsv, rfeCsv, woeCsv,
  recursiveFeatureElimination, woeBinning, FOLD_RANGE, QUANTILE_BIN_RANGE,
} from '../../core.js';
import {
  type Command, ENCODING_FLAG, encodingHelp, numberFlag, valueFlags, integerFlag, SAFE_CSV_HELP, SAFE_CSV_OPTION,
  csvCellsFlag,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { formatNumber, seconds, table } from '../format.js';
import { jsonObjectFlag, readLabelledData } from '../labelledData.js';
import { modelKindFlag } from '../modelKindFlag.js';
import { ProgressBar } from '../progress.js';

const METHODS = ['iv', 'infogain', 'rfe'] as const;

export const selectCommand: Command = {
  name: 'select',
  summary: 'feature selection: information value (WOE binning), information gain, or RFE with CV',
  usage: 'creditkit select --data F --target COL [--method iv|infogain|rfe] [--model gbdt] [--folds 5] [--out report.csv] [--json]',
  help: [
    '  --data F                 data, CSV or CSV.gz with a header row',
    encodingHelp(27),
    '  --target COL             0/1 default flag column',
    '  --method M               iv (default): WOE / information value from monotone binning;',
    '                           infogain: mutual information with the target; rfe: recursive elimination with CV',
    '  --out F                  write the report as CSV (iv: one row per bin; others: one row per feature)',
    '  --json                   print the full result as JSON (iv: the binning a scorecard can use)',
    '  --bins N                 iv: fine quantile bins to merge from (default 20); infogain: bins (default 10)',
    '  --min-bin-share S        iv: smallest share of rows in a bin (default 0.05)',
    `  --model M                rfe: model kind (default gbdt; known: ${Object.keys(MODEL_KINDS).join(', ')})`,
    `  --options JSON           rfe: model options, e.g. '{"nEstimators": 50, "maxDepth": 3}'`,
    '  --folds K                rfe: stratified CV folds (default 5)',
    '  --step N                 rfe: features dropped per round (default 1; a share if < 1)',
    '  --min-features N         rfe: smallest feature count tried (default 1)',
    '  --rule R                 rfe: best (default) or one-sd (fewest features within one sd of the best)',
    '  --scoring S              rfe: auc (default) or logloss',
    '  --seed S                 rfe: seed of the folds and fits (default 0)',
    '  --drop A,B               columns that are not features',
    '  --positive LABEL         the default label of a text target column',
    SAFE_CSV_HELP,
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...valueFlags('data', 'target', 'method', 'out', 'bins', 'min-bin-share', 'model', 'options', 'folds', 'step', 'min-features', 'rule', 'scoring', 'seed', 'drop', 'positive'),
    ...ENCODING_FLAG,
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'data'), outputs: fileArgs(v, 'out') }),
  async run(values, io) {
    const method = (values.method ?? 'iv') as (typeof METHODS)[number];
    if (!METHODS.includes(method)) throw new CreditkitError('E_USAGE', `--method must be one of ${METHODS.join(', ')}, got "${String(values.method)}"`);
    const kind = modelKindFlag(values);
    const modelOptions = jsonObjectFlag(values, 'options');
    const bins = integerFlag(values, 'bins', QUANTILE_BIN_RANGE);
    const rule = values.rule ?? 'best';
    if (rule !== 'best' && rule !== 'one-sd') throw new CreditkitError('E_USAGE', `--rule must be best or one-sd, got "${String(rule)}"`);
    if (values.scoring !== undefined && values.scoring !== 'auc' && values.scoring !== 'logloss') {
      throw new CreditkitError('E_USAGE', `--scoring must be auc or logloss, got "${String(values.scoring)}"`);
    }
    const data = await readLabelledData(values, 'select');
    const t0 = performance.now();
    let csvText: string;
    let json: unknown;
    let text: string[];
    if (method === 'iv') {
      const binnings = woeBinning(data.X, data.y, { fineBins: bins, minBinShare: numberFlag(values, 'min-bin-share') });
      csvText = woeCsv(binnings, csvCellsFlag(values));
      json = { method, features: binnings };
      text = [table(['rank', 'feature', 'IV', 'strength', 'bins', 'direction'],
        binnings.map((b) => [b.rank, b.feature, b.iv.toFixed(4), b.strength, b.bins.length, b.direction]))];
    } else if (method === 'infogain') {
      const rows = informationGain(data.X, data.y, { bins });
      csvText = infoGainCsv(rows, csvCellsFlag(values));
      json = { method, features: rows };
      text = [table(['rank', 'feature', 'info gain (nats)', 'share of H(y)', 'bins'],
        rows.map((r) => [r.rank, r.feature, r.infoGain.toFixed(5), r.normalized.toFixed(4), r.bins]))];
    } else {
      const folds = integerFlag(values, 'folds', FOLD_RANGE) ?? 5;
      const bar = new ProgressBar(io, 'rfe');
      const r = recursiveFeatureElimination(data.X, data.y, {
        model: kind,
        modelOptions,
        folds,
        step: numberFlag(values, 'step'),
        minFeatures: numberFlag(values, 'min-features'),
        rule,
        scoring: values.scoring === undefined ? undefined : checkScoring(values.scoring),
        seed: numberFlag(values, 'seed'),
        onProgress: (p) => bar.update(p.done, p.total, `fold ${p.fold + 1}/${p.folds}, ${p.nFeatures} features`),
      });
      bar.done();
      csvText = rfeCsv(r, csvCellsFlag(values));
      json = { method, ...r };
      text = [
        table(['features', `cv ${r.scoring} (mean ± sd)`], r.curve.map((p) => [p.nFeatures, `${p.mean.toFixed(4)} ± ${p.sd.toFixed(4)}`])),
        '',
        `selected    ${r.nSelected} features (rule ${r.rule}, importance from ${r.importanceSource === 'model' ? `the model (${kind})` : 'permutation'}): ${r.selected.join(', ')}`,
      ];
    }
    if (typeof values.out === 'string') await writeFileAtomic(values.out, csvText);
    if (values.json) {
      io.out(JSON.stringify(json, null, 2));
      return;
    }
    io.out(`data        ${data.path}: ${formatNumber(data.nRows)} rows, ${data.X.nColumns} features, target "${data.target}"; ${method} in ${seconds(performance.now() - t0)}`);
    io.out('');
    for (const line of text) io.out(line);
    if (typeof values.out === 'string') io.out(`report      ${values.out}`);
  },
};
