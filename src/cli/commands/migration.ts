import { CreditkitError, csvField } from '../../core.js';
import {
  cumulativeDefaultProbabilities, lifetimeExpectedLoss, migrationMatrix, parseRatingPanelCsv, MIGRATION_YEARS,
  type CumulativeDefault, type LifetimeLoss, type MigrationMatrix,
} from '../../lending/index.js';
import {
  type Command, CSV_INPUT_FLAGS, csvInputHelp, csvTextFlags, encodingFlag, integerFlag, listFlag, numberFlag, requireString, valueFlags,
  SAFE_CSV_HELP, SAFE_CSV_OPTION, csvCellsFlag,
} from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { csvNumberCell, table } from '../format.js';
import { writeOutput, outputName } from '../standardOutput.js';
import { inputName, readTextInput } from '../standardInput.js';

export const migrationCommand: Command = {
  name: 'migration',
  summary: 'rating transition matrix of a rating panel (cohort method, with counts), multi-year cumulative PDs, lifetime expected loss',
  deprecatedFlags: { period: 'period-column' },
  usage: 'creditkit migration --panel ratings.csv [--id id --period-column period --rating rating] [--default D] [--order A,B,C,D] [--years 5] ' +
    '[--gaps error|skip] [--lgd 0.45 [--ead 100|100,80,60] [--discount 0.05]] [--out matrix.csv] [--json]',
  help: [
    '  --panel F            CSV with one line per (id, period, rating); periods are whole numbers (years)',
    csvInputHelp(23),
    '  --id, --period-column, --rating C   its column names (default id, period, rating)',
    '  --default D          the default state, absorbing (default D)',
    '  --order A,B,C,D      the ratings best first, the default among them; a rating not listed is an error',
    '                       (default: the ratings seen, in text order, the default last)',
    `  --years N            horizon of the cumulative PDs (default 5, ${MIGRATION_YEARS.min}..${MIGRATION_YEARS.max})`,
    '  --gaps error|skip    an id missing a period between two observed ones: an error (default), or no transition counted across it',
    '  --lgd L              also the lifetime expected loss per starting rating of a loan of --years years with this LGD',
    '  --ead E              its exposure at default: one amount, or one per year (an amortizing schedule; default 1)',
    '  --discount r         annual discount rate of the lifetime expected loss (default 0)',
    '  --out F              one line per starting rating: observations, probabilities and counts per end rating, cumulative PDs',
    '  --json               print the matrix, the cumulative PDs (and lifetime losses) as JSON',
    SAFE_CSV_HELP,
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...valueFlags('panel', 'id', 'period-column', 'rating', 'default', 'order', 'years', 'gaps', 'lgd', 'ead', 'discount', 'out'),
    ...CSV_INPUT_FLAGS,
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'panel'), outputs: fileArgs(v, 'out'), standardOutput: ['out'] }),
  async run(values, io) {
    const panelPath = requireString(values, 'panel', 'migration');
    const years = integerFlag(values, 'years', MIGRATION_YEARS) ?? 5;
    const gaps = values.gaps ?? 'error';
    if (gaps !== 'error' && gaps !== 'skip') throw new CreditkitError('E_USAGE', `--gaps must be error or skip (got "${String(gaps)}")`);
    const order = values.order !== undefined ? listFlag(values, 'order') : undefined;
    if (order !== undefined && order.length === 0) throw new CreditkitError('E_USAGE', '--order needs a comma-separated list of ratings');
    const defaultRating = typeof values.default === 'string' ? values.default.trim() : 'D';
    if (defaultRating === '') throw new CreditkitError('E_USAGE', '--default must not be empty');
    const loan = lifetimeFlags(values, years);

    const text = await readTextInput(panelPath, 'rating panel', encodingFlag(values));
    const columns = {
      ...(typeof values.id === 'string' ? { id: values.id } : {}),
      ...(typeof values['period-column'] === 'string' ? { period: values['period-column'] } : {}),
      ...(typeof values.rating === 'string' ? { rating: values.rating } : {}),
    };
    const panel = parseRatingPanelCsv(text, inputName(panelPath), columns, csvTextFlags(values));
    let matrix: MigrationMatrix;
    try {
      matrix = migrationMatrix(panel, { order, defaultRating, gaps });
    } catch (e) {
      // The library's option errors (the order, the default label, too many ratings) are flag errors here.
      if (e instanceof CreditkitError && e.code === 'E_OPTION') throw new CreditkitError('E_USAGE', e.reason, e.where);
      throw e;
    }
    const cumulative = cumulativeDefaultProbabilities(matrix, years);
    const lifetime = loan === undefined ? undefined : lifetimeLosses(matrix, cumulative, loan);

    if (typeof values.out === 'string') await writeOutput(values.out, matrixCsv(matrix, cumulative, lifetime, csvCellsFlag(values)), io);
    if (values.json) {
      io.out(JSON.stringify({ matrix, cumulativePd: cumulative, ...(lifetime ? { lifetime: { loan, byRating: Object.fromEntries(lifetime) } } : {}) }, null, 2));
      return;
    }
    io.out(describe(matrix, cumulative, lifetime, loan));
    if (typeof values.out === 'string') io.out(`wrote ${outputName(values.out)}`);
  },
};

interface LoanFlags {
  lgd: number;
  ead: number | number[];
  discountRate: number;
}

function lifetimeFlags(values: Record<string, unknown>, years: number): LoanFlags | undefined {
  const lgd = numberFlag(values, 'lgd');
  if (lgd === undefined) {
    for (const f of ['ead', 'discount']) if (values[f] !== undefined) throw new CreditkitError('E_USAGE', `--${f} needs --lgd (the lifetime expected loss)`);
    return undefined;
  }
  if (!(lgd >= 0 && lgd <= 1)) throw new CreditkitError('E_USAGE', `--lgd must be in [0, 1] (got ${lgd})`);
  const discountRate = numberFlag(values, 'discount') ?? 0;
  if (!(discountRate > -1)) throw new CreditkitError('E_USAGE', `--discount must be above -1 (got ${discountRate})`);
  const parts = listFlag(values, 'ead');
  const eads = parts.map(Number);
  if (values.ead !== undefined && (eads.length === 0 || eads.some((e) => !(Number.isFinite(e) && e >= 0)))) {
    throw new CreditkitError('E_USAGE', `--ead must be an amount ≥ 0 or a comma-separated schedule of them (got "${String(values.ead)}")`);
  }
  if (eads.length > years) throw new CreditkitError('E_USAGE', `--ead has ${eads.length} years but --years is ${years}`);
  return { lgd, ead: eads.length > 1 ? eads : eads[0] ?? 1, discountRate };
}

/** Lifetime expected loss per starting rating (not the default state; null when its PDs are unknown). */
function lifetimeLosses(m: MigrationMatrix, c: CumulativeDefault, loan: LoanFlags): [string, LifetimeLoss | null][] {
  return m.ratings.filter((r) => r !== m.defaultRating).map((r) => {
    const pds = c.byRating[r];
    const term = typeof loan.ead === 'number' ? pds.length : loan.ead.length;
    return [r, pds.slice(0, term).some((p) => p === null) ? null : lifetimeExpectedLoss(pds, loan)];
  });
}

function matrixCsv(m: MigrationMatrix, c: CumulativeDefault, lifetime: [string, LifetimeLoss | null][] | undefined, cells: { safe: boolean }): string {
  const head = ['from', 'observations', ...m.ratings, ...m.ratings.map((r) => `count_${r}`), ...c.years.map((t) => `pd_${t}y`)];
  if (lifetime) head.push('lifetime_expected_loss');
  const losses = new Map(lifetime ?? []);
  const out = [head.map((h) => csvField(h, cells)).join(',')];
  m.ratings.forEach((r, i) => {
    const row = [csvField(r, cells), String(m.totals[i]), ...m.probabilities[i].map(csvNumberCell), ...m.counts[i].map(String), ...c.byRating[r].map(csvNumberCell)];
    if (lifetime) row.push(csvNumberCell(losses.get(r)?.expectedLoss ?? null));
    out.push(row.join(','));
  });
  return out.join('\n') + '\n';
}

function describe(m: MigrationMatrix, c: CumulativeDefault, lifetime: [string, LifetimeLoss | null][] | undefined, loan: LoanFlags | undefined): string {
  const notes = [
    m.ignoredAfterDefault > 0 ? `${plural(m.ignoredAfterDefault, 'observation')} after a default ignored` : '',
    m.gapsSkipped > 0 ? `${plural(m.gapsSkipped, 'gap')} skipped` : '',
  ].filter((s) => s !== '');
  const lines = [
    `Rating migration (cohort method): ${m.observations.toLocaleString('en-US')} observations of ${m.ids.toLocaleString('en-US')} ids, ` +
      `periods ${m.periods.first}–${m.periods.last}, ${m.transitions.toLocaleString('en-US')} one-period transitions` +
      (notes.length > 0 ? ` (${notes.join(', ')})` : ''),
    '',
    'one-period transition probabilities (counts); the default row is absorbing',
    table(['from', 'n', ...m.ratings], m.ratings.map((r, i) => r === m.defaultRating
      ? [r, '-', ...m.probabilities[i].map((p) => String(p))]
      : [r, String(m.totals[i]), ...m.probabilities[i].map((p, j) => (p === null ? '-' : `${p.toFixed(4)} (${m.counts[i][j]})`))])),
    '',
    'cumulative PD by horizon',
    table(['from', ...c.years.map((t) => `${t}y`)], m.ratings.filter((r) => r !== m.defaultRating).map((r) => [
      r, ...c.byRating[r].map((p) => (p === null ? '-' : `${(p * 100).toFixed(3)}%`)),
    ])),
  ];
  const unknown = m.ratings.filter((r, i) => r !== m.defaultRating && m.totals[i] === 0);
  if (unknown.length > 0) lines.push(`no transition observed from ${unknown.join(', ')}: their rows, and PDs that reach them, are unknown (-)`);
  if (lifetime && loan) {
    const ead = typeof loan.ead === 'number' ? String(loan.ead) : loan.ead.join('/');
    const term = typeof loan.ead === 'number' ? c.years.length : loan.ead.length;
    lines.push('', `lifetime expected loss of a ${term}-year loan: LGD ${loan.lgd}, EAD ${ead}, discount rate ${loan.discountRate}`,
      table(['from', 'expected loss', ...Array.from({ length: term }, (_, t) => `year ${t + 1}`)], lifetime.map(([r, l]) => [
        r, l === null ? '-' : l.expectedLoss.toPrecision(6), ...(l === null ? new Array<string>(term).fill('-') : l.years.map((y) => y.expectedLoss.toPrecision(4))),
      ])));
  }
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
