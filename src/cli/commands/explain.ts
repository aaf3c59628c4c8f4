import {
  CreditkitError, type ApplicantReasons, reasonsFromContributions, resolveTop, ShapImportanceAccumulator,
  explainerFor, type ModelExplainer, alignColumns, idLabels, scoringSchema,
  CHUNK_ROWS_RANGE, type CsvCellOptions, csvField, atLeast,
} from '../../core.js';
import { printModelNotices } from '../modelNotices.js';
import {
  type Command, CSV_INPUT_FLAGS, csvTextFlags, csvInputHelp, integerFlag, requireString, valueFlags, SAFE_CSV_HELP,
  SAFE_CSV_OPTION, csvCellsFlag,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { formatNumber, seconds, table } from '../format.js';
import { openDataChunks } from '../dataChunks.js';
import { readCsvForModel } from '../readWithSchema.js';
import { withFile } from '../withFile.js';
import { readModelInput } from '../standardInput.js';
import { openOutput, type OutputWriter, outputName } from '../standardOutput.js';

/** Rows read and explained per block by default: bounds the memory held at once. */
const BLOCK_ROWS = 20_000;

export const explainCommand: Command = {
  name: 'explain',
  summary: 'SHAP reason codes per applicant (top features pushing the PD up) and global importance',
  usage: 'creditkit explain --model M --data F [--top 4] [--id COL] [--out reasons.csv] [--json] [--show 10] [--background F]',
  help: [
    '  --model M    a tree model (exact TreeSHAP): gradient boosting, decision tree, random forest,',
    '               AdaBoost, or an XGBoost JSON model; or a linear model (exact linear SHAP):',
    '               logistic regression, or an SVM with the linear kernel',
    '  --data F     applicants, CSV, CSV.gz, Parquet or Arrow with the model\'s feature columns (others are ignored)',
    csvInputHelp(15),
    '  --top K      reasons per applicant (default 4): the K features with the largest positive',
    '               SHAP contribution, i.e. pushing the PD above the model\'s baseline',
    '  --id COL     copy this column into the output to identify applicants (default: "row", 1-based)',
    '  --out F      write one line per applicant: id, pd, then reason_k, value_k, shap_k (log-odds)',
    '               and pd_impact_k (PD points the reason adds) for k = 1..K; written atomically',
    '  --json       print the summary as JSON (with every applicant\'s reasons when there is no --out)',
    '  --show N     without --out: applicants shown on screen (default 10)',
    '  --block-rows N  rows read and explained at a time (default 20000; bounds memory)',
    '  --background F  linear models: rows whose mean is the SHAP baseline (default: the training',
    '               means saved in the model; needed for model files saved before creditkit kept them)',
    SAFE_CSV_HELP,
    '  Always prints global importance: mean |SHAP| per feature over the rows, the signed mean,',
    '  and how often the feature is one of an applicant\'s reasons.',
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...valueFlags('model', 'data', 'top', 'id', 'out', 'show', 'block-rows', 'background'),
    ...CSV_INPUT_FLAGS,
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'model', 'data', 'background'), outputs: fileArgs(v, 'out'), standardOutput: ['out'] }),
  async run(values, io) {
    const modelPath = requireString(values, 'model', 'explain');
    const dataPath = requireString(values, 'data', 'explain');
    const outPath = typeof values.out === 'string' && values.out.length > 0 ? values.out : undefined;
    const idCol = typeof values.id === 'string' && values.id.length > 0 ? values.id : undefined;
    const topFlag = integerFlag(values, 'top', atLeast(1)) ?? 4;
    const blockRows = integerFlag(values, 'block-rows', CHUNK_ROWS_RANGE) ?? BLOCK_ROWS;
    const show = integerFlag(values, 'show', atLeast(0)) ?? 10;
    const cells = csvCellsFlag(values);

    const backgroundPath = typeof values.background === 'string' && values.background.length > 0 ? values.background : undefined;

    const model = await readModelInput(modelPath, printModelNotices(io, modelPath));
    const specs = model.featureSpecs;
    const background = backgroundPath ? await readCsvForModel(backgroundPath, specs, [], csvTextFlags(values)) : undefined;
    let explainer: ModelExplainer;
    try {
      explainer = explainerFor(model, { background });
    } catch (e) {
      if (e instanceof CreditkitError) throw e.locatedAt({ file: e.code === 'E_COLUMN_UNKNOWN' || e.code === 'E_COLUMN_TYPE' ? backgroundPath : modelPath });
      throw e;
    }
    const link = explainer.link;
    const top = resolveTop(topFlag, specs.length);

    const t0 = performance.now();
    const importance = new ShapImportanceAccumulator(specs.map((s) => s.name));
    const asReason = new Float64Array(specs.length);
    const index = new Map(specs.map((s, j) => [s.name, j]));
    const kept: { label: string; a: ApplicantReasons }[] = [];
    const keep = outPath ? 0 : values.json ? Infinity : show;
    let bias = NaN;
    let nRows = 0;

    // The file is read in blocks of rows (bounded memory, as in "score"); each block is
    // explained (TreeSHAP in wasm, linear SHAP in TS) and its lines written before the next is read.
    const input = await openDataChunks(dataPath, scoringSchema(specs, idCol !== undefined ? [idCol] : []), blockRows, csvTextFlags(values));
    const writer: OutputWriter | null = outPath ? await openOutput(outPath, io) : null;
    try {
      if (writer) await writer.write(csvHeader(idCol ?? 'row', top, cells));
      for await (const chunk of input.chunks) {
        const ds = chunk.dataset;
        const m = ds.nRows;
        const ids = idCol ? idLabels(ds.column(idCol), chunk.firstRow) : null;
        const label = (i: number): string => (ids ? ids[i] : String(chunk.firstRow + i + 1));
        const { columns } = withFile(dataPath, () => alignColumns(specs, ds));
        const shap = withFile(dataPath, () => explainer.explain({ columns, nRows: m }));
        bias = shap.bias;
        importance.add(shap.contributions, m);
        const reasons = reasonsFromContributions(
          { contributions: shap.contributions, bias: shap.bias, link, columns, specs, nRows: m, pd: model.predictProba(ds) },
          { top },
        );
        const lines: string[] = [];
        reasons.forEach((a, i) => {
          for (const reason of a.reasons) asReason[index.get(reason.feature)!]++;
          if (writer) lines.push(csvLine(label(i), a, top, cells));
          if (nRows + i < keep) kept.push({ label: label(i), a });
        });
        if (writer) await writer.write(lines.join(''));
        nRows += m;
        if (io.isTTY) {
          const secs = (performance.now() - t0) / 1000;
          io.err(`\rexplaining: ${formatNumber(nRows)} rows, ${formatNumber(Math.round(nRows / Math.max(secs, 1e-9)))} rows/s, ${secs.toFixed(1)}s\x1b[K`);
        }
      }
      if (io.isTTY && nRows > 0) io.err('\r\x1b[K');
      if (nRows === 0) throw new CreditkitError('E_EMPTY_DATA', 'no rows to explain', { file: dataPath });
      await writer?.commit();
    } catch (e) {
      await writer?.abort();
      throw e;
    } finally {
      input.close();
    }
    const secs = (performance.now() - t0) / 1000;
    const baselinePd = link === 'logit' ? 1 / (1 + Math.exp(-bias)) : bias;
    const global = importance.result().map((g) => ({ ...g, reasonShare: asReason[index.get(g.feature)!] / nRows }));
    const unit = link === 'logit' ? 'log-odds' : 'PD';

    if (values.json) {
      io.out(JSON.stringify({
        rows: nRows,
        method: explainer.method,
        model: explainer.size,
        seconds: secs,
        top,
        scale: unit,
        scaleDetail: explainer.scale,
        baseline: { raw: bias, pd: baselinePd },
        importance: global,
        ...(outPath ? { out: outPath } : { applicants: kept.map(({ label: id, a }) => ({ [idCol ?? 'row']: idCol ? id : Number(id), ...a })) }),
      }, null, 2));
      return;
    }
    io.out(`explained ${formatNumber(nRows)} rows with ${explainer.method} (${explainer.size}) in ${seconds(secs * 1000)} `
      + `(${formatNumber(Math.round(nRows / Math.max(secs, 1e-9)))} rows/s)${outPath ? `, wrote ${outputName(outPath)}` : ''}`);
    io.out(`baseline (expected score): ${unit} ${bias.toFixed(4)}, PD ${(baselinePd * 100).toFixed(2)}% (SHAP scale: ${explainer.scale})`);
    io.out('');
    io.out(`global importance over ${formatNumber(nRows)} rows (SHAP in ${unit}):`);
    io.out(table(['feature', 'mean |SHAP|', 'mean SHAP', `top-${top} reason`], global.map((g) => [
      g.feature, g.meanAbs, g.mean, `${(g.reasonShare * 100).toFixed(1)}%`,
    ])));
    if (!outPath && kept.length > 0) {
      io.out('');
      io.out(`reasons (features pushing the PD up; SHAP in ${unit}), first ${formatNumber(kept.length)} of ${formatNumber(nRows)} rows — write all with --out:`);
      io.out(table([idCol ?? 'row', 'pd', 'reasons'], kept.map(({ label: id, a }) => [
        id, a.pd.toFixed(4),
        a.reasons.map((r) => `${r.feature}=${r.value} (+${r.contribution.toFixed(3)})`).join(', ') || '(none: every feature lowers the PD)',
      ])));
    }
  },
};

function csvHeader(idName: string, top: number, cells: CsvCellOptions): string {
  const cols = [csvField(idName, cells), 'pd'];
  for (let k = 1; k <= top; k++) cols.push(`reason_${k}`, `value_${k}`, `shap_${k}`, `pd_impact_${k}`);
  return cols.join(',') + '\n';
}

/** One applicant: id, pd, then four cells per reason (empty when there are fewer reasons than top). */
function csvLine(id: string, a: ApplicantReasons, top: number, options: CsvCellOptions): string {
  const cells = [csvField(id, options), String(a.pd)];
  for (let k = 0; k < top; k++) {
    const r = a.reasons[k];
    if (r) cells.push(csvField(r.feature, options), csvField(r.value, options), String(r.contribution), String(r.pdImpact));
    else cells.push('', '', '', '');
  }
  return cells.join(',') + '\n';
}

