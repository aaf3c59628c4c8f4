import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { irbCapital } from '../../src/lending/irb.js';
import { cli, tempDir } from '../cli/helpers.js';
import { CHURN_CSV } from './instances.js';

const PORTFOLIO = [
  'id,pd,lgd,ead,exposure_class,maturity,turnover,rating',
  'c1,0.01,0.45,100,corporate,2.5,,B',
  'c2,0.0002,0.45,50,corporate,0.5,12,A',
  'm1,0.02,0.15,200,residential-mortgage,,,B',
  'r1,0.03,0.8,10,qualifying-revolving,,,C',
  'o1,0.05,0.6,20,,,,C',
].join('\n') + '\n';

const APPLICANTS = [
  'id,pd,rating,lgd,exposure_class,maturity,turnover',
  'a1,0.008,A,0.45,corporate,1,8',
  'a2,0.012,A,0.4,corporate,3,',
  'a3,0.02,B,0.2,residential-mortgage,,',
  'a4,0.03,B,0.75,other-retail,,',
  'a5,0.015,A,0.45,,5,40',
].join('\n') + '\n';

describe('creditkit capital', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    tmp.file('churn.csv', readFileSync(CHURN_CSV, 'utf8'));
  });
  afterEach(() => tmp.cleanup());

  it('a portfolio CSV: per-loan IRB figures, totals by class and rating', async () => {
    const out = tmp.file('capital.csv');
    const r = await cli('capital', '--portfolio', tmp.file('loans.csv', PORTFOLIO), '--exposure-class', 'other-retail', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Basel IRB capital \(CRE31, Basel III PD floors\) of 5 loans/);
    expect(r.out).toMatch(/residential-mortgage/);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(','));
    const col = (n: string) => lines[0].indexOf(n);
    expect(lines).toHaveLength(6);
    const c1 = irbCapital({ pd: 0.01, lgd: 0.45, ead: 100, exposureClass: 'corporate', maturity: 2.5 });
    expect(Number(lines[1][col('rwa')])).toBeCloseTo(c1.rwa, 8);
    expect(Number(lines[1][col('capital')])).toBeCloseTo(0.08 * c1.rwa, 8);
    // c2: PD raised to the Basel III corporate floor, maturity to 1 year, SME adjustment for EUR 12m.
    expect(lines[2][col('floored_pd')]).toBe('0.0005');
    const c2 = irbCapital({ pd: 0.0002, lgd: 0.45, ead: 50, exposureClass: 'corporate', maturity: 0.5, turnover: 12 });
    expect(Number(lines[2][col('k')])).toBeCloseTo(c2.k, 12);
    expect(lines[5][col('exposure_class')]).toBe('other-retail');
    const json = JSON.parse((await cli('capital', '--portfolio', tmp.file('loans.csv'), '--pd-floor', 'basel2', '--ratio', '0.105', '--json')).out);
    expect(json.lines[1].flooredPd).toBe(0.0003);
    expect(json.total.loans).toBe(5);
    expect(json.total.capital).toBeCloseTo(0.105 * json.total.rwa, 9);
    expect(Object.keys(json.byRating).sort()).toEqual(['A', 'B', 'C']);
  });

  it.each([
    ['an LGD outside [0, 1]', 'c3,0.01,1.4,10,corporate,,,', 'lgd', /LGD must lie in \[0, 1\]/],
    ['a negative EAD', 'c3,0.01,0.4,-10,corporate,,,', 'ead', /EAD must be ≥ 0/],
    ['an unknown exposure class', 'c3,0.01,0.4,10,sovereign,,,', 'exposure_class', /unknown exposure class/],
    ['a duplicate id', 'c1,0.01,0.4,10,corporate,,,', 'id', /also on line 2/],
  ])('%s is E_PROBLEM naming the file, line and column; nothing written', async (_name, row, column, message) => {
    const out = tmp.file('capital.csv');
    const r = await cli('capital', '--portfolio', tmp.file('loans.csv', PORTFOLIO + row + '\n'), '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[E_PROBLEM]');
    expect(r.err).toContain(`line 7, column "${column}"`);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('needs exactly one of --portfolio and --strategy; refuses an output that is its input', async () => {
    const r = await cli('capital');
    expect(r.code).toBe(2);
    expect(r.err).toContain('[E_USAGE]');
    const loans = tmp.file('loans.csv', PORTFOLIO);
    const same = await cli('capital', '--portfolio', loans, '--out', loans);
    expect(same.code).toBe(2);
    expect(same.err).toContain('[E_USAGE]');
    expect(readFileSync(loans, 'utf8')).toBe(PORTFOLIO);
    for (const [flag, value] of [['--pd-floor', 'basel4'], ['--ratio', '0'], ['--exposure-class', 'sme'], ['--maturity', '-1']]) {
      const bad = await cli('capital', '--portfolio', loans, flag, value);
      expect(bad.code, flag).toBe(2);
      expect(bad.err, flag).toContain('[E_USAGE]');
    }
  });

  it('optimize with a capital limit, then capital on its strategy: the same RWA', async () => {
    const config = {
      bank: { budget: 300, minAmount: 10, maxAmount: 100, rates: [0.04, 0.0625, 0.0865], lgd: 0.6 },
      churn: 'churn.csv',
      capital: { ratio: 0.1, maturity: 2 },
      limits: { capital: 12 },
    };
    const f = { applicants: tmp.file('pd.csv', APPLICANTS), config: tmp.file('bank.json', JSON.stringify(config)) };
    const out = tmp.file('strategy.csv');
    const json = tmp.file('strategy.json');
    const r = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', out, '--json-out', json,
      '--frontier', tmp.file('frontier.csv'), '--frontier-measure', 'capital', '--frontier-points', '4');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/capital required/);
    expect(r.out).toMatch(/RAROC/);
    expect(r.out).toMatch(/frontier: 4 points \(capital 0 to/);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(','));
    const col = (n: string) => lines[0].indexOf(n);
    const lent = lines.slice(1).filter((c) => c[col('decision')] === 'lend');
    expect(lent.length).toBeGreaterThan(0);
    const capital = lent.reduce((s, c) => s + Number(c[col('capital')]), 0);
    expect(capital).toBeLessThanOrEqual(12 + 1e-6);
    const frontier = readFileSync(tmp.file('frontier.csv'), 'utf8').trim().split('\n');
    expect(frontier[0]).toMatch(/,capital,raroc$/);

    // strategy.json → capital: the class, maturity and turnover the optimizer used travel with the loans, so the RWA is the same.
    const c = JSON.parse((await cli('capital', '--strategy', json, '--json')).out);
    expect(c.total.loans).toBe(lent.length);
    for (const l of lent) {
      const line = c.lines.find((x: { id: string }) => x.id === l[0]);
      expect(line.ead).toBeCloseTo(Number(l[col('ead')]), 9);
      expect(line.rwa).toBeCloseTo(Number(l[col('rwa')]), 8);
    }
    expect(new Set(c.lines.map((x: { exposureClass: string }) => x.exposureClass)).size).toBeGreaterThan(1);
  });

  it('a capital limit the required lending cannot meet: E_CAPITAL_INFEASIBLE naming the config, exit 2, nothing written', async () => {
    const config = {
      bank: { budget: 300, minTotal: 250, minAmount: 10, maxAmount: 100, rates: [0.04, 0.0625], lgd: 0.6 },
      churn: 'churn.csv',
      limits: { capital: 2 },
    };
    const out = tmp.file('strategy.csv');
    const r = await cli('optimize', '--applicants', tmp.file('pd.csv', APPLICANTS), '--config', tmp.file('bank.json', JSON.stringify(config)), '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[E_CAPITAL_INFEASIBLE]');
    expect(r.err).toContain('bank.json');
    expect(r.err).toContain('at limits.capital');
    expect(r.err).toMatch(/the lending that bank\.minTotal = 250 requires needs at least [\d.]+ of capital/);
    expect(existsSync(out)).toBe(false);
  });

  it('a bad exposure class or a negative maturity in the applicants CSV names the line and column', async () => {
    const config = { bank: { budget: 300, minAmount: 10, maxAmount: 100, rates: [0.04], lgd: 0.6 }, churn: 'churn.csv', limits: { capital: 10 } };
    const bad = APPLICANTS.replace('a4,0.03,B,0.75,other-retail', 'a4,0.03,B,0.75,sme').replace('a2,0.012,A,0.4,corporate,3', 'a2,0.012,A,0.4,corporate,3');
    const r = await cli('optimize', '--applicants', tmp.file('pd.csv', bad), '--config', tmp.file('bank.json', JSON.stringify(config)), '--out', tmp.file('s.csv'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('[E_PROBLEM]');
    expect(r.err).toContain('line 5, column "exposure_class"');
    const r2 = await cli('optimize', '--applicants', tmp.file('pd2.csv', APPLICANTS.replace('a2,0.012,A,0.4,corporate,3', 'a2,0.012,A,0.4,corporate,-3')),
      '--config', tmp.file('bank.json'), '--out', tmp.file('s.csv'));
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('line 3, column "maturity"');
  });
});
