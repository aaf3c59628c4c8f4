/**
 * Scoring the same rows from CSV and Parquet: rows/s and peak RSS of
 * `creditkit score` (the CLI path, one process per run, 1 thread) on N rows × 30
 * features with a 100-tree depth-6 model.
 *
 *   npx tsx bench/score-columnar.ts [--rows 1000000] [--repeats 3] [--row-group 100000]
 *
 * Writes bench/out/score-columnar/: data.csv, data.parquet (snappy, row groups of
 * --row-group rows, nulls for missing values, by hyparquet-writer), model.json
 * (trained on the first 100k rows). The Parquet input's output must be
 * byte-identical to the CSV one's; a Parquet → Parquet run is measured too.
 * Prints a Markdown table (medians of --repeats runs).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { GradientBoostingClassifier } from '../src/index.js';
import { Dataset } from '../src/data/dataset.js';
import { runCli } from '../src/cli/main.js';
import { OUT_DIR } from './io.js';
import { makeCreditLike } from './synthetic.js';
import { machine, markdownTable, median, flagValue } from './util.js';

const DIR = join(OUT_DIR, 'score-columnar');
const SCRIPT = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);

if (flagValue('child') !== undefined) {
  // Child: one `creditkit score` run; prints seconds and peak RSS as JSON.
  const [data, out] = flagValue('child')!.split('|');
  const t0 = performance.now();
  const code = await runCli(['score', '--model', join(DIR, 'model.json'), '--data', data, '--out', out, '--id', 'id'], { out: () => undefined, err: (s) => process.stderr.write(s), isTTY: false });
  if (code !== 0) process.exit(code);
  console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

const nRows = Number(flagValue('rows') ?? 1_000_000);
const repeats = Number(flagValue('repeats') ?? 3);
const rowGroup = Number(flagValue('row-group') ?? 100_000);
const nFeatures = 30;
mkdirSync(DIR, { recursive: true });

console.error(`generating ${nRows} × ${nFeatures} (seed 7)…`);
const { X, y } = makeCreditLike(nRows, nFeatures, 7);
const names = X.columns.map((c) => c.name);
const ids = Array.from({ length: nRows }, (_, i) => `A${i}`);

const csvPath = join(DIR, 'data.csv');
{
  const fd = openSync(csvPath, 'w');
  writeSync(fd, ['id', ...names].join(',') + '\n');
  const cols = X.columns.map((c) => c.values);
  for (let s = 0; s < nRows; s += 20_000) {
    const lines: string[] = [];
    for (let i = s; i < Math.min(nRows, s + 20_000); i++) {
      let line = ids[i];
      for (const c of cols) line += ',' + (c[i] === c[i] ? String(c[i]) : '');
      lines.push(line);
    }
    writeSync(fd, lines.join('\n') + '\n');
  }
  closeSync(fd);
}
const parquetPath = join(DIR, 'data.parquet');
{
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    columnData: [
      { name: 'id', data: ids, type: 'STRING', nullable: false },
      // Missing values as null (optional FLOAT columns), as a warehouse writes them.
      ...X.columns.map((c) => ({ name: c.name, data: Array.from(c.values, (v) => (v === v ? v : null)), type: 'FLOAT' as const })),
    ],
    rowGroupSize: rowGroup,
  });
  writeFileSync(parquetPath, writer.getBytes());
}
const nTrain = Math.min(100_000, nRows);
const model = new GradientBoostingClassifier({ nEstimators: 100, maxDepth: 6 }).fit(
  new Dataset(X.columns.map((c) => ({ ...c, values: c.values.slice(0, nTrain) })), nTrain), y.subarray(0, nTrain));
writeFileSync(join(DIR, 'model.json'), JSON.stringify(model.toJSON()));

const mib = (p: string): string => (statSync(p).size / 2 ** 20).toFixed(0);
const runs: { label: string; data: string; out: string; idCheck: boolean }[] = [
  { label: `CSV (${mib(csvPath)} MiB) → CSV`, data: csvPath, out: join(DIR, 'scores-csv.csv'), idCheck: true },
  { label: `Parquet snappy, row groups of ${rowGroup.toLocaleString('en-US')} (${mib(parquetPath)} MiB) → CSV`, data: parquetPath, out: join(DIR, 'scores-parquet.csv'), idCheck: true },
  { label: `Parquet → Parquet`, data: parquetPath, out: join(DIR, 'scores-parquet.parquet'), idCheck: false },
];
const rows: string[][] = [];
for (const run of runs) {
  const secs: number[] = [];
  const rss: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const res = spawnSync(process.execPath, [...process.execArgv, SCRIPT, '--child', `${run.data}|${run.out}`], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (res.status !== 0) throw new Error(`child failed: ${res.stderr}`);
    const j = JSON.parse(res.stdout.trim().split('\n').at(-1)!);
    secs.push(j.seconds);
    rss.push(j.maxRssMiB);
  }
  rows.push([run.label, Math.round(nRows / median(secs)).toLocaleString('en-US'), median(rss).toFixed(0)]);
}
if (readFileSync(join(DIR, 'scores-csv.csv'), 'utf8') !== readFileSync(join(DIR, 'scores-parquet.csv'), 'utf8')) throw new Error('Parquet and CSV outputs differ');

console.log(`\n${nRows.toLocaleString('en-US')} rows × ${nFeatures} features, 100 trees depth 6, \`creditkit score --id id\`, 1 thread, median of ${repeats}; ${machine()}\n`);
console.log(markdownTable(['input → output', 'rows/s', 'peak RSS MiB'], rows));
console.log('\nParquet and CSV inputs gave byte-identical CSV output.');
