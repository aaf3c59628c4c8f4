/**
 * A validation of a GBDT on Give Me Some Credit, with the logistic baseline
 * as champion, rating grades, and age bands as segments.
 *
 *   npx tsx scripts/validate-gmsc.ts [--out-dir DIR] [--seed 0]
 *
 * Drops `Id`, target `SeriousDlqin2yrs`, stratified 70/30 split (seed 0);
 * fits a GBDT (200 trees, depth 4, learning rate 0.05) and a logistic
 * regression (defaults) on the 70%, validates the GBDT on the 30% against the
 * logistic champion and the 70% as baseline, with the master scale's grades
 * and age bands (under 30, 30–44, 45–59, 60–74, 75 and over) as segments,
 * and prints the summary. With --out-dir it also writes the split (the
 * holdout with its `age_band` column), both models, the full JSON and the
 * HTML report, and
 * prints the `creditkit validate` command that gives the same figures.
 *
 * Needs the wasm build (`npm run build:wasm`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import {
  init, parseCsv, splitTarget, stratifiedSplit, GradientBoostingClassifier, LogisticRegression, validateModel, saveModelFile,
  type ValidationResult,
} from '../src/index.js';
import { buildValidationReport } from '../src/report/index.js';

const TARGET = 'SeriousDlqin2yrs';
const gbdtOptions = (seed: number) => ({ nEstimators: 200, maxDepth: 4, learningRate: 0.05, seed });

/** The age band of a borrower (the segment column this script derives). */
export function ageBand(age: number): string {
  if (age < 30) return 'under 30';
  if (age < 45) return '30-44';
  if (age < 60) return '45-59';
  if (age < 75) return '60-74';
  return '75 and over';
}

export interface GmscValidation {
  result: ValidationResult;
  gbdt: GradientBoostingClassifier;
  logistic: LogisticRegression;
  /** The file's lines (header first) with the age band appended. */
  banded: string[];
  fold: { train: Uint32Array; test: Uint32Array };
  seconds: { gbdt: number; logistic: number; validate: number };
}

/** The GBDT validated on the 30% holdout against the logistic champion, master-scale grades, age bands as segments, the 70% as baseline. */
export async function gmscValidation(seed = 0): Promise<GmscValidation> {
  await init();
  const text = gunzipSync(readFileSync(new URL('../data/give-me-some-credit.csv.gz', import.meta.url))).toString('utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = lines[0].split(',');
  const ageAt = header.indexOf('age');
  // Every row with its age band appended (the file has no quoted fields, so a line is a row).
  const banded = [`${lines[0]},age_band`, ...lines.slice(1).map((l) => `${l},${ageBand(Number(l.split(',')[ageAt]))}`)];
  const all = parseCsv(banded.join('\n') + '\n', { types: { age_band: 'categorical' }, file: 'give-me-some-credit.csv.gz' }).drop(['Id']);
  const { y } = splitTarget(all, TARGET);
  const fold = stratifiedSplit(y, 0.7, seed);
  const train = all.take(fold.train);
  const holdout = all.take(fold.test);
  const trainXy = splitTarget(train.drop(['age_band']), TARGET);

  let t = performance.now();
  const gbdt = new GradientBoostingClassifier(gbdtOptions(seed)).fit(trainXy.X, trainXy.y);
  const gbdtSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const logistic = new LogisticRegression().fit(trainXy.X, trainXy.y);
  const logisticSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const result = validateModel(gbdt, holdout, { target: TARGET, segment: 'age_band', champion: logistic, baseline: train });
  const validateSeconds = (performance.now() - t) / 1000;
  return { result, gbdt, logistic, banded, fold, seconds: { gbdt: gbdtSeconds, logistic: logisticSeconds, validate: validateSeconds } };
}

/** The report's HTML, as --out-dir writes it. */
export function gmscReport(g: GmscValidation): Promise<string> {
  const o = g.gbdt.options;
  return buildValidationReport(g.result, {
    title: 'Model validation: Give Me Some Credit', subtitle: `GBDT (${o.nEstimators} trees, depth ${o.maxDepth}) against the logistic baseline on the 30% holdout; age bands as segments`,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values: flags } = parseArgs({ options: { 'out-dir': { type: 'string' }, seed: { type: 'string', default: '0' } } });
  const g = await gmscValidation(Number(flags.seed));
  print(g.result);
  console.log(`\nfit: GBDT ${g.seconds.gbdt.toFixed(1)} s, logistic ${g.seconds.logistic.toFixed(1)} s; validateModel ${g.seconds.validate.toFixed(2)} s (${new Date().toISOString().slice(0, 10)})`);

  if (flags['out-dir']) {
    const dir = flags['out-dir'];
    mkdirSync(dir, { recursive: true });
    const pick = (rows: Uint32Array) => [g.banded[0], ...Array.from(rows, (r) => g.banded[r + 1])].join('\n') + '\n';
    writeFileSync(join(dir, 'gmsc-train.csv'), pick(g.fold.train));
    writeFileSync(join(dir, 'gmsc-holdout.csv'), pick(g.fold.test));
    await saveModelFile(join(dir, 'gbdt.json'), g.gbdt);
    await saveModelFile(join(dir, 'logistic.json'), g.logistic);
    writeFileSync(join(dir, 'validation.json'), JSON.stringify(g.result, null, 2) + '\n');
    writeFileSync(join(dir, 'validation-gmsc.html'), await gmscReport(g));
    console.log(`\nwrote ${dir}/gmsc-train.csv, gmsc-holdout.csv, gbdt.json, logistic.json, validation.json, validation-gmsc.html; the same figures from the CLI:`);
    console.log(`creditkit validate --model ${dir}/gbdt.json --data ${dir}/gmsc-holdout.csv --target ${TARGET} --segment age_band --champion ${dir}/logistic.json --baseline ${dir}/gmsc-train.csv --out validation.html`);
  }
}

function print(r: ValidationResult): void {
  const f = (x: number | null, d = 4) => (x === null ? 'n/a' : x.toFixed(d));
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
  const d = r.discrimination;
  console.log(`Give Me Some Credit holdout: ${r.rows} rows, ${r.defaults} defaults (${pct(r.defaultRate)}), mean PD ${pct(r.meanPd)}`);
  console.log(`flags: ${r.summary.red} red, ${r.summary.amber} amber, ${r.summary.green} green`);
  for (const x of r.summary.attention) console.log(`  ${x.level.toUpperCase()} ${x.section} · ${x.item}: ${x.message}`);
  console.log(`GBDT AUC ${f(d.auc)} (95% CI ${f(d.ci![0])}–${f(d.ci![1])}), Gini ${f(d.gini)}, KS ${f(d.ks)}`);
  const c = r.champion!;
  console.log(`logistic AUC ${f(c.discrimination.auc)} (95% CI ${f(c.discrimination.ci![0])}–${f(c.discrimination.ci![1])})`);
  console.log(`DeLong: difference ${f(c.test.difference)}, z ${f(c.test.z, 2)}, p ${c.test.p!.toExponential(2)} → ${c.verdict}`);
  console.log('grade  rows  defaults  meanPD  defaultRate  Jeffreys p  binomial p  light');
  for (const g of r.calibration.grades) {
    console.log(`${g.grade.padEnd(5)} ${String(g.count).padStart(6)} ${String(g.defaults).padStart(8)}  ${pct(g.meanPd).padStart(6)}  ${pct(g.defaultRate).padStart(10)}  ${(g.jeffreysP === null ? 'n/a' : g.jeffreysP.toPrecision(3)).padStart(10)}  ${(g.binomialP === null ? 'n/a' : g.binomialP.toPrecision(3)).padStart(10)}  ${g.light ?? '-'}`);
  }
  const hl = r.calibration.hosmerLemeshowDeciles;
  console.log(`Hosmer–Lemeshow (deciles): ${f(hl.statistic, 2)}, df ${hl.df}, p ${hl.p === null ? 'n/a' : hl.p.toPrecision(3)}; Spiegelhalter z ${f(r.calibration.spiegelhalter.z, 3)}, p ${f(r.calibration.spiegelhalter.p)}`);
  console.log(`monotone: ${r.calibration.monotone}; Herfindahl ${f(r.calibration.herfindahl.index)} (normalised ${f(r.calibration.herfindahl.normalised)})`);
  const s = r.stability!;
  console.log(`PSI vs the training 70%: PD ${f(s.score.psi)}, grades ${f(s.grades.psi)}, largest feature ${s.characteristics[0].name} ${f(s.characteristics[0].psi)}`);
  console.log('segment       rows  defaults  rate    meanPD  AUC     95% CI          HL p');
  for (const g of r.segments!.segments) {
    const dd = g.discrimination;
    console.log(`${g.segment.padEnd(12)} ${String(g.count).padStart(6)} ${String(g.defaults).padStart(8)}  ${pct(g.defaultRate)}  ${pct(g.meanPd)}  ${f(dd.auc)}  ${dd.ci ? `${f(dd.ci[0])}–${f(dd.ci[1])}` : 'n/a'}  ${g.calibration.hosmerLemeshowDeciles.p?.toPrecision(3) ?? 'n/a'}`);
  }
}
