// The fairness check on German credit (Statlog): a PD model trained without the
// personal-status/sex column, checked with that column as the protected attribute.
//   npx tsx scripts/fairness-german.ts [--approve-share 0.7 | --cutoff 0.1667] [--folds 5] [--seed 0] [--out-dir DIR]
// With --out-dir it also writes german-scored.csv (the data with the out-of-fold PDs as column `pd`) and
// validation-german.html, the validation report of those PDs with the fairness section (validateScores,
// as `creditkit validate --pd pd --data german-scored.csv --target is_bad --protected personal_status_sex`
// with the same rule gives it).
// Every applicant is scored by the GBDT of a stratified k-fold cross-validation that did not
// see them (out-of-fold PDs), so all 1,000 rows count and none is scored in-sample.
// `personal_status_sex` codes sex and marital status together (data/README.md); the script
// checks it as given and as sex alone (A92 female, A91/A93/A94 male; A95 never occurs).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import {
  checkProtectedNotFeatures, createModel, fairnessTable, type FairnessOptions, type FairnessResult, parseCsv, protectedGroups, readCsvFile, rocAuc, splitTarget, stratifiedKFold,
  validateScores, type ValidationResult,
} from '../src/index.js';
import { buildValidationReport } from '../src/report/index.js';
import { table } from '../src/cli/format.js';

export const PROTECTED = 'personal_status_sex';
const SEX: Record<string, string> = { A91: 'male', A92: 'female', A93: 'male', A94: 'male', A95: 'female' };

export interface GermanFairness {
  result: FairnessResult;
  /** The out-of-fold PD of every applicant, in file order. */
  pd: Float64Array;
  auc: number;
  features: string[];
  folds: number;
  seed: number;
}

/** Out-of-fold GBDT PDs on German credit without the protected column, and the fairness table over it and over sex alone. */
export async function germanFairness(rule: FairnessOptions, folds = 5, seed = 0): Promise<GermanFairness> {
  const ds = await readCsvFile(fileURLToPath(new URL('../data/german-credit.csv.gz', import.meta.url)));
  const { X: all, y } = splitTarget(ds, 'is_bad');
  const X = all.drop([PROTECTED]);
  const pd = new Float64Array(y.length);
  for (const { train, test } of stratifiedKFold(y, folds, seed)) {
    const model = createModel('gbdt', { seed }).fit(X.take(train), Float64Array.from(train, (i) => y[i]));
    checkProtectedNotFeatures(model, [PROTECTED]);
    model.predictProba(X.take(test)).forEach((p, k) => { pd[test[k]] = p; });
  }
  const labels = protectedGroups(ds, [PROTECTED])[PROTECTED];
  const result = fairnessTable({ [PROTECTED]: labels, sex: labels.map((g) => SEX[g] ?? g) }, y, pd, rule);
  return { result, pd, auc: rocAuc(y, pd), features: X.names, folds, seed };
}

/** The German credit file with the out-of-fold PDs appended as column `pd` (shortest decimals that read back exactly). */
export function germanScoredCsv(g: GermanFairness): string {
  const lines = gunzipSync(readFileSync(new URL('../data/german-credit.csv.gz', import.meta.url))).toString('utf8').trimEnd().split('\n');
  return [`${lines[0]},pd`, ...lines.slice(1).map((l, i) => `${l},${g.pd[i]}`)].join('\n') + '\n';
}

/**
 * The validation of the out-of-fold PDs with `personal_status_sex` as the
 * protected attribute (the model's features named, so the check that it is
 * none of them runs): every figure of `creditkit validate --pd pd` on
 * `germanScoredCsv`, the fairness section included.
 */
export function germanValidation(g: GermanFairness, rule: FairnessOptions): ValidationResult {
  const ds = parseCsv(germanScoredCsv(g), { types: { pd: 'categorical', is_bad: 'categorical' }, file: 'german-scored.csv' });
  return validateScores(ds, { pd: 'pd', target: 'is_bad', features: g.features, protected: [PROTECTED], fairness: rule });
}

/** The tables as text: one per protected column, the four-fifths flag in its own column. */
export function formatGermanFairness(g: GermanFairness): string {
  const r = g.result;
  const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
  const pts = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : '−'}${(100 * Math.abs(x)).toFixed(1)}`);
  const lines = [
    `German credit: ${r.rows} applicants, ${g.features.length} features (without ${PROTECTED}); gbdt defaults, seed ${g.seed}; ` +
      `out-of-fold PDs of a ${g.folds}-fold CV (AUC ${g.auc.toFixed(4)}); checkProtectedNotFeatures passed for every fold model.`,
    `Rule: ${r.rule}; overall approval rate ${pct(r.approvalRate)}. Positive = default; approved = PD below the cut-off; ` +
      'TPR = defaulters declined, FPR = non-defaulters declined; gaps in percentage points against the reference (most favoured) group.',
    '',
  ];
  for (const c of r.columns) {
    lines.push(`${c.column} (reference: ${c.reference}${c.referenceNote ? `; ${c.referenceNote}` : ''}; below four-fifths: ${c.flagged.length ? c.flagged.join(', ') : 'none'})`);
    lines.push(table(
      ['group', 'rows', 'defaults', 'approved', 'DI', '4/5 flag', 'TPR', 'TPR gap', 'FPR', 'FPR gap', 'mean PD', 'default rate', 'calib. p', 'notes'],
      c.groups.map((x) => [
        x.group + (x.reference ? ' (ref)' : ''), x.count, x.defaults, pct(x.approvalRate),
        x.disparateImpact === null ? '—' : x.disparateImpact.toFixed(3), x.belowFourFifths === null ? '—' : x.belowFourFifths ? 'FLAG' : 'ok',
        pct(x.tpr), pts(x.tprGap), pct(x.fpr), pts(x.fprGap), pct(x.meanPd), pct(x.defaultRate), x.calibrationPValue.toFixed(3), x.notes.join('; '),
      ]),
    ), '');
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { 'approve-share': { type: 'string' }, cutoff: { type: 'string' }, folds: { type: 'string' }, seed: { type: 'string' }, 'out-dir': { type: 'string' } } });
  const rule = values.cutoff !== undefined ? { cutoff: Number(values.cutoff) } : { approvalShare: Number(values['approve-share'] ?? 0.7) };
  const g = await germanFairness(rule, Number(values.folds ?? 5), Number(values.seed ?? 0));
  console.log(formatGermanFairness(g));
  const dir = values['out-dir'];
  if (dir !== undefined) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'german-scored.csv'), germanScoredCsv(g));
    const html = await buildValidationReport(germanValidation(g, rule), {
      title: 'Model validation: German credit, fairness', subtitle: `out-of-fold GBDT PDs (${g.folds}-fold CV) without ${PROTECTED}; ${PROTECTED} as the protected attribute`,
    });
    writeFileSync(join(dir, 'validation-german.html'), html);
    console.log(`wrote ${join(dir, 'german-scored.csv')} and ${join(dir, 'validation-german.html')}`);
  }
}
