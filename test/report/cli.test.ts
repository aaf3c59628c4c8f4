import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateBinary, readModelFile, splitTarget } from '../../src/index.js';
import { readCsvFileSync } from '../readCsvFileSync.js';
import { cli, GERMAN, tempDir } from '../cli/helpers.js';
import { CHURN_CSV, smallProblem } from '../lending/instances.js';

const APPLICANTS = [
  'id,pd,rating,sector',
  ...smallProblem({ n: 10, seed: 3 }).applicants.map((a) => `${a.id},${a.pd},${a.rating},${a.sector}`),
].join('\n') + '\n';

const CONFIG = {
  bank: { budget: 300, minAmount: 10, maxAmount: 100, rates: [0.04, 0.0625, 0.0865, 0.1105], lgd: 0.6, fundingCost: 0.01 },
  churn: 'churn.csv',
};

/** A copy of a model file whose first feature is a categorical column (same name, another kind). */
function retyped(path: string): unknown {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const spec = json.features.find((f: { name: string }) => f.name === 'duration_months');
  spec.kind = 'categorical';
  spec.categories = ['6', '12'];
  return json;
}

describe('creditkit report', () => {
  let tmp: ReturnType<typeof tempDir>;
  let model: string;
  let strategy: string;
  // German credit cut in two: the first 700 rows train, the last 300 are the holdout.
  let train: string;
  let holdout: string;
  let trainedOnTrain: string;
  let challenger: string;
  beforeAll(async () => {
    tmp = tempDir();
    model = tmp.file('model.json');
    const t = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', model, '--n-estimators', '20', '--max-depth', '3');
    expect(t.code).toBe(0);
    const lines = gunzipSync(readFileSync(GERMAN)).toString('utf8').trimEnd().split('\n');
    train = tmp.file('train.csv', [lines[0], ...lines.slice(1, 701)].join('\n') + '\n');
    holdout = tmp.file('holdout.csv', [lines[0], ...lines.slice(701)].join('\n') + '\n');
    trainedOnTrain = tmp.file('champion.json');
    expect((await cli('train', '--data', train, '--target', 'is_bad', '--out', trainedOnTrain, '--n-estimators', '30', '--max-depth', '3')).code).toBe(0);
    challenger = tmp.file('challenger.json');
    expect((await cli('train', '--data', train, '--target', 'is_bad', '--drop', 'purpose,job', '--out', challenger, '--n-estimators', '10', '--max-depth', '2')).code).toBe(0);
    tmp.file('churn.csv', readFileSync(CHURN_CSV, 'utf8'));
    strategy = tmp.file('strategy.json');
    const o = await cli('optimize', '--applicants', tmp.file('pd.csv', APPLICANTS), '--config', tmp.file('bank.json', JSON.stringify(CONFIG)),
      '--out', tmp.file('strategy.csv'), '--frontier-points', '3', '--json-out', strategy);
    expect(o.err).toBe('');
    expect(o.code).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  it('optimize --json-out writes a strategy file with the frontier', () => {
    const s = JSON.parse(readFileSync(strategy, 'utf8'));
    expect(s.format).toBe('creditkit-strategy');
    expect(s.strategy).toHaveLength(10);
    expect(s.frontier.measure).toBe('expectedLoss');
    expect(s.frontier.points.length).toBeGreaterThanOrEqual(2);
    expect(s.summary.expectedReturn).toBe(s.frontier.points.at(-1).expectedReturn);
  });

  it('writes one HTML file with the model, the comparison and the strategy, and prints its path', async () => {
    const out = tmp.file('report.html');
    const r = await cli('report', '--model', trainedOnTrain, '--data', holdout, '--target', 'is_bad', '--strategy', strategy, '--compare', 'gbdt,tree', '--train', train, '--shap-rows', '50', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ KiB, 1[0-9] charts\\)`));
    const html = readFileSync(out, 'utf8');
    for (const id of ['data', 'performance', 'importance', 'shap', 'champion-challenger', 'lending-1']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('Return versus risk');
    expect(html).not.toMatch(/https?:/);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('compares the champion with trained challengers (logistic among them) and a model file, all scored on the holdout', async () => {
    const out = tmp.file('cc.html');
    const kinds = 'gbdt,rf,logistic';
    const r = await cli('report', '--model', trainedOnTrain, '--data', holdout, '--target', 'is_bad', '--compare', kinds, '--train', train,
      '--model-options', '{"gbdt":{"nEstimators":40}}', '--challenger', challenger, '--compare-repeats', '2', '--shap-rows', '20', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const section = html.slice(html.indexOf('<section id="champion-challenger">'));
    const rows = [...section.slice(0, section.indexOf('</table>')).matchAll(/<tr><td>([^<]+)<\/td><td>(champion|challenger)<\/td><td>([^<]+)<\/td><td class="num">([^<]+)<\/td>/g)];
    expect(rows.map((m) => m[1])).toEqual(['champion.json', ...kinds.split(','), 'challenger.json']);
    expect(rows[1][3]).toBe('gbdt trained on train.csv ({&quot;nEstimators&quot;:40})');
    expect(rows[2][3]).toBe('rf trained on train.csv (defaults)');
    // The AUCs shown are the model files' own AUCs on the holdout rows.
    const { X, y } = splitTarget(readCsvFileSync(holdout), 'is_bad');
    for (const [k, file] of [[0, trainedOnTrain], [4, challenger]] as const) {
      const m = await readModelFile(file);
      expect(rows[k][4]).toBe(evaluateBinary(y, m.predictProba(X)).auc.toFixed(4));
    }
    expect(section).toContain('over 2 repeated stratified splits of the training data');
    expect(html).toContain('against gbdt, rf, logistic, challenger.json');
  });

  it('reports a strategy alone', async () => {
    const out = tmp.file('lending.html');
    const r = await cli('report', '--strategy', strategy, '--out', out, '--title', 'Loans <Q2>');
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>Loans &lt;Q2&gt;</title>');
    expect(html).not.toContain('<section id="data">');
    expect((html.match(/<svg/g) ?? []).length).toBe(4);
  });

  it('bad input: exit 2 with a stable code, and no output file (an existing one is kept)', async () => {
    const out = tmp.file('bad.html');
    writeFileSync(out, 'old');
    const cases: [string[], RegExp][] = [
      [['--model', model, '--data', GERMAN, '--target', 'no_such_col'], /E_TARGET_MISSING/],
      [['--model', model, '--data', tmp.file('few.csv', 'duration_months,is_bad\n6,0\n12,1\n'), '--target', 'is_bad'], /E_COLUMN_UNKNOWN/],
      [['--model', tmp.file('broken.json', '{"format":"creditkit-model","name":"GradientBoostingClassifier"'), '--data', GERMAN, '--target', 'is_bad'], /E_MODEL_FORMAT/],
      [['--model', tmp.file('missing.json'), '--data', GERMAN, '--target', 'is_bad'], /E_FILE_NOT_FOUND/],
      [['--model', model, '--data', GERMAN], /E_USAGE.*needs --data and --target/],
      [['--strategy', tmp.file('s.json', '{"format":"creditkit-strategy","version":1}')], /E_PROBLEM.*at status/],
      [['--strategy', tmp.file('s2.json', readFileSync(strategy, 'utf8').replace('"pd":', '"pd":"x","was":'))], /E_PROBLEM.*at strategy\[0\]\.pd/],
      [['--strategy', tmp.file('s3.json', '[1,2')], /E_PROBLEM.*not valid JSON/],
      [['--model', model, '--data', holdout, '--target', 'is_bad', '--compare', 'gbdt'], /E_USAGE.*--compare fits challengers on training data: give --train F.*fitting a challenger on them would score it on rows it has seen/],
      [['--model', model, '--data', holdout, '--target', 'is_bad', '--compare', 'logistic', '--challenger', challenger], /E_USAGE.*give --train F/],
      [['--model', model, '--data', holdout, '--target', 'is_bad', '--train', train], /E_USAGE.*--train is read only to fit the --compare kinds/],
      [['--compare', 'gbdt', '--train', train, '--data', holdout, '--target', 'is_bad'], /E_USAGE.*--compare needs --model/],
      [['--challenger', challenger, '--data', holdout, '--target', 'is_bad'], /E_USAGE.*--challenger needs --model/],
      [['--model', model, '--data', holdout, '--target', 'is_bad', '--compare', 'gbdt,nosuch', '--train', train], /E_USAGE.*unknown model "nosuch" in --compare/],
      [['--model', model, '--data', holdout, '--target', 'is_bad', '--compare', 'logistic', '--train', train, '--model-options', '{"logistic":{"seed":1}}'], /E_USAGE.*--model-options logistic: unknown option "seed"/],
      [['--model', model, '--data', holdout, '--target', 'is_bad', '--compare', 'logistic', '--train', train, '--model-options', '{"gbdt":{}}'], /E_USAGE.*names "gbdt", which is not in --compare/],
      [['--model', model, '--data', holdout, '--target', 'is_bad', '--compare', 'logistic', '--train', train, '--model-options', '[1]'], /E_USAGE.*--model-options must be a JSON object of objects/],
      [['--model', model, '--data', holdout, '--target', 'is_bad', '--compare-repeats', '3'], /E_USAGE.*--compare-repeats repeats/],
      [['--model', model, '--data', holdout, '--target', 'is_bad', '--challenger', tmp.file('cat.json', JSON.stringify(retyped(model)))], /E_COLUMN_TYPE.*column "duration_months".*reads this column as numeric/],
      [['--model', model, '--data', GERMAN, '--target', 'is_bad', '--shap-rows', '0'], /E_USAGE/],
      [[], /E_USAGE.*nothing to report/],
    ];
    for (const [args, message] of cases) {
      const r = await cli('report', ...args, '--out', out);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.code).toBe(2);
      expect(readFileSync(out, 'utf8')).toBe('old');
    }
    expect((await cli('report', '--strategy', strategy)).err).toMatch(/--out is required/);
    const r = await cli('report', '--strategy', strategy, '--out', tmp.file('no/such/dir/r.html'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/E_FILE_NOT_FOUND/);
    expect(existsSync(tmp.file('no'))).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
