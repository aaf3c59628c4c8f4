import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('creditkit report', () => {
  let tmp: ReturnType<typeof tempDir>;
  let model: string;
  let strategy: string;
  beforeAll(async () => {
    tmp = tempDir();
    model = tmp.file('model.json');
    const t = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', model, '--n-estimators', '20', '--max-depth', '3');
    expect(t.code).toBe(0);
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
    const r = await cli('report', '--model', model, '--data', GERMAN, '--target', 'is_bad', '--strategy', strategy, '--compare', 'gbdt,tree', '--shap-rows', '50', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ KiB, 1[0-9] charts\\)`));
    const html = readFileSync(out, 'utf8');
    for (const id of ['data', 'performance', 'importance', 'shap', 'comparison', 'lending-1']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('Return versus risk');
    expect(html).not.toMatch(/https?:/);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
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
      [['--compare', 'gbdt,nosuch', '--data', GERMAN, '--target', 'is_bad'], /E_OPTION.*unknown model "nosuch"/],
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
