import type { ValidationResult } from '../validation/validateModel.js';
import type { HosmerLemeshow } from '../validation/hosmerLemeshow.js';
import type { Discrimination } from '../validation/discrimination.js';
import { aucPerPeriodChartSpec } from './charts/aucPerPeriod.js';
import { gradeBacktestChartSpec } from './charts/gradeBacktest.js';
import { psiPerPeriodChartSpec } from './charts/psiPerPeriod.js';
import { formatPercent, formatValue, type ReportBlock, type ReportSection } from './html.js';
import { renderSvg } from './renderSvg.js';

/** A figure, or a word saying why there is none (never NaN in a table). */
function fig(x: number | null, why = 'not defined'): string | number {
  return x === null ? why : x;
}

function pValue(p: number | null, why = 'not defined'): string {
  if (p === null) return why;
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}

function interval(c: [number, number] | null, percent = false): string {
  if (c === null) return '—';
  const f = (x: number) => (percent ? formatPercent(x) : formatValue(x));
  return `${f(c[0])} – ${f(c[1])}`;
}

/** "n/a (no defaults)" from a Discrimination's note. */
function undefinedWord(d: Discrimination): string {
  return d.note ? `n/a (${d.note.split(':')[0]})` : 'n/a';
}

/** The AUC's interval, or why there is none ("n/a (one defaulter)"); a dash only beside an AUC that already says why. */
function aucInterval(d: Discrimination): string {
  return d.ci !== null ? interval(d.ci) : d.auc !== null ? undefinedWord(d) : '—';
}

function level(r: ValidationResult): string {
  return `${Math.round(r.settings.confidence * 100)}%`;
}

/** The red and amber flags first: what a reviewer must read. */
export function flagsSection(r: ValidationResult): ReportSection {
  const s = r.summary;
  const blocks: ReportBlock[] = [
    { kind: 'table', headers: ['red', 'amber', 'green'], rows: [[s.red, s.amber, s.green]] },
  ];
  if (s.attention.length === 0) blocks.push({ kind: 'text', text: 'No red or amber flag: every test and stability reading is green.' });
  else blocks.push({ kind: 'table', caption: 'Red and amber flags', headers: ['flag', 'section', 'item', 'reading'], rows: s.attention.map((f) => [f.level.toUpperCase(), f.section, f.item, f.message]) });
  blocks.push({ kind: 'text', text: `How to read: a test's p-value below ${r.settings.levels.red} is red and below ${r.settings.levels.amber} amber; a PSI of 0.25 or more is red and of 0.1 or more amber; a champion significantly better than the model is red; a period or segment where a figure is not defined, and an inversion of default rates between grades, are amber.` });
  return { id: 'flags', title: 'Flags', blocks };
}

export function discriminationSection(r: ValidationResult): ReportSection {
  const d = r.discrimination;
  const row = (name: string, x: Discrimination) => [name, fig(x.auc, undefinedWord(x)), aucInterval(x), fig(x.se, x.auc !== null ? undefinedWord(x) : '—'), fig(x.gini, undefinedWord(x)), interval(x.giniCi), fig(x.ks, undefinedWord(x))];
  const blocks: ReportBlock[] = [
    { kind: 'text', text: `${r.rows.toLocaleString('en-US')} rows, ${r.defaults.toLocaleString('en-US')} defaults (${formatPercent(r.defaultRate)}), mean PD ${formatPercent(r.meanPd)}; ${r.model.pdColumn === null ? `model: ${r.model.kind} on ${r.model.features.length} features` : `PDs scored elsewhere, read from column "${r.model.pdColumn}"`}.` },
    { kind: 'table', headers: ['model', 'AUC', `${level(r)} CI (DeLong)`, 'standard error', 'Gini', 'Gini CI', 'KS'],
      numeric: [false, true, false, true, true, false, true],
      rows: [row('model under review', d), ...(r.champion ? [row(`champion: ${r.champion.champion}`, r.champion.discrimination)] : [])] },
  ];
  if (r.aucChange) {
    const a = r.aucChange;
    blocks.push({ kind: 'table', caption: 'Change of the AUC since the initial validation (ECB; one-sided: a small p-value means the AUC dropped)', headers: ['initial AUC', 'current AUC', 'S = (initial − current) / se', 'p-value'],
      numeric: [true, true, true, false], rows: [[a.initialAuc, fig(a.currentAuc), fig(a.statistic, a.note ?? 'not defined'), pValue(a.p, '—')]] });
  }
  if (r.champion) {
    const t = r.champion.test;
    blocks.push({ kind: 'table', caption: 'DeLong\'s test of AUC(model) − AUC(champion) on the same rows', headers: ['difference', `${level(r)} CI`, 'z', 'p (two-sided)', 'reading'],
      numeric: [true, false, true, false, false],
      rows: [[fig(t.difference), interval(t.ci), fig(t.z, '—'), pValue(t.p, t.note ?? 'not defined'), r.champion.verdict]] });
  }
  blocks.push({ kind: 'text', text: 'How to read: the AUC is the chance that a defaulter gets a higher PD than a non-defaulter (0.5 is chance, 1 perfect); the interval is AUC ± z·se with DeLong\'s standard error; the paired test compares the two models on the same rows, so their correlation narrows the interval of the difference.' });
  return { id: 'discrimination', title: 'Discrimination', blocks };
}

/** Why a Hosmer–Lemeshow p-value is missing, in a word ("n/a (too few groups)"). */
function hlWord(h: HosmerLemeshow): string {
  return h.note ? 'n/a (too few groups)' : '—';
}

function hlRow(name: string, h: HosmerLemeshow): (string | number)[] {
  return [name, fig(h.statistic, h.note ?? 'not defined'), h.df === null ? '—' : h.df, pValue(h.p, '—')];
}

export async function calibrationSection(r: ValidationResult): Promise<ReportSection> {
  const c = r.calibration;
  const blocks: ReportBlock[] = [
    { kind: 'table', caption: 'Back-test per grade (one-sided tests: a small p-value means the PD is too low)',
      headers: ['grade', r.settings.grades.column === null ? 'PD band' : 'grade from', 'rows', 'share', 'defaults', 'mean PD', 'default rate', `Jeffreys ${level(r)} interval`, 'Jeffreys p', 'binomial p', 'light'],
      numeric: [false, false, true, false, true, false, false, false, false, false, false],
      rows: c.grades.map((g) => [
        g.grade, g.lowerPd === null || g.upperPd === null ? `${r.settings.grades.column} = ${g.grade}` : `${formatPercent(g.lowerPd)} – ${formatPercent(g.upperPd)}`, g.count, formatPercent(g.share, 1), g.defaults,
        g.meanPd === null ? 'empty grade' : formatPercent(g.meanPd), g.defaultRate === null ? 'empty grade' : formatPercent(g.defaultRate),
        interval(g.interval, true), pValue(g.jeffreysP, '—'), pValue(g.binomialP, '—'), g.light ?? '—',
      ]) },
  ];
  if (c.grades.some((g) => g.count > 0)) {
    blocks.push({ kind: 'chart', title: 'Calibration per grade', svg: await renderSvg(gradeBacktestChartSpec(c.grades, { intervalName: `Jeffreys ${level(r)} interval` })),
      howToRead: 'for each grade, the observed default rate (dot, coloured by its Jeffreys traffic light) with its interval (grey bar), against the grade\'s mean PD (black tick). A tick below the bar means the PD underestimates the grade\'s risk; a tick above it, a conservative PD.' });
  }
  blocks.push(
    { kind: 'table', caption: 'Whole-sample tests', headers: ['test', 'statistic', 'df', 'p-value'], numeric: [false, true, false, false], rows: [
      hlRow('Hosmer–Lemeshow, deciles of PD', c.hosmerLemeshowDeciles),
      hlRow('Hosmer–Lemeshow, grades', c.hosmerLemeshowGrades),
      ['Spiegelhalter z (two-sided)', fig(c.spiegelhalter.z, c.spiegelhalter.note ?? 'not defined'), '—', pValue(c.spiegelhalter.p, '—')],
    ] },
    { kind: 'table', headers: ['figure', 'value'], numeric: [false, false], rows: [
      ['default rates monotone across grades', c.monotone ? 'yes' : `no: ${c.inversions.map((v) => `${v.better} (${formatPercent(v.betterRate)}) > ${v.worse} (${formatPercent(v.worseRate)})`).join('; ')}`],
      ['Herfindahl index Σ share²', formatValue(c.herfindahl.index)],
      ['Herfindahl, ECB normalised (0 equal shares, 1 one grade)', c.herfindahl.normalised === null ? 'one grade: not defined' : formatValue(c.herfindahl.normalised)],
    ] },
    { kind: 'text', text: `How to read: the Jeffreys test (ECB) and the binomial test ask whether a grade's defaults are too many for its PD; Hosmer–Lemeshow (${r.settings.hlDf === 'groups' ? 'G' : 'G − 2'} degrees of freedom) and Spiegelhalter ask whether the PDs fit over the whole sample, in both directions. The Herfindahl index measures how concentrated the rows are in few grades.` },
  );
  return { id: 'calibration', title: 'Calibration', blocks };
}

export function stabilitySection(r: ValidationResult): ReportSection | undefined {
  const s = r.stability;
  if (!s) return undefined;
  return {
    id: 'stability',
    title: 'Stability against the baseline',
    blocks: [
      { kind: 'table', caption: `Against ${s.baselineRows.toLocaleString('en-US')} baseline rows`, headers: ['what', 'PSI', 'reading'], numeric: [false, true, false],
        rows: [['PD', s.score.psi, s.score.label], ['grade distribution', s.grades.psi, s.grades.label], ...s.characteristics.map((c) => [`feature: ${c.name}`, c.psi, c.label])] },
      { kind: 'text', text: 'How to read: the population stability index compares the shares of the rows in bins of the baseline; below 0.1 the population is stable, 0.1–0.25 has moved moderately, 0.25 or more significantly — then the model meets borrowers unlike those it learnt from.' },
    ],
  };
}

export async function outOfTimeSection(r: ValidationResult): Promise<ReportSection | undefined> {
  const o = r.outOfTime;
  if (!o) return undefined;
  const blocks: ReportBlock[] = [
    { kind: 'table', caption: `Per ${o.periodKind} of "${o.column}" (the back-test of each period's mean PD is one-sided: a small p-value means the PD is too low)`,
      headers: ['period', 'rows', 'defaults', 'default rate', 'mean PD', 'AUC', `${level(r)} CI`, 'Jeffreys p', 'binomial p', 'light', 'PSI vs first', 'reading'],
      numeric: [false, true, true, false, false, true, false, false, false, false, true, false],
      rows: o.periods.map((p) => [
        p.period, p.count, p.defaults, formatPercent(p.defaultRate), formatPercent(p.meanPd), fig(p.discrimination.auc, undefinedWord(p.discrimination)), aucInterval(p.discrimination),
        pValue(p.jeffreysP), pValue(p.binomialP), p.light, p.psi, p.psiLabel,
      ]) },
    { kind: 'chart', title: 'AUC per period', svg: await renderSvg(aucPerPeriodChartSpec(o.periods.map((p) => ({ period: p.period, auc: p.discrimination.auc, ci: p.discrimination.ci, note: p.discrimination.note })), { intervalName: `${level(r)} CI` })),
      howToRead: 'the AUC of each period with its DeLong interval (band). A downward drift, or a band that leaves the first periods\' level, says the model ranks new borrowers less well; a grey cross marks a period without an AUC (one class).' },
    { kind: 'chart', title: 'PSI per period', svg: await renderSvg(psiPerPeriodChartSpec(o.periods.map((p) => ({ period: p.period, psi: p.psi })))),
      howToRead: 'how far the PD distribution of each period has moved from the first period\'s; bars above the amber rule (0.1) are a moderate shift, above the red one (0.25) a significant shift.' },
  ];
  return { id: 'out-of-time', title: 'Out of time', blocks };
}

export function segmentsSection(r: ValidationResult): ReportSection | undefined {
  const s = r.segments;
  if (!s) return undefined;
  return {
    id: 'segments',
    title: `Segments by "${s.column}"`,
    blocks: [
      { kind: 'table', headers: ['segment', 'rows', 'defaults', 'default rate', 'mean PD', 'AUC', `${level(r)} CI`, 'KS', 'Hosmer–Lemeshow p', 'Spiegelhalter p', 'red Jeffreys grades'],
        numeric: [false, true, true, false, false, true, false, true, false, false, true],
        rows: s.segments.map((g) => [
          g.segment, g.count, g.defaults, formatPercent(g.defaultRate), formatPercent(g.meanPd), fig(g.discrimination.auc, undefinedWord(g.discrimination)),
          aucInterval(g.discrimination), fig(g.discrimination.ks, undefinedWord(g.discrimination)), pValue(g.calibration.hosmerLemeshowDeciles.p, hlWord(g.calibration.hosmerLemeshowDeciles)),
          pValue(g.calibration.spiegelhalter.p, g.calibration.spiegelhalter.note ? 'n/a (no variance)' : '—'),
          g.calibration.grades.filter((x) => x.light === 'red').length,
        ]) },
      { kind: 'table', caption: 'Back-test per grade within each segment (grades with rows; one-sided tests: a small p-value means the PD is too low)',
        headers: ['segment', 'grade', 'rows', 'defaults', 'mean PD', 'default rate', 'Jeffreys p', 'binomial p', 'light'],
        numeric: [false, false, true, true, false, false, false, false, false],
        rows: s.segments.flatMap((g) => g.calibration.grades.filter((x) => x.count > 0).map((x) => [
          g.segment, x.grade, x.count, x.defaults, formatPercent(x.meanPd!), formatPercent(x.defaultRate!), pValue(x.jeffreysP), pValue(x.binomialP), x.light!,
        ])) },
      { kind: 'text', text: 'How to read: the same figures within each segment — discrimination, the whole-segment calibration tests, and the back-test of each grade; a segment whose AUC or calibration falls well below the others is served worse by the model. A one-class segment has no AUC and says so.' },
    ],
  };
}

/** Fairness per protected attribute: one table per column, groups against the most favoured one. */
export function fairnessSection(r: ValidationResult): ReportSection | undefined {
  const f = r.fairness;
  if (!f) return undefined;
  const gap = (x: number | null): string => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pts`);
  const blocks: ReportBlock[] = [{ kind: 'text', text: `Approval rule: ${f.rule}. Positive = default; TPR = share of a group's defaulters declined, FPR = share of its non-defaulters declined.` }];
  for (const c of f.columns) {
    blocks.push({
      kind: 'table',
      headers: [`${c.column}`, 'rows', 'approval rate', 'disparate impact', 'four-fifths', 'TPR gap', 'FPR gap', 'mean PD', 'default rate', 'calibration p', 'notes'],
      numeric: [false, true, false, true, false, false, false, false, false, false, false],
      rows: c.groups.map((g) => [
        g.group + (g.reference ? ' (reference)' : ''), g.count, formatPercent(g.approvalRate), g.disparateImpact === null ? 'n/a' : formatValue(g.disparateImpact),
        g.belowFourFifths === null ? 'n/a' : g.belowFourFifths ? 'below' : 'ok', gap(g.tprGap), gap(g.fprGap), formatPercent(g.meanPd), formatPercent(g.defaultRate),
        pValue(g.calibrationPValue), g.notes.join('; '),
      ]),
    });
    if (c.referenceNote) blocks.push({ kind: 'text', text: c.referenceNote });
  }
  blocks.push({ kind: 'text', text: 'How to read: a disparate impact below 0.8 (the four-fifths rule) means the group is approved at under four fifths of the most favoured group\'s rate (red flag); TPR and FPR gaps over 10 points mean defaulters or good payers of the group are declined more often (amber); a small calibration p says the model\'s PDs miss the group\'s observed default rate. Protected attributes are never model features.' });
  return { id: 'fairness', title: 'Fairness per protected group', blocks };
}
