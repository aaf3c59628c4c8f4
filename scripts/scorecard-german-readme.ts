// Writes the scorecard guide's German credit scorecard (the points table of a ScorecardModel fitted on
// the stratified 80% of data/german-credit.csv.gz, seed 42, whole points) between
// `<!-- scorecard-german -->` and `<!-- /scorecard-german -->`.
//   npx tsx scripts/scorecard-german-readme.ts           exit 1 when docs/guides/scorecard.md is not current
//   npx tsx scripts/scorecard-german-readme.ts --write   rewrite the table
//   npx tsx scripts/scorecard-german-readme.ts --forward [--repeats 5]
//       time forward (BIC) selection on all 1,000 rows: characteristics kept of those passing minIv,
//       median fit seconds (the figure quoted in the guide's Selection paragraph; timings are not checked)
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readCsvFile } from '../src/data/csvFile.js';
import { stratifiedSplit } from '../src/data/split.js';
import { splitTarget } from '../src/data/target.js';
import { rocAuc } from '../src/metrics/auc.js';
import { ScorecardModel } from '../src/models/scorecard/scorecard.js';
import { init } from '../src/wasm/load.js';
import { median, timed } from '../bench/util.js';

const BLOCK = /(<!-- scorecard-german -->\n)[\s\S]*?(<!-- \/scorecard-german -->)/;
export const SCORECARD_GUIDE = fileURLToPath(new URL('../docs/guides/scorecard.md', import.meta.url));

/** The markdown of the German credit scorecard: how it was fitted, its test AUC, and the points table. */
export async function germanScorecardMarkdown(): Promise<string> {
  await init();
  const { X, y } = splitTarget(await readCsvFile(fileURLToPath(new URL('../data/german-credit.csv.gz', import.meta.url))), 'is_bad');
  const { train, test } = stratifiedSplit(y, 0.8, 42);
  const model = new ScorecardModel({ roundPoints: true }).fit(X.take(train), Float64Array.from(train, (i) => y[i]));
  const auc = rocAuc(Float64Array.from(test, (i) => y[i]), model.predictProba(X.take(test)));
  const t = model.pointsTable();
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `\`new ScorecardModel({ roundPoints: true })\` on the stratified 80% of German credit (seed 42, ${train.length} rows; PDO 20, 600 points at 50:1);` +
      ` test AUC ${auc.toFixed(4)} on the other ${test.length}. Base points ${t.basePoints}.` +
      (model.rejected.length > 0 ? ` Left out (IV below 0.02): ${model.rejected.map((r) => `\`${r.feature}\``).join(', ')}.` : '') +
      (t.wrongSign.length > 0 ? ` Wrong sign: ${t.wrongSign.map((c) => `\`${c}\``).join(', ')}.` : ' Every coefficient is positive.'),
    '',
    '| characteristic | attribute | count | event rate | WOE | coefficient | points |',
    '|---|---|---|---|---|---|---|',
  ];
  let last = '';
  for (const r of t.rows) {
    const name = r.characteristic === last ? '' : `\`${r.characteristic}\``;
    last = r.characteristic;
    lines.push(`| ${name} | ${cell(r.attribute)} | ${r.count} | ${(r.eventRate * 100).toFixed(1)}% | ${r.woe.toFixed(3)} | ${r.coefficient.toFixed(3)} | ${r.points} |`);
  }
  return lines.join('\n');
}

export async function renderGermanScorecard(markdown: string): Promise<string> {
  if (!BLOCK.test(markdown)) throw new Error('the scorecard guide has no <!-- scorecard-german --> block');
  const table = await germanScorecardMarkdown();
  return markdown.replace(BLOCK, (_, open: string, close: string) => `${open}${table}\n${close}`);
}

/** Forward selection on all German credit rows: how many characteristics it keeps, and the median fit time. */
export async function timeForwardSelection(repeats: number): Promise<{ kept: number; passingMinIv: number; seconds: number; first: number }> {
  await init();
  const { X, y } = splitTarget(await readCsvFile(fileURLToPath(new URL('../data/german-credit.csv.gz', import.meta.url))), 'is_bad');
  const times: number[] = [];
  let model: ScorecardModel | undefined;
  for (let r = 0; r < repeats; r++) {
    const run = timed(() => new ScorecardModel({ selection: 'forward' }).fit(X, y));
    times.push(run.seconds);
    model = run.value;
  }
  const rejected = model!.rejected;
  const passingMinIv = X.nColumns - rejected.filter((c) => c.reason === 'low-iv').length;
  return { kept: passingMinIv - rejected.filter((c) => c.reason !== 'low-iv').length, passingMinIv, seconds: median(times), first: times[0] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes('--forward')) {
  const k = process.argv.indexOf('--repeats');
  const repeats = k >= 0 ? Number(process.argv[k + 1]) : 5;
  const f = await timeForwardSelection(repeats);
  console.log(`forward selection on 1,000 German credit rows: keeps ${f.kept} of the ${f.passingMinIv} characteristics passing minIv; ` +
    `median fit ${f.seconds.toFixed(2)} s over ${repeats} (the first, JIT warm-up included, ${f.first.toFixed(2)} s; ${new Date().toISOString().slice(0, 10)}, load average ${loadavg()[0].toFixed(1)})`);
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = readFileSync(SCORECARD_GUIDE, 'utf8');
  const next = await renderGermanScorecard(text);
  if (process.argv.includes('--write')) {
    if (next !== text) writeFileSync(SCORECARD_GUIDE, next);
    console.log(next === text ? 'German scorecard in docs/guides/scorecard.md is current' : 'German scorecard in docs/guides/scorecard.md rewritten');
  } else if (next !== text) {
    console.error('the German scorecard in docs/guides/scorecard.md is out of date: run npx tsx scripts/scorecard-german-readme.ts --write');
    process.exitCode = 1;
  }
}
