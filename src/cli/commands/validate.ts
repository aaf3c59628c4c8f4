import { printModelNotices } from '../modelNotices.js';
import {
  CreditkitError, RatingGrades, DEFAULT_MASTER_SCALE, validateModel, validateScores, TRAFFIC_LIGHT_LEVELS, type ValidationOptions,
  type ValidationResult, type PeriodChoice, type HosmerLemeshowDf, type Dataset, protectedAttributesOf, type FairnessOptions,
} from '../../core.js';
import { type Command, CSV_INPUT_FLAGS, csvTextFlags, csvInputHelp, fractionFlag, listFlag, numberFlag, requireString, valueFlags, optionErrorsAsUsage } from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { columnsAre, flagColumnError, type ColumnFlags } from '../flagColumnError.js';
import { buildValidationReport } from '../../report/index.js';
import { formatNumber, percent, table } from '../format.js';
import { readCsvForModel, readLabelledForModel } from '../readWithSchema.js';
import { inputName, readDataInput, readModelInput } from '../standardInput.js';
import { writeOutput, outputName } from '../standardOutput.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'validate a PD model: AUC with DeLong intervals, Jeffreys test per grade, stability, out-of-time, segments, champion',
  usage: 'creditkit validate (--model M | --pd COL) --data F --target COL [--date COL [--period auto|month|quarter]] [--segment COL] [--grades SPEC | --grade-column COL [--grade-order A,B,…]] [--champion M2 | --champion-pd COL] [--baseline train.csv] [--confidence 0.95] [--hl-df groups-2|groups] [--initial-auc 0.86] [--protected COL,… [--cutoff PD | --approval-share S]] [--json] [--out validation.html]',
  help: [
    '  --model M          the model under review',
    '  --pd COL           instead of --model: PDs scored elsewhere, read from this column of --data (and of --baseline)',
    '  --data F           labelled rows to validate on (CSV or CSV.gz), e.g. the last year\'s outcomes',
    csvInputHelp(21),
    '  --target COL       0/1 default flag column',
    '  --positive LABEL   the default label of a text target column',
    '  --date COL         a date column (yyyy-mm-dd, yyyy/mm/dd, yyyymmdd, yyyy-mm, yyyy-Qn, …): figures per period',
    '  --period P         auto (months when the dates span at most 24 months, else quarters), month or quarter',
    '  --segment COL      figures per value of this column (e.g. an age band or a product)',
    `  --grades SPEC      PD bands, best first, NAME:upperPD,…,NAME (default: the master scale ${DEFAULT_MASTER_SCALE})`,
    '  --grade-column COL grades from this column (e.g. the bank\'s rating) instead of PD bands: the back-test per label',
    '  --grade-order L,…  the labels of --grade-column, best first (default: the labels found, ordered by mean PD)',
    '  --champion M2      a second model scored on the same rows; DeLong\'s test of the AUC difference',
    '  --champion-pd COL  with --pd: the champion\'s PDs, a column of --data',
    '  --baseline F       earlier data (e.g. the training sample): PSI of the PD, the grades and every feature',
    '  --confidence C     level of the AUC and default-rate intervals (default 0.95)',
    '  --initial-auc A    the AUC at the initial validation: the ECB\'s one-sided test of a drop since then',
    '  --hl-df D          Hosmer–Lemeshow\'s degrees of freedom: groups-2 (default, the fitting sample) or groups (a sample the model never saw)',
    '  --protected COLS   protected attributes (columns of --data, never model features): approval rate, disparate',
    '                     impact (four-fifths rule), TPR/FPR gaps and calibration per group; default: those the',
    '                     model file records (train --protected)',
    '  --cutoff PD        fairness: approve when PD < this (your policy\'s cut-off)',
    '  --approval-share S fairness: approve the share S with the lowest PD (default 0.8 when no --cutoff)',
    '  --json             print every figure as JSON (the audit trail)',
    '  --out F            write the report: HTML (tables, charts, flags first) when F ends in .html, else every figure as JSON',
    `  Traffic lights: a test's p-value below ${TRAFFIC_LIGHT_LEVELS.red} is red, below ${TRAFFIC_LIGHT_LEVELS.amber} amber; PSI ≥ 0.25 red, ≥ 0.1 amber.`,
  ].join('\n'),
  options: {
    ...valueFlags('model', 'pd', 'data', 'target', 'positive', 'date', 'period', 'segment', 'grades', 'grade-column', 'grade-order', 'champion', 'champion-pd', 'baseline', 'confidence', 'hl-df', 'initial-auc', 'protected', 'cutoff', 'approval-share', 'out'),
    ...CSV_INPUT_FLAGS,
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'model', 'data', 'champion', 'baseline'), outputs: fileArgs(v, 'out'), standardOutput: ['out'] }),
  async run(values, io) {
    const pdColumn = typeof values.pd === 'string' ? values.pd : undefined;
    const championPd = typeof values['champion-pd'] === 'string' ? values['champion-pd'] : undefined;
    checkSourceFlags(values, pdColumn, championPd);
    const modelPath = pdColumn === undefined ? requireString(values, 'model', 'validate') : undefined;
    const dataPath = requireString(values, 'data', 'validate');
    const target = requireString(values, 'target', 'validate');
    const period = periodFlag(values.period);
    const hlDf = hlDfFlag(values['hl-df']);
    const confidence = fractionFlag(values, 'confidence');
    const initialAuc = fractionFlag(values, 'initial-auc');
    const grades = typeof values.grades === 'string' ? optionErrorsAsUsage(() => RatingGrades.parse(values.grades as string)) : undefined;
    const gradeColumn = typeof values['grade-column'] === 'string' ? values['grade-column'] : undefined;
    if (grades && gradeColumn !== undefined) throw new CreditkitError('E_USAGE', 'give --grades (PD bands) or --grade-column (labels), not both');
    if (values['grade-order'] !== undefined && gradeColumn === undefined) throw new CreditkitError('E_USAGE', '--grade-order orders the labels of --grade-column: give the column too');
    const gradeOrder = values['grade-order'] !== undefined ? listFlag(values, 'grade-order') : undefined;
    const date = typeof values.date === 'string' ? values.date : undefined;
    const segment = typeof values.segment === 'string' ? values.segment : undefined;
    const csvText = csvTextFlags(values);
    const fairness = fairnessRule(values);

    const model = modelPath !== undefined ? await readModelInput(modelPath, printModelNotices(io, modelPath)) : undefined;
    const champion = typeof values.champion === 'string' ? await readModelInput(values.champion, printModelNotices(io, values.champion)) : undefined;
    const protectedColumns = values.protected !== undefined ? listFlag(values, 'protected') : model ? [...protectedAttributesOf(model)] : [];
    if (fairness && protectedColumns.length === 0) throw new CreditkitError('E_USAGE', '--cutoff and --approval-share set the fairness check\'s approval rule: name the protected columns with --protected');
    const extra = [date, segment, gradeColumn, ...protectedColumns].filter((c): c is string => c !== undefined);
    const common: Omit<ValidationOptions, 'champion' | 'baseline'> = {
      target, positive: values.positive as string | undefined, grades, gradeColumn, gradeOrder, date, period, segment, confidence, hlDf, initialAuc, protected: protectedColumns, ...(fairness ? { fairness } : {}),
    };
    // A column a flag names that a file lacks: the error names the flag.
    const columnFlags: ColumnFlags = [['--pd', [pdColumn]], ['--champion-pd', [championPd]], ['--date', [date]], ['--segment', [segment]], ['--grade-column', [gradeColumn]], ['--protected', protectedColumns]];
    const features = new Set(model?.featureSpecs.map((f) => f.name) ?? []);
    const read = async <T>(flag: string, f: () => Promise<T>): Promise<T> => {
      try {
        return await f();
      } catch (e) {
        if (e instanceof CreditkitError && e.code === 'E_COLUMN_UNKNOWN' && e.where.column !== undefined && features.has(e.where.column)) {
          throw new CreditkitError('E_COLUMN_UNKNOWN', `the ${flag} file lacks "${e.where.column}", a feature of the model${columnsAre(e)}`, e.where);
        }
        throw flagColumnError(e, columnFlags);
      }
    };
    let result: ValidationResult;
    if (model) {
      const { ds } = await read('--data', () => readLabelledForModel(dataPath, model.featureSpecs, target, common.positive, extra, csvText));
      const baseline: Dataset | undefined = typeof values.baseline === 'string' ? await read('--baseline', () => readCsvForModel(values.baseline as string, model.featureSpecs, gradeColumn !== undefined ? [gradeColumn] : [], csvText)) : undefined;
      result = optionErrorsAsUsage(() => validateModel(model, ds, { ...common, champion, baseline }));
    } else {
      // PDs scored elsewhere: every column is read (the shared ones are the baseline's characteristics), the PDs and labels as text (exact decimals).
      const asText = (columns: (string | undefined)[]) => ({ types: Object.fromEntries(columns.filter((c): c is string => c !== undefined).map((c) => [c, 'categorical' as const])), ...csvText });
      const ds = await read('--data', () => readDataInput(dataPath, asText([pdColumn, championPd, target, ...extra]))).catch((e: unknown) => {
        if (e instanceof CreditkitError && e.code === 'E_COLUMN_UNKNOWN' && e.where.column === target) {
          throw new CreditkitError('E_TARGET_MISSING', `no target column "${target}" in the data${columnsAre(e)}`, e.where);
        }
        throw e;
      });
      const baseline = typeof values.baseline === 'string' ? await read('--baseline', () => readDataInput(values.baseline as string, asText([pdColumn, gradeColumn]))) : undefined;
      result = optionErrorsAsUsage(() => validateScores(ds, { ...common, pd: pdColumn!, championPd, baseline }));
    }
    const json = JSON.stringify({ files: { model: modelPath ?? null, data: dataPath, champion: values.champion ?? null, baseline: values.baseline ?? null }, ...result }, null, 2);
    if (typeof values.out === 'string') {
      const html = /\.html?$/i.test(values.out);
      const subtitle = `${modelPath ?? `PDs of column "${pdColumn}"`} on ${inputName(dataPath)}${values.champion ? `, champion ${String(values.champion)}` : championPd ? `, champion PDs "${championPd}"` : ''}${values.baseline ? `, baseline ${String(values.baseline)}` : ''}`;
      await writeOutput(values.out, html ? await buildValidationReport(result, { subtitle }) : json + '\n', io);
    }
    if (values.json) {
      io.out(json);
      return;
    }
    printSummary(io.out, dataPath, result);
    if (typeof values.out === 'string') io.out(`\nwrote ${outputName(values.out)}`);
  },
};

/** --model or --pd (PDs scored elsewhere), each with its own kind of champion. */
function checkSourceFlags(values: Record<string, unknown>, pdColumn: string | undefined, championPd: string | undefined): void {
  if (pdColumn !== undefined && values.model !== undefined) throw new CreditkitError('E_USAGE', 'give --model (a model scores the rows) or --pd COL (PDs scored elsewhere), not both');
  if (pdColumn !== undefined && values.champion !== undefined) throw new CreditkitError('E_USAGE', 'with --pd the champion\'s PDs are a column too: give --champion-pd COL instead of --champion');
  if (championPd !== undefined && pdColumn === undefined) throw new CreditkitError('E_USAGE', '--champion-pd reads a champion\'s PDs from a column: it goes with --pd COL; with --model give --champion M2');
}

function fairnessRule(values: Record<string, unknown>): FairnessOptions | undefined {
  const cutoff = numberFlag(values, 'cutoff');
  const approvalShare = fractionFlag(values, 'approval-share');
  if (cutoff !== undefined && approvalShare !== undefined) throw new CreditkitError('E_USAGE', 'give --cutoff or --approval-share, not both');
  if (cutoff !== undefined && !(cutoff > 0 && cutoff <= 1)) throw new CreditkitError('E_USAGE', `--cutoff is a PD in (0, 1], got ${cutoff}`);
  return cutoff !== undefined ? { cutoff } : approvalShare !== undefined ? { approvalShare } : undefined;
}

function hlDfFlag(v: unknown): HosmerLemeshowDf | undefined {
  if (v === undefined) return undefined;
  if (v === 'groups-2' || v === 'groups') return v;
  throw new CreditkitError('E_USAGE', `--hl-df is groups-2 or groups, got ${String(v)}`);
}

function periodFlag(v: unknown): PeriodChoice | undefined {
  if (v === undefined) return undefined;
  if (v === 'auto' || v === 'month' || v === 'quarter') return v;
  throw new CreditkitError('E_USAGE', `--period is auto, month or quarter, got ${String(v)}`);
}

function printSummary(out: (s: string) => void, dataPath: string, r: ValidationResult): void {
  const d = r.discrimination;
  out(`${inputName(dataPath)}: ${formatNumber(r.rows)} rows, ${formatNumber(r.defaults)} defaults (${percent(r.defaultRate)}), mean PD ${percent(r.meanPd)}`);
  out(`flags: ${r.summary.red} red, ${r.summary.amber} amber, ${r.summary.green} green`);
  for (const f of r.summary.attention) out(`  ${f.level.toUpperCase().padEnd(5)} ${f.section} · ${f.item}: ${f.message}`);
  const level = `${Math.round(r.settings.confidence * 100)}%`;
  out('\nDiscrimination');
  out(table(['model', 'AUC', `${level} CI (DeLong)`, 'Gini', 'KS'], [
    ['model', fig(d.auc, d.note), ci(d), fig(d.gini, d.note), fig(d.ks, d.note)],
    ...(r.champion ? [['champion ' + r.champion.champion, fig(r.champion.discrimination.auc, r.champion.discrimination.note), ci(r.champion.discrimination), fig(r.champion.discrimination.gini), fig(r.champion.discrimination.ks)]] : []),
  ]));
  if (r.aucChange) {
    const a = r.aucChange;
    out(a.p === null ? `AUC change since the initial validation: not defined (${a.note})` : `AUC change since the initial validation (${a.initialAuc}): S = ${a.statistic!.toFixed(3)}, p = ${p(a.p)} (one-sided: small = AUC dropped)`);
  }
  if (r.champion) {
    const t = r.champion.test;
    out(t.p === null ? `DeLong test: not defined (${t.note})` : `DeLong test of the AUC difference ${t.difference!.toFixed(4)}: z = ${t.z!.toFixed(3)}, p = ${p(t.p)} → ${r.champion.verdict}`);
  }
  const c = r.calibration;
  const from = r.settings.grades.column === null ? '' : ` of column "${r.settings.grades.column}"`;
  out(`\nCalibration per grade${from} (one-sided tests: a small p-value means the PD is too low)`);
  out(table(['grade', 'rows', 'defaults', 'mean PD', 'default rate', 'Jeffreys p', 'binomial p', 'light'], c.grades.map((g) => [
    g.grade, g.count, g.defaults, g.meanPd === null ? '—' : percent(g.meanPd), g.defaultRate === null ? '— (empty)' : percent(g.defaultRate),
    g.jeffreysP === null ? '—' : p(g.jeffreysP), g.binomialP === null ? '—' : p(g.binomialP), g.light ?? '—',
  ])));
  const hl = c.hosmerLemeshowDeciles;
  out(`Hosmer–Lemeshow (deciles): ${hl.statistic === null ? `not defined (${hl.note})` : `χ² = ${hl.statistic.toFixed(2)}, df ${hl.df}, p = ${p(hl.p!)}`}`);
  out(`Spiegelhalter: ${c.spiegelhalter.z === null ? `not defined (${c.spiegelhalter.note})` : `z = ${c.spiegelhalter.z.toFixed(3)}, p = ${p(c.spiegelhalter.p!)}`}`);
  out(`monotone default rates: ${c.monotone ? 'yes' : `no (${c.inversions.map((v) => `${v.better} > ${v.worse}`).join(', ')})`}; Herfindahl ${c.herfindahl.index.toFixed(4)} (normalised ${c.herfindahl.normalised === null ? '—' : c.herfindahl.normalised.toFixed(4)})`);
  if (r.stability) {
    const s = r.stability;
    out(`\nStability against the baseline (${formatNumber(s.baselineRows)} rows)`);
    out(table(['what', 'PSI', 'reading'], [['PD', s.score.psi, s.score.label], ['grades', s.grades.psi, s.grades.label], ...s.characteristics.map((x) => [x.name, x.psi, x.label])]));
  }
  if (r.outOfTime) {
    out(`\nOut of time by ${r.outOfTime.periodKind} (${r.outOfTime.column})`);
    out(table(['period', 'rows', 'defaults', 'default rate', 'mean PD', 'AUC', `${level} CI`, 'Jeffreys p', 'binomial p', 'light', 'PSI vs first'], r.outOfTime.periods.map((q) => [
      q.period, q.count, q.defaults, percent(q.defaultRate), percent(q.meanPd), fig(q.discrimination.auc, q.discrimination.note), ci(q.discrimination),
      p(q.jeffreysP), p(q.binomialP), q.light, q.psi,
    ])));
  }
  if (r.segments) {
    out(`\nSegments (${r.segments.column})`);
    out(table(['segment', 'rows', 'defaults', 'default rate', 'mean PD', 'AUC', `${level} CI`, 'HL p'], r.segments.segments.map((s) => [
      s.segment, s.count, s.defaults, percent(s.defaultRate), percent(s.meanPd), fig(s.discrimination.auc, s.discrimination.note), ci(s.discrimination),
      s.calibration.hosmerLemeshowDeciles.p === null ? '—' : p(s.calibration.hosmerLemeshowDeciles.p),
    ])));
  }
  if (r.fairness) {
    out(`\nFairness: ${r.fairness.rule}; positive = default, TPR/FPR = share of defaulters/non-defaulters declined`);
    for (const c of r.fairness.columns) {
      out(`${c.column} (reference: ${c.reference}${c.flagged.length > 0 ? `; below four fifths: ${c.flagged.join(', ')}` : ''})`);
      out(table(['group', 'rows', 'approval rate', 'disparate impact', 'TPR gap', 'FPR gap', 'mean PD', 'default rate', 'calibration p'], c.groups.map((g) => [
        g.group + (g.reference ? ' (ref)' : ''), g.count, percent(g.approvalRate),
        g.disparateImpact === null ? 'n/a' : g.disparateImpact.toFixed(3) + (g.belowFourFifths ? ' < 0.8' : ''),
        g.tprGap === null ? 'n/a' : signedPoints(g.tprGap), g.fprGap === null ? 'n/a' : signedPoints(g.fprGap),
        percent(g.meanPd), percent(g.defaultRate), p(g.calibrationPValue),
      ])));
    }
  }
}

function signedPoints(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pts`;
}

/** A figure, or the word saying why there is none. */
function fig(x: number | null, note?: string): string {
  if (x !== null) return x.toFixed(4);
  return note?.startsWith('no defaults') ? 'n/a (no defaults)' : note?.startsWith('no non-defaults') ? 'n/a (one class)' : 'n/a';
}

/** The AUC's interval, or why there is none beside a defined AUC ("n/a (one defaulter)"). */
function ci(d: { auc: number | null; ci: [number, number] | null; note?: string }): string {
  if (d.ci !== null) return `${d.ci[0].toFixed(4)}–${d.ci[1].toFixed(4)}`;
  return d.auc !== null && d.note ? `n/a (${d.note.split(':')[0]})` : '—';
}

function p(x: number): string {
  return x < 1e-4 ? x.toExponential(2) : x.toFixed(4);
}
