/**
 * Calibration per bank rating on the CUMCM 2020 C firms: the SME PD model's
 * out-of-fold PDs of the 123 rated firms, back-tested with the bank's own
 * rating (A–D) as the grades.
 *
 *   npx tsx scripts/validate-cumcm.ts [--json F] [--out-dir DIR]
 *
 * The PDs are those `npm start` uses (`estimateSmePds` with its defaults: the
 * GBDT of SME_PD_OPTIONS, 5-fold stratified, seed 0), so each firm's PD comes
 * from a model that did not see it. Hosmer–Lemeshow therefore takes G degrees
 * of freedom (a sample the model never saw). Prints the per-rating table
 * (markdown, for docs/guides/validation.md) and the whole-sample figures; --json writes
 * every figure. --out-dir writes cumcm-rated.csv (firm, rating, default flag,
 * out-of-fold PD) and validation-cumcm.html, the validation report of those
 * PDs with the ratings as grades (validateScores with gradeColumn, as
 * `creditkit validate --pd pd --data DIR/cumcm-rated.csv --target defaulted
 * --grade-column credit_rating --grade-order A,B,C,D --hl-df groups` gives it).
 *
 * Needs the wasm build (`npm run build:wasm`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  discrimination, gradeCalibration, init, labelGrades, parseCsv, TRAFFIC_LIGHT_LEVELS, validateScores, type Discrimination, type GradeCalibration, type ValidationResult,
} from '../src/index.js';
import { buildValidationReport } from '../src/report/index.js';
import { CREDIT_RATINGS, estimateSmePds, loadSmeData, smeDatasets, type SmePdEstimate } from '../src/sme/index.js';

export interface CumcmRatingCheck {
  est: SmePdEstimate;
  y: Float64Array;
  calibration: GradeCalibration;
  discrimination: Discrimination;
}

/** The out-of-fold PDs of the rated firms back-tested per bank rating. */
export async function cumcmRatingCheck(): Promise<CumcmRatingCheck> {
  await init();
  const data = await loadSmeData(fileURLToPath(new URL('../data/cumcm', import.meta.url)));
  const { y } = smeDatasets(data).rated;
  const est = estimateSmePds(data);
  const pd = est.rated.pd;
  const grades = labelGrades(est.rated.rating, pd, CREDIT_RATINGS);
  const calibration = gradeCalibration(grades, pd, y, { confidence: 0.95, levels: TRAFFIC_LIGHT_LEVELS, hlDf: 'groups' });
  return { est, y, calibration, discrimination: discrimination(y, pd, 0.95) };
}

/** One line per rated firm: id, the bank's rating, the default flag and the out-of-fold PD (shortest exact decimal). */
export function cumcmRatedCsv(c: CumcmRatingCheck): string {
  const r = c.est.rated;
  return ['enterprise_id,credit_rating,defaulted,pd', ...r.ids.map((id, i) => `${id},${r.rating[i]},${c.y[i]},${r.pd[i]}`)].join('\n') + '\n';
}

/** The whole validation of those PDs with the bank's ratings as the grades (the report's calibration per rating). */
export function cumcmValidation(c: CumcmRatingCheck): ValidationResult {
  const ds = parseCsv(cumcmRatedCsv(c), { types: { pd: 'categorical', credit_rating: 'categorical' }, file: 'cumcm-rated.csv' });
  return validateScores(ds, { pd: 'pd', target: 'defaulted', gradeColumn: 'credit_rating', gradeOrder: CREDIT_RATINGS, hlDf: 'groups' });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values: flags } = parseArgs({ options: { json: { type: 'string' }, 'out-dir': { type: 'string' } } });
  const c = await cumcmRatingCheck();
  const { y, calibration, est } = c;
  const disc = c.discrimination;

  const pct = (x: number | null, digits = 1): string => (x === null ? '—' : `${(x * 100).toFixed(digits)}%`);
  const p = (x: number | null): string => (x === null ? '—' : x < 1e-4 ? x.toExponential(2) : x.toFixed(4));

  console.log(`${y.length} rated firms, ${y.reduce((s, v) => s + v, 0)} defaults; out-of-fold PDs (${est.cv.folds}-fold, the model npm start uses)`);
  console.log(`AUC ${disc.auc!.toFixed(4)} (95% DeLong ${disc.ci![0].toFixed(4)}–${disc.ci![1].toFixed(4)}), KS ${disc.ks!.toFixed(4)}\n`);
  console.log('| bank rating | firms | defaults | mean PD | default rate | Jeffreys 95% interval | Jeffreys p | binomial p | light |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const g of calibration.grades) {
    const interval = g.interval === null ? '—' : `${pct(g.interval[0])}–${pct(g.interval[1])}`;
    console.log(`| ${g.grade} | ${g.count} | ${g.defaults} | ${pct(g.meanPd)} | ${pct(g.defaultRate)} | ${interval} | ${p(g.jeffreysP)} | ${p(g.binomialP)} | ${g.light ?? '—'} |`);
  }
  const hl = (h: typeof calibration.hosmerLemeshowDeciles): string => (h.statistic === null ? `not defined (${h.note})` : `χ² ${h.statistic.toFixed(2)}, df ${h.df}, p ${p(h.p)}`);
  console.log(`\nHosmer–Lemeshow on deciles of PD: ${hl(calibration.hosmerLemeshowDeciles)}`);
  console.log(`Hosmer–Lemeshow on the ratings: ${hl(calibration.hosmerLemeshowGrades)}`);
  const sp = calibration.spiegelhalter;
  console.log(`Spiegelhalter: ${sp.z === null ? `not defined (${sp.note})` : `z ${sp.z.toFixed(3)}, p ${p(sp.p)}`}`);
  console.log(`default rates monotone across ratings: ${calibration.monotone ? 'yes' : `no (${calibration.inversions.map((v) => `${v.better} > ${v.worse}`).join(', ')})`}`);
  console.log(`Herfindahl ${calibration.herfindahl.index.toFixed(4)} (normalised ${calibration.herfindahl.normalised?.toFixed(4) ?? '—'})`);

  if (flags.json !== undefined) {
    writeFileSync(flags.json, JSON.stringify({ firms: y.length, folds: est.cv.folds, options: est.options, discrimination: disc, calibration }, null, 2) + '\n');
    console.log(`\nwrote ${flags.json}`);
  }
  const dir = flags['out-dir'];
  if (dir !== undefined) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cumcm-rated.csv'), cumcmRatedCsv(c));
    writeFileSync(join(dir, 'validation-cumcm.html'), await buildValidationReport(cumcmValidation(c), {
      title: 'Model validation: CUMCM 2020 C, calibration per bank rating', subtitle: `out-of-fold PDs of the SME model (${est.cv.folds}-fold) on the ${y.length} rated firms; the bank's ratings A–D as grades`,
    }));
    console.log(`\nwrote ${join(dir, 'cumcm-rated.csv')} and ${join(dir, 'validation-cumcm.html')}`);
  }
}
