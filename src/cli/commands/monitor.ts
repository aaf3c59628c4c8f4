import {
  type ColumnKind, type Dataset, CreditkitError, type Classifier,
  PSI_EPSILON, type PsiResult, numericPsi, populationStability, sortByPsi, PSI_BIN_RANGE, csvField,
  ScorecardModel, characteristicStability, attributesByCharacteristic, type CharacteristicStability,
} from '../../core.js';
import {
  type Command, CSV_INPUT_FLAGS, csvTextFlags, csvInputHelp, integerFlag, listFlag, requireString, valueFlags,
  SAFE_CSV_HELP, SAFE_CSV_OPTION, csvCellsFlag,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { withFile } from '../withFile.js';
import { inputName, readDataInput, readModelInput } from '../standardInput.js';
import { formatNumber, percent, table } from '../format.js';
import { writeOutput, outputName } from '../standardOutput.js';

/** The name under which the model's PD appears among the features. */
export const MODEL_PD_NAME = '(model PD)';

export const monitorCommand: Command = {
  name: 'monitor',
  summary: 'population stability (PSI) of every feature, and of the model PD, between two datasets',
  usage: 'creditkit monitor --baseline A.csv --current B.csv [--model M] [--bins 10] [--columns a,b | --drop id] [--out psi.csv] [--json]',
  help: [
    '  --baseline F     the reference population (e.g. the training data), CSV or CSV.gz',
    csvInputHelp(19),
    '  --current F      the population to compare (e.g. this month\'s applicants)',
    '  --model M        also compare the distribution of this model\'s PD (the same PSI as its score\'s); for a',
    '                   scorecard also each characteristic over its attributes, with the score shift it causes',
    '  --bins N         quantile bins from the baseline for numeric columns, plus a missing bin (default 10)',
    '  --columns A,B    compare only these columns (default: every baseline column)',
    '  --drop A,B       leave these columns out (ids, dates, the target)',
    '  --out F          write one line per column: name, kind, psi, label, bins',
    '  --json           print the result with every bin as JSON',
    SAFE_CSV_HELP,
    `  PSI < 0.1 stable, 0.1–0.25 moderate shift, ≥ 0.25 significant shift; empty bins count as share ${PSI_EPSILON}.`,
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...valueFlags('baseline', 'current', 'model', 'bins', 'columns', 'drop', 'out'),
    ...CSV_INPUT_FLAGS,
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'baseline', 'current', 'model'), outputs: fileArgs(v, 'out'), standardOutput: ['out'] }),
  async run(values, io) {
    const basePath = requireString(values, 'baseline', 'monitor');
    const curPath = requireString(values, 'current', 'monitor');
    const bins = integerFlag(values, 'bins', PSI_BIN_RANGE) ?? 10;
    const only = listFlag(values, 'columns');
    const drop = listFlag(values, 'drop');
    if (only.length > 0 && drop.length > 0) throw new CreditkitError('E_USAGE', 'give --columns or --drop, not both');
    const model = typeof values.model === 'string' ? await readModelInput(values.model) : undefined;

    // Model features are read with the kinds the model knows; dropped columns as text (never checked).
    const types: Record<string, ColumnKind> = Object.fromEntries(drop.map((c) => [c, 'categorical' as const]));
    for (const f of model?.featureSpecs ?? []) types[f.name] = f.kind;
    const modelNames = (model?.featureSpecs ?? []).map((f) => f.name);
    const wanted = only.length > 0 ? [...new Set([...only, ...modelNames])] : undefined;
    const baseline = await readDataInput(basePath, { types, columns: wanted, ...csvTextFlags(values) });
    const names = (only.length > 0 ? only : baseline.names).filter((n) => !drop.includes(n));
    for (const d of drop) if (!baseline.has(d)) throw new CreditkitError('E_COLUMN_UNKNOWN', '--drop names a column the file does not have', { file: basePath, column: d });
    // The current file is read with the baseline's kinds, so a column cannot change kind silently.
    const currentTypes: Record<string, ColumnKind> = { ...types };
    for (const c of baseline.columns) currentTypes[c.name] = c.kind;
    const current = await readDataInput(curPath, { types: currentTypes, columns: [...new Set([...names, ...modelNames])], ...csvTextFlags(values) });

    const results = populationStability(baseline, current, { bins, columns: names });
    if (model) results.push(modelPsi(model, baseline, current, bins, basePath, curPath));
    const sorted = sortByPsi(results);
    const characteristics = model instanceof ScorecardModel ? scorecardStability(model, baseline, current, basePath, curPath) : undefined;

    if (typeof values.out === 'string') {
      const lines = ['name,kind,psi,label,bins', ...sorted.map((r) => `${csvField(r.name, csvCellsFlag(values))},${r.kind},${r.psi},${r.label},${r.bins.length}`)];
      await writeOutput(values.out, lines.join('\n') + '\n', io);
    }
    if (values.json) {
      io.out(JSON.stringify({ baseline: { file: basePath, rows: baseline.nRows }, current: { file: curPath, rows: current.nRows }, bins, results: sorted, ...(characteristics ? { characteristics } : {}) }, null, 2));
      return;
    }
    io.out(`baseline ${inputName(basePath)}: ${formatNumber(baseline.nRows)} rows; current ${inputName(curPath)}: ${formatNumber(current.nRows)} rows`);
    io.out('');
    io.out(table(['column', 'kind', 'PSI', 'stability', 'largest bin shift'], sorted.map((r) => [r.name, r.kind, r.psi, r.label, largestShift(r)])));
    const shifted = sorted.filter((r) => r.label !== 'stable').length;
    io.out(`\n${shifted} of ${sorted.length} shifted (PSI ≥ 0.1)`);
    if (characteristics) {
      io.out('\nCharacteristic stability (PSI over the scorecard\'s attributes; score shift = Σ Δshare · points)');
      io.out(table(['characteristic', 'PSI', 'stability', 'score shift', 'largest attribute shift'], characteristics.map((r) => [r.name, r.psi, r.label, r.scoreShift, largestShift(r)])));
      io.out(`mean score shift: ${formatNumber(characteristics.reduce((s, r) => s + r.scoreShift, 0))} points`);
    }
    if (typeof values.out === 'string') io.out(`wrote ${outputName(values.out)}`);
  },
};

function modelPsi(model: Classifier, baseline: Dataset, current: Dataset, bins: number, basePath: string, curPath: string): PsiResult {
  const pd = (ds: Dataset, file: string): Float64Array => withFile(file, () => model.predictProba(ds));
  return numericPsi(MODEL_PD_NAME, pd(baseline, basePath), pd(current, curPath), { bins });
}

function scorecardStability(model: ScorecardModel, baseline: Dataset, current: Dataset, basePath: string, curPath: string): CharacteristicStability[] {
  const points = (ds: Dataset, file: string) => withFile(file, () => model.points(ds));
  return characteristicStability(attributesByCharacteristic(model.pointsTable()), points(baseline, basePath), points(current, curPath));
}

/** The bin whose share moved most, as "bin: 12.0% → 30.5%". */
function largestShift(r: PsiResult): string {
  let best = r.bins[0];
  for (const b of r.bins) if (Math.abs(b.currentShare - b.baselineShare) > Math.abs(best.currentShare - best.baselineShare)) best = b;
  return `${best.bin}: ${percent(best.baselineShare, 1)} → ${percent(best.currentShare, 1)}`;
}
