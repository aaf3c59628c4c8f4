import {
  type Dataset, splitTarget, CreditkitError, brierScore, logLoss,
  type Calibrator, createCalibrator, DEFAULT_MASTER_SCALE, RatingGrades, gradeTable, PointsScale, idLabels,
  type CsvCellOptions, csvField, ScorecardModel,
} from '../../core.js';
import {
  type Command, CSV_INPUT_FLAGS, csvTextFlags, csvInputHelp, listFlag, numberFlag, requireString, valueFlags,
  SAFE_CSV_HELP, SAFE_CSV_OPTION, csvCellsFlag, optionErrorsAsUsage,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { formatNumber, percent, table } from '../format.js';
import { readCsvForModel, readLabelledForModel } from '../readWithSchema.js';
import { withFile } from '../withFile.js';
import { inputName, readModelInput } from '../standardInput.js';
import { writeOutput, outputName } from '../standardOutput.js';

export const pointsCommand: Command = {
  name: 'points',
  summary: 'turn any model\'s PDs into points and rating grades, optionally calibrated; print the grade table',
  usage: 'creditkit points --model M --data F [--target COL] [--pdo 20 --base-odds 50 --base-points 600] [--grades A:0.01,B:0.03,C | --grade-shares 0.2,0.3,0.5] [--calibrate platt|isotonic --calibration-data F2] [--out scores.csv] [--json]',
  help: [
    '  --model M               a model written by "creditkit train" (or an XGBoost JSON model)',
    '  --data F                rows to score, CSV or CSV.gz',
    csvInputHelp(26),
    '  --target COL            0/1 default column in --data (and --calibration-data): adds default rates per grade',
    '  --positive LABEL        the default label of a text target column',
    '  --pdo P                 points to double the good:bad odds (default 20, or a scorecard model\'s own scaling)',
    '  --base-odds O           good:bad odds that score --base-points (default 50)',
    '  --base-points S         score at --base-odds (default 600); score = offset + pdo/ln2 · ln(good:bad odds)',
    '  --round                 round scores to whole points',
    '  --grades SPEC           PD bands, best first: NAME:upperPD,..., the last NAME alone (default: the master',
    `                          scale ${DEFAULT_MASTER_SCALE})`,
    '  --grade-shares S        instead: fit bands so grades take these shares of --data (e.g. 0.1,0.2,0.3,0.4)',
    '  --grade-names A,B,...   names for --grade-shares (default A, B, C, ...)',
    '  --calibrate M           platt or isotonic: calibrate PDs on --calibration-data first',
    '  --calibration-data F2   held-out labelled rows (not the training rows) with the --target column',
    '  --id COL                copy this column into the output (default: the 1-based "row")',
    '  --out F                 write one line per row: id, pd, score, grade',
    '  --json                  print the result as JSON',
    SAFE_CSV_HELP,
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...valueFlags('model', 'data', 'target', 'positive', 'pdo', 'base-odds', 'base-points', 'grades', 'grade-shares', 'grade-names', 'calibrate', 'calibration-data', 'id', 'out'),
    ...CSV_INPUT_FLAGS,
    round: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'model', 'data', 'calibration-data'), outputs: fileArgs(v, 'out'), standardOutput: ['out'] }),
  async run(values, io) {
    const modelPath = requireString(values, 'model', 'points');
    const dataPath = requireString(values, 'data', 'points');
    const target = typeof values.target === 'string' ? values.target : undefined;
    const positive = values.positive as string | undefined;
    const idCol = typeof values.id === 'string' ? values.id : undefined;
    const scaling = { pdo: numberFlag(values, 'pdo'), baseOdds: numberFlag(values, 'base-odds'), basePoints: numberFlag(values, 'base-points'), round: values.round === true };
    optionErrorsAsUsage(() => new PointsScale(scaling));
    if (values.grades !== undefined && values['grade-shares'] !== undefined) throw new CreditkitError('E_USAGE', 'give --grades or --grade-shares, not both');
    if (values['grade-names'] !== undefined && values['grade-shares'] === undefined) throw new CreditkitError('E_USAGE', '--grade-names goes with --grade-shares');
    const method = values.calibrate as string | undefined;
    if (method !== undefined && method !== 'platt' && method !== 'isotonic') throw new CreditkitError('E_USAGE', `--calibrate takes platt or isotonic, got "${method}"`);
    if ((method === undefined) !== (values['calibration-data'] === undefined)) throw new CreditkitError('E_USAGE', '--calibrate and --calibration-data go together');
    if (method !== undefined && target === undefined) throw new CreditkitError('E_USAGE', '--calibrate needs --target (the default column of --calibration-data)');
    const userGrades = typeof values.grades === 'string' ? optionErrorsAsUsage(() => RatingGrades.parse(values.grades as string)) : undefined;
    const shares = listFlag(values, 'grade-shares').map((s) => {
      const v = Number(s);
      if (!Number.isFinite(v)) throw new CreditkitError('E_USAGE', `--grade-shares takes numbers, got "${s}"`);
      return v;
    });

    const model = await readModelInput(modelPath);
    // A scorecard's own scaling unless a flag overrides it, so its points are the scorecard's scores.
    const own = model instanceof ScorecardModel ? model.options : undefined;
    const scale = optionErrorsAsUsage(() => new PointsScale({
      ...scaling, pdo: scaling.pdo ?? own?.pdo, baseOdds: scaling.baseOdds ?? own?.baseOdds, basePoints: scaling.basePoints ?? own?.basePoints,
    }));
    const extra = [target, idCol].filter((c): c is string => c !== undefined);
    const ds = await readCsvForModel(dataPath, model.featureSpecs, extra, csvTextFlags(values));
    let X: Dataset = ds;
    let y: Float64Array | undefined;
    if (target !== undefined) ({ X, y } = splitTarget(ds, target, { positive }));
    let pd = model.predictProba(X);

    let calibrator: Calibrator | undefined;
    let calibrationReport: Record<string, number> | undefined;
    if (method !== undefined) {
      const calPath = values['calibration-data'] as string;
      const cal = await readLabelledForModel(calPath, model.featureSpecs, target!, positive, [], csvTextFlags(values));
      const raw = model.predictProba(cal.X);
      calibrator = withFile(calPath, () => createCalibrator(method).fit(raw, cal.y));
      const fixed = calibrator.transform(raw);
      calibrationReport = {
        rows: cal.y.length,
        logLossBefore: logLoss(cal.y, raw), logLossAfter: logLoss(cal.y, fixed),
        brierBefore: brierScore(cal.y, raw), brierAfter: brierScore(cal.y, fixed),
      };
      pd = calibrator.transform(pd);
    }

    const grades = userGrades ?? (shares.length > 0
      ? optionErrorsAsUsage(() => RatingGrades.fitShares(pd, shares, values['grade-names'] !== undefined ? listFlag(values, 'grade-names') : undefined))
      : RatingGrades.parse(DEFAULT_MASTER_SCALE));
    const scores = scale.scores(pd);
    const gradeIndex = grades.assign(pd);
    const summary = gradeTable(grades, pd, y);

    if (typeof values.out === 'string') {
      await writeOutput(values.out, scoresCsv(ds, idCol, pd, scores, gradeIndex, grades, scale.options.round, csvCellsFlag(values)), io);
    }
    const scoreAt = (p: number) => scale.score(p);
    if (values.json) {
      io.out(JSON.stringify({
        rows: pd.length,
        scaling: { ...scale.options, factor: scale.factor, offset: scale.offset },
        calibration: calibrator ? { ...calibrator.toJSON(), ...calibrationReport } : null,
        grades: summary.rows.map((r) => ({ ...r, scoreRange: [scoreAt(r.upperPd), scoreAt(r.lowerPd)] })),
        monotone: summary.monotone ?? null,
        violations: summary.violations ?? null,
        out: values.out ?? null,
      }, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2));
      return;
    }
    io.out(`${inputName(dataPath)}: ${formatNumber(pd.length)} rows scored with ${modelPath}`);
    io.out(`points      score = ${scale.offset.toFixed(4)} + ${scale.factor.toFixed(4)} · ln(good:bad odds): ${scale.options.basePoints} points at ${scale.options.baseOdds}:1, ` +
      `${scale.options.pdo} points double the odds`);
    if (calibrator && calibrationReport) {
      const c = calibrationReport;
      io.out(`calibration ${calibrator.method} on ${values['calibration-data'] as string} (${formatNumber(c.rows)} rows): ` +
        `log loss ${c.logLossBefore.toFixed(4)} → ${c.logLossAfter.toFixed(4)}, Brier ${c.brierBefore.toFixed(4)} → ${c.brierAfter.toFixed(4)}`);
    }
    io.out('');
    const headers = ['grade', 'PD band', 'score band', 'count', 'share', 'mean PD', 'min PD', 'max PD', ...(y ? ['defaults', 'default rate'] : [])];
    io.out(table(headers, summary.rows.map((r) => [
      r.grade,
      `${percent(r.lowerPd)}–${percent(r.upperPd)}`,
      scoreBand(scoreAt(r.upperPd), scoreAt(r.lowerPd), r.lowerPd === 0, r.upperPd === 1),
      r.count,
      percent(r.share),
      r.count > 0 ? percent(r.meanPd) : '-',
      r.count > 0 ? percent(r.minPd) : '-',
      r.count > 0 ? percent(r.maxPd) : '-',
      ...(y ? [r.defaults ?? 0, r.count > 0 ? percent(r.defaultRate!) : '-'] : []),
    ])));
    if (summary.monotone === true) io.out('\ndefault rate rises with every grade (monotone)');
    if (summary.monotone === false) {
      io.out(`\nwarning: the default rate is not monotone in grade: ${summary.violations!.map((v) => `${v.worse} (${percent(v.worseRate)}) below ${v.better} (${percent(v.betterRate)})`).join('; ')}`);
    }
    if (typeof values.out === 'string') io.out(`wrote ${outputName(values.out)}`);
  },
};

function scoresCsv(ds: Dataset, idCol: string | undefined, pd: Float64Array, scores: Float64Array, g: Int32Array, grades: RatingGrades, round: boolean, cells: CsvCellOptions): string {
  const ids = idCol !== undefined ? idLabels(ds.column(idCol)) : undefined;
  const lines = [`${idCol !== undefined ? csvField(idCol, cells) : 'row'},pd,score,grade`];
  for (let i = 0; i < pd.length; i++) {
    const key = ids ? csvField(ids[i], cells) : String(i + 1);
    lines.push(`${key},${pd[i]},${round ? scores[i] : scores[i].toFixed(2)},${csvField(grades.names[g[i]], cells)}`);
  }
  return lines.join('\n') + '\n';
}

/** Scores run opposite to PDs; the open ends (PD 0 and 1) are shown as ≥ / ≤. */
function scoreBand(low: number, high: number, best: boolean, worst: boolean): string {
  if (best && worst) return 'all';
  if (best) return `≥ ${low.toFixed(0)}`;
  if (worst) return `≤ ${high.toFixed(0)}`;
  return `${low.toFixed(0)}–${high.toFixed(0)}`;
}
