import { CreditkitError, hasPointsTable, scorecardLeftOutText, scorecardTableCsv, scorecardTableJson, ScorecardModel, writeFileAtomic } from '../../core.js';
import { type Command, csvCellsFlag, requireString, SAFE_CSV_HELP, SAFE_CSV_OPTION, valueFlags } from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { formatNumber, table } from '../format.js';
import { readModelInput } from '../standardInput.js';
import { writeOutput, outputName } from '../standardOutput.js';

export const scorecardCommand: Command = {
  name: 'scorecard',
  summary: 'print and write the points table of a scorecard model (characteristic, attribute, WOE, coefficient, points)',
  usage: 'creditkit scorecard --model M [--out table.csv | --out table.json] [--json]',
  help: [
    '  --model M      a scorecard model (`creditkit train --kind scorecard`)',
    '  --out F        write the points table: CSV (base points first, then one line per attribute),',
    '                 or JSON when F ends in .json',
    '  --json         print the points table as JSON instead of a text table',
    SAFE_CSV_HELP,
    '  For PD-to-points and rating grades of any model, see "creditkit points".',
  ].join('\n'),
  options: {
    ...SAFE_CSV_OPTION,
    ...valueFlags('model', 'out', 'data'),
    json: { type: 'boolean' },
  },
  files: (v) => ({ inputs: fileArgs(v, 'model'), outputs: fileArgs(v, 'out'), standardOutput: ['out'] }),
  async run(values, io) {
    if (values.data !== undefined) {
      throw new CreditkitError('E_USAGE', '"creditkit scorecard" prints a scorecard model\'s points table and takes no --data; PDs to points and grades is now "creditkit points --model M --data F"');
    }
    const modelPath = requireString(values, 'model', 'scorecard');
    const model = await readModelInput(modelPath);
    if (!hasPointsTable(model) || !(model instanceof ScorecardModel)) {
      throw new CreditkitError('E_USAGE', `${modelPath} is a ${model.toJSON().name}, not a scorecard: fit a ScorecardModel (model kind "scorecard"), or use "creditkit points" to turn its PDs into points`);
    }
    const t = model.pointsTable();
    const out = typeof values.out === 'string' ? values.out : undefined;
    if (out !== undefined) await writeOutput(out, out.toLowerCase().endsWith('.json') ? scorecardTableJson(t) : scorecardTableCsv(t, csvCellsFlag(values)), io);
    if (values.json) {
      io.out(scorecardTableJson(t).trimEnd());
      return;
    }
    const o = model.options;
    io.out(`${modelPath}: scorecard of ${t.characteristics.length} characteristics, ${formatNumber(t.rows.length)} attributes`);
    io.out(`points      ${o.pdo} points double the good:bad odds; ${o.basePoints} points at ${o.baseOdds}:1${o.roundPoints ? '; whole points' : ''}`);
    io.out(`base points ${formatNumber(t.basePoints)} (every applicant's start; score = base points + Σ attribute points)`);
    io.out('');
    io.out(table(['characteristic', 'attribute', 'count', 'share', 'event rate', 'WOE', 'coefficient', 'points'], t.rows.map((r) => [
      r.characteristic, r.attribute, r.count, `${(r.share * 100).toFixed(1)}%`, `${(r.eventRate * 100).toFixed(1)}%`, r.woe.toFixed(4), r.coefficient.toFixed(4),
      o.roundPoints ? r.points : r.points.toFixed(2),
    ])));
    if (model.rejected.length > 0) {
      io.out(`\nleft out: ${scorecardLeftOutText(model.rejected)}`);
    }
    if (t.wrongSign.length > 0) {
      io.out(`\nwarning: coefficient of the wrong sign (a riskier attribute earns more points): ${t.wrongSign.join(', ')}`);
    }
    if (out !== undefined) io.out(`wrote ${outputName(out)}`);
  },
};
