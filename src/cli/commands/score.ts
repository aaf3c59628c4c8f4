import { readModelFile } from '../../io/modelFile.js';
import { writeFileAtomic } from '../../io/atomicWrite.js';
import { CreditkitError } from '../../errors.js';
import type { Dataset } from '../../data/dataset.js';
import type { Classifier } from '../../models/classifier.js';
import { GradientBoostingClassifier } from '../../models/gbdt.js';
import { type Command, numberFlag, requireString } from '../args.js';
import { formatNumber, seconds } from '../format.js';
import { readCsvForModel } from '../readWithSchema.js';

export const scoreCommand: Command = {
  name: 'score',
  summary: 'write the probability of default of every row of a CSV file',
  usage: 'creditkit score --model M --data F --out scores.csv [--id COL] [--threads N]',
  help: [
    '  --model M    a model written by "creditkit train"',
    '  --data F     rows to score, CSV or CSV.gz with the model\'s feature columns (others are ignored)',
    '  --out F      output CSV: the id column (or "row", 1-based) and "pd"',
    '  --id COL     copy this column into the output to identify rows',
    '  --threads N  score on N worker threads, each with its own wasm instance (default 1)',
  ].join('\n'),
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    id: { type: 'string' },
    threads: { type: 'string' },
  },
  async run(values, io) {
    const modelPath = requireString(values, 'model', 'score');
    const dataPath = requireString(values, 'data', 'score');
    const outPath = requireString(values, 'out', 'score');
    const idCol = typeof values.id === 'string' ? values.id : undefined;
    const model = await readModelFile(modelPath);
    const ds = await readCsvForModel(dataPath, model.featureSpecs, idCol ? [idCol] : []);
    const threads = numberFlag(values, 'threads') ?? 1;
    if (!Number.isInteger(threads) || threads < 1) throw new CreditkitError('E_USAGE', `--threads must be an integer >= 1, got ${threads}`);
    const t0 = performance.now();
    const pd = threads > 1 ? await scoreOnThreads(model, ds, threads) : model.predictProba(ds);
    const ms = performance.now() - t0;

    const ids = idCol ? idLabels(ds.column(idCol)) : null;
    const header = `${csvField(idCol ?? 'row')},pd`;
    const lines = new Array<string>(pd.length + 1);
    lines[0] = header;
    for (let i = 0; i < pd.length; i++) lines[i + 1] = `${ids ? csvField(ids[i]) : i + 1},${pd[i]}`;
    await writeFileAtomic(outPath, lines.join('\n') + '\n');
    io.out(`scored ${formatNumber(pd.length)} rows in ${seconds(ms)} (${formatNumber(Math.round(pd.length / Math.max(ms / 1000, 1e-9)))} rows/s), wrote ${outPath}`);
  },
};

async function scoreOnThreads(model: Classifier, ds: Dataset, threads: number): Promise<Float64Array> {
  if (!(model instanceof GradientBoostingClassifier)) {
    throw new CreditkitError('E_USAGE', '--threads is available for gradient-boosting models');
  }
  const pool = await model.createScoringPool(threads);
  try {
    return await pool.predictProba(ds);
  } finally {
    await pool.close();
  }
}

/**
 * The id column's text per row. Extra columns are read as text, so ids keep
 * their exact spelling; an id that is also a numeric feature is printed from
 * its float32 value.
 */
function idLabels(col: { kind: string; values: Float32Array; categories?: readonly string[] }): string[] {
  if (col.kind === 'numeric') return Array.from(col.values, (v) => (v === v ? String(v) : ''));
  return Array.from(col.values, (c) => (c === c ? col.categories![c] : ''));
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
