import {
  CreditkitError, MODEL_KINDS, checkScoring, informationGain, infoGainCsv, rfeCsv, woeCsv,
  recursiveFeatureElimination, FOLD_RANGE, QUANTILE_BIN_RANGE, BinningProcess, PREBIN_RANGE,
  MAX_BINS_RANGE, TRENDS, type TrendOption, type WoeOptions, binningTableCsv,
} from '../../core.js';
import {
  type Command, csvInputHelp, numberFlag, valueFlags, integerFlag, SAFE_CSV_HELP, SAFE_CSV_OPTION,
  csvCellsFlag,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { specialValuesFlag } from '../specialValuesFlag.js';
import { formatNumber, seconds, table } from '../format.js';
import { jsonObjectFlag, LABELLED_DATA_FLAGS, notFeatureColumnsHelp, readLabelledData } from '../labelledData.js';
import { modelKindFlag } from '../modelKindFlag.js';
import { ProgressBar } from '../progress.js';
import { writeOutput } from '../standardOutput.js';

const METHODS = ['iv', 'infogain', 'rfe'] as const;

export const selectCommand: Command = {
  name: 'select',
  summary: 'feature selection: information value (optimal WOE binning), information gain, or RFE with CV',
  usage: 'creditkit select --data F --target COL [--method iv|infogain|rfe] [--kind gbdt] [--folds 5] [--out report.csv] [--binning-out F] [--tables F] [--json]',
  help: [
    '  --data F                 data, CSV or CSV.gz with a header row',
    csvInputHelp(27),
    '  --target COL             0/1 default flag column',
    '  --method M               iv (default): WOE / information value from optimal binning (the binning process);',
    '                           infogain: mutual information with the target; rfe: recursive elimination with CV',
    '  --out F                  write the report as CSV (iv: one row per bin; others: one row per feature)',
    '  --json                   print the full result as JSON (iv: the binning a scorecard can use)',
    `  --bins N                 iv: pre-bins the optimizer merges (default 20, ${PREBIN_RANGE.min}..${PREBIN_RANGE.max}); infogain: bins (default 10)`,
    '  --min-bin-share S        iv: smallest share of rows in a bin (default 0.05)',
    `  --max-bins N             iv: most bins per feature, missing and special bins not counted (${MAX_BINS_RANGE.min}..${MAX_BINS_RANGE.max})`,
    `  --trend T                iv: event-rate trend over the bins: ${TRENDS.join(', ')} (default auto)`,
    "  --special-values S       iv: values with a bin of their own, 'COL:v1,v2;COL2:v3' (e.g. 'late30:96,98')",
    '  --min-iv X               iv: features with a lower IV are not selected (default 0.02)',
    '  --max-iv X               iv: features with a higher IV are not selected (default: none)',
    '  --max-correlation R      iv: of two features whose WOE columns correlate beyond R, drop the lower-IV one',
    '  --binning-out F          iv: write the fitted binning process as JSON (BinningProcess.fromJSON reads it)',
    "  --tables F               iv: write every feature's binning table as CSV (optbinning's columns, with a totals row)",
    `  --kind K                 rfe: model kind (default gbdt; known: ${Object.keys(MODEL_KINDS).join(', ')})`,
    `  --options JSON           rfe: model options, e.g. '{"nEstimators": 50, "maxDepth": 3}'`,
    '  --folds K                rfe: stratified CV folds (default 5)',
    '  --step N                 rfe: features dropped per round (default 1; a share if < 1)',
    '  --min-features N         rfe: smallest feature count tried (default 1)',
    '  --rule R                 rfe: best (default) or one-sd (fewest features within one sd of the best)',
    '  --eval-metric M          rfe: auc (default) or logloss (was --scoring)',
    '  --seed S                 rfe: seed of the folds and fits (default 0)',
    notFeatureColumnsHelp(27),
    SAFE_CSV_HELP,
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...LABELLED_DATA_FLAGS,
    ...valueFlags('method', 'out', 'bins', 'min-bin-share', 'max-bins', 'trend', 'special-values', 'min-iv', 'max-iv',
      'max-correlation', 'binning-out', 'tables', 'kind', 'options', 'folds', 'step', 'min-features', 'rule', 'eval-metric', 'seed'),
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'data'), outputs: fileArgs(v, 'out', 'binning-out', 'tables'), standardOutput: ['out', 'binning-out', 'tables'] }),
  deprecatedFlags: { scoring: 'eval-metric', model: 'kind' },
  async run(values, io) {
    const method = (values.method ?? 'iv') as (typeof METHODS)[number];
    if (!METHODS.includes(method)) throw new CreditkitError('E_USAGE', `--method must be one of ${METHODS.join(', ')}, got "${String(values.method)}"`);
    const kind = modelKindFlag(values);
    const modelOptions = jsonObjectFlag(values, 'options');
    const bins = integerFlag(values, 'bins', method === 'iv' ? PREBIN_RANGE : QUANTILE_BIN_RANGE);
    const trend = values.trend;
    if (trend !== undefined && !TRENDS.includes(trend as TrendOption)) throw new CreditkitError('E_USAGE', `--trend must be one of ${TRENDS.join(', ')}, got "${String(trend)}"`);
    const special = typeof values['special-values'] === 'string' ? specialValuesFlag(values['special-values']) : undefined;
    const rule = values.rule ?? 'best';
    if (rule !== 'best' && rule !== 'one-sd') throw new CreditkitError('E_USAGE', `--rule must be best or one-sd, got "${String(rule)}"`);
    if (values['eval-metric'] !== undefined && values['eval-metric'] !== 'auc' && values['eval-metric'] !== 'logloss') {
      throw new CreditkitError('E_USAGE', `--eval-metric must be auc or logloss, got "${String(values['eval-metric'])}"`);
    }
    const data = await readLabelledData(values, 'select', io.err);
    const t0 = performance.now();
    let csvText: string;
    let json: unknown;
    let text: string[];
    if (method === 'iv') {
      const binning: WoeOptions = {
        fineBins: bins,
        minBinShare: numberFlag(values, 'min-bin-share'),
        maxBins: integerFlag(values, 'max-bins', MAX_BINS_RANGE),
        trend: trend as TrendOption | undefined,
      };
      const process = new BinningProcess({
        binning,
        specialValues: special,
        minIv: numberFlag(values, 'min-iv'),
        maxIv: numberFlag(values, 'max-iv'),
        maxCorrelation: numberFlag(values, 'max-correlation'),
      }).fit(data.X, data.y);
      const binnings = [...process.binnings].sort((a, b) => a.rank - b.rank);
      const summary = new Map(process.summary().map((r) => [r.feature, r]));
      csvText = woeCsv(binnings, csvCellsFlag(values));
      json = { method, features: binnings, summary: process.summary(), selected: process.selected };
      text = [
        table(['rank', 'feature', 'IV', 'strength', 'bins', 'trend', 'selected', 'reason'],
          binnings.map((b) => [b.rank, b.feature, b.iv.toFixed(4), b.strength, b.bins.length, b.trend ?? '', summary.get(b.feature)!.selected ? 'yes' : 'no', summary.get(b.feature)!.reason])),
        '',
        `selected    ${process.selected.length} of ${binnings.length} features: ${process.selected.join(', ')}`,
      ];
      if (typeof values['binning-out'] === 'string') await writeOutput(values['binning-out'], JSON.stringify(process.toJSON(), null, 2) + '\n', io);
      if (typeof values.tables === 'string') await writeOutput(values.tables, binningTableCsv(binnings, csvCellsFlag(values)), io);
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
        scoring: values['eval-metric'] === undefined ? undefined : checkScoring(values['eval-metric']),
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
    if (typeof values.out === 'string') await writeOutput(values.out, csvText, io);
    if (values.json) {
      io.out(JSON.stringify(json, null, 2));
      return;
    }
    io.out(`data        ${data.path}: ${formatNumber(data.nRows)} rows, ${data.X.nColumns} features, target "${data.target}"; ${method} in ${seconds(performance.now() - t0)}`);
    io.out('');
    for (const line of text) io.out(line);
    if (typeof values.out === 'string') io.out(`report      ${values.out}`);
    if (method === 'iv' && typeof values['binning-out'] === 'string') io.out(`binning     ${values['binning-out']}`);
    if (method === 'iv' && typeof values.tables === 'string') io.out(`tables      ${values.tables}`);
  },
};
