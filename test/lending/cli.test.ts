import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli/helpers.js';
import { CHURN_CSV, smallProblem } from './instances.js';

const APPLICANTS = [
  'id,pd,rating,sector',
  ...smallProblem({ n: 8, seed: 2 }).applicants.map((a) => `${a.id},${a.pd},${a.rating},${a.sector}`),
  'F9,0.3,D,trade',
].join('\n') + '\n';

const CONFIG = {
  bank: { budget: 300, minAmount: 10, maxAmount: 100, rates: [0.04, 0.0625, 0.0865, 0.1105], lgd: 0.6, fundingCost: 0.01 },
  churn: 'churn.csv',
  exclude: { ratings: ['D'] },
  limits: { expectedLoss: 1.2 },
};

describe('creditkit optimize', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    tmp.file('churn.csv', readFileSync(CHURN_CSV, 'utf8'));
  });
  afterEach(() => tmp.cleanup());

  const setup = (applicants = APPLICANTS, config: unknown = CONFIG) => ({
    applicants: tmp.file('pd.csv', applicants),
    config: tmp.file('bank.json', typeof config === 'string' ? config : JSON.stringify(config)),
    out: tmp.file('strategy.csv'),
  });

  it('writes the strategy and the frontier, and says the result is optimal', async () => {
    const f = setup();
    const frontier = tmp.file('frontier.csv');
    const detail = tmp.file('frontier-loans.csv');
    const r = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out,
      '--frontier', frontier, '--frontier-points', '4', '--frontier-strategies', detail);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/HiGHS: optimal/);
    expect(r.out).toMatch(/expected return/);
    const lines = readFileSync(f.out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,rating,sector,pd,decision,amount,rate,churn,expected_amount,expected_return,expected_loss,reason,lgd,ead,rwa,capital');
    expect(lines).toHaveLength(10);
    expect(lines[9]).toMatch(/^F9,D,trade,0.3,excluded,0,,,0,0,0,rating D excluded,0.6,0,,$/);
    const lent = lines.slice(1).map((l) => l.split(',')).filter((c) => c[4] === 'lend');
    expect(lent.length).toBeGreaterThan(0);
    expect(lent.reduce((s, c) => s + Number(c[5]), 0)).toBeLessThanOrEqual(300 + 1e-6);
    expect(lent.reduce((s, c) => s + Number(c[10]), 0)).toBeLessThanOrEqual(1.2 + 1e-6);
    const fr = readFileSync(frontier, 'utf8').trim().split('\n');
    expect(fr).toHaveLength(5);
    const returns = fr.slice(1).map((l) => Number(l.split(',')[4]));
    for (let j = 1; j < returns.length; j++) expect(returns[j]).toBeGreaterThanOrEqual(returns[j - 1]);
    expect(readFileSync(detail, 'utf8').split('\n')[0]).toBe('point,id,amount,rate');
  });

  it('--solver jslp gives the same expected return; --json prints the summary', async () => {
    const f = setup();
    const a = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--json', '--gap', '0');
    const b = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--json', '--gap', '0', '--solver', 'jslp');
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const [ja, jb] = [JSON.parse(a.out), JSON.parse(b.out)];
    expect(ja.solver).toBe('highs');
    expect(jb.solver).toBe('jslp');
    expect(jb.status).toBe('optimal');
    expect(jb.objective).toBeCloseTo(ja.objective, 7);
  });

  it('derives ratings from PD bands when the CSV has no rating column', async () => {
    const f = setup('id,pd\nA1,0.01\nA2,0.04\nA3,0.5\n', { ...CONFIG, ratingBands: [{ rating: 'A', maxPd: 0.02 }, { rating: 'B', maxPd: 0.1 }, { rating: 'D', maxPd: 1 }] });
    const r = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out);
    expect(r.code).toBe(0);
    const rows = readFileSync(f.out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.map((c) => c[1])).toEqual(['A', 'B', 'D']);
    expect(rows[2][4]).toBe('excluded');
  });

  it('applies a PD stress from the config: the strategy shows the stressed PDs', async () => {
    const f = setup('id,pd,rating,sector\nA1,0.01,A,trade\nA2,0.02,B,build\nA3,0.03,B,\n', { ...CONFIG, stress: { sectorPdMultiplier: { trade: 2, '*': 1.5 } } });
    const r = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out);
    expect(r.code).toBe(0);
    const rows = readFileSync(f.out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.map((c) => Number(c[3]))).toEqual([0.02, 0.03, 0.045]);
    rmSync(f.out);
    const err = await fails({ config: { ...CONFIG, stress: { sectorPdMultiplier: { trade: 'x' } } } }, 'E_PROBLEM');
    expect(err).toMatch(/bank\.json, at stress\.sectorPdMultiplier\.trade: must be a finite number/);
  });

  async function fails(args: { applicants?: string; config?: unknown }, code: string, extraFiles: string[] = []): Promise<string> {
    const f = setup(args.applicants, args.config);
    const r = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[${code}]`);
    expect(readdirSync(tmp.dir).sort()).toEqual(['bank.json', 'churn.csv', ...extraFiles, 'pd.csv'].sort());
    return r.err;
  }

  it('a non-numeric PD names file, line and column', async () => {
    const err = await fails({ applicants: 'id,pd,rating\nA1,0.01,A\nA2,abc,B\n' }, 'E_CSV_NOT_NUMERIC');
    expect(err).toMatch(/pd\.csv, line 3, column "pd": expected a number, got "abc"/);
  });

  it('a PD outside [0, 1] names file, line and column', async () => {
    const err = await fails({ applicants: 'id,pd,rating\nA1,0.01,A\n\nA2,1.5,B\n' }, 'E_PROBLEM');
    expect(err).toMatch(/pd\.csv, line 4, column "pd": must be at most 1/);
  });

  it('a rating without churn curve names the rating column', async () => {
    const err = await fails({ applicants: 'id,pd,rating\nA1,0.01,A\nA2,0.02,E\n' }, 'E_PROBLEM');
    expect(err).toMatch(/pd\.csv, line 3, column "rating": no churn curve for rating "E"/);
  });

  it('a missing PD column lists the columns', async () => {
    const err = await fails({ applicants: 'id,prob,rating\nA1,0.01,A\n' }, 'E_COLUMN_UNKNOWN');
    expect(err).toMatch(/no column "pd" \(columns are: id, prob, rating\)/);
  });

  it('config errors name the config file and the field', async () => {
    let err = await fails({ config: { ...CONFIG, bank: { ...CONFIG.bank, budget: 5 } } }, 'E_PROBLEM');
    expect(err).toMatch(/bank\.json, at bank\.budget: the budget 5 is below the smallest loan/);
    err = await fails({ config: { ...CONFIG, bank: { ...CONFIG.bank, rates: [] } } }, 'E_PROBLEM');
    expect(err).toMatch(/at bank\.rates: the rate grid is empty/);
    err = await fails({ config: { ...CONFIG, bank: { ...CONFIG.bank, rates: [0.05, 0.2] } } }, 'E_PROBLEM');
    expect(err).toMatch(/at bank\.rates: the rate 0\.2 is outside the churn table's range \[0\.04, 0\.15\]/);
    err = await fails({ config: '{ "bank": ' }, 'E_PROBLEM');
    expect(err).toMatch(/bank\.json: not valid JSON/);
    err = await fails({ config: { ...CONFIG, churn: 'missing.csv' } }, 'E_FILE_NOT_FOUND');
    expect(err).toMatch(/missing\.csv/);
  });

  it('a churn path must stay inside the config file\'s folder, and its errors never echo the file', async () => {
    const outside = tempDir();
    try {
      const secret = outside.file('secret.csv', 'user,password_hash\nroot,$6$topsecret\n');
      const rel = relative(tmp.dir, secret);
      for (const churn of [rel, secret, `./sub/../${rel}`]) {
        const err = await fails({ config: { ...CONFIG, churn } }, 'E_PROBLEM');
        expect(err).toContain('bank.json, at churn');
        expect(err).toContain('outside the config file\'s folder');
        expect(err).not.toMatch(/password_hash|topsecret/);
      }
      // A symlink inside the folder that points out is refused too.
      symlinkSync(secret, join(tmp.dir, 'link.csv'));
      const f = setup(undefined, { ...CONFIG, churn: 'link.csv' });
      const r = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out);
      expect(r.code).toBe(2);
      expect(r.err).toContain('[E_PROBLEM]');
      expect(r.err).not.toMatch(/password_hash|topsecret/);
      rmSync(join(tmp.dir, 'link.csv'));
      // A file inside the folder that is not a churn table: the expected names and the count found, not its header.
      tmp.file('notes.csv', 'user,password_hash\nroot,$6$topsecret\n');
      let err = await fails({ config: { ...CONFIG, churn: 'notes.csv' } }, 'E_COLUMN_UNKNOWN', ['notes.csv']);
      expect(err).toMatch(/needs a rate column named "annual_interest_rate" or "rate" \(found 2 columns\)/);
      expect(err).not.toMatch(/password_hash|topsecret/);
      tmp.file('notes.csv', `rate,A\n0.05,${'x'.repeat(500)}\n`);
      err = await fails({ config: { ...CONFIG, churn: 'notes.csv' } }, 'E_CSV_NOT_NUMERIC', ['notes.csv']);
      expect(err.length).toBeLessThan(200);
      // A sub-folder of the config's folder is fine.
      mkdirSync(join(tmp.dir, 'tables'));
      writeFileSync(join(tmp.dir, 'tables', 'churn.csv'), readFileSync(CHURN_CSV, 'utf8'));
      const ok = setup(undefined, { ...CONFIG, churn: 'tables/churn.csv' });
      expect((await cli('optimize', '--applicants', ok.applicants, '--config', ok.config, '--out', ok.out)).code).toBe(0);
    } finally {
      outside.cleanup();
    }
  });

  it('an infeasible configuration is an error and writes nothing', async () => {
    const err = await fails({ config: { ...CONFIG, bank: { ...CONFIG.bank, minTotal: 300 }, limits: { maxLoans: 2 } } }, 'E_INFEASIBLE');
    expect(err).toMatch(/infeasible/);
  });

  it('usage errors', async () => {
    const f = setup();
    const r = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--solver', 'cplex');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[E_USAGE\].*--solver must be highs or jslp/);
    const h = await cli('optimize', '--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/--frontier F/);
    writeFileSync(f.applicants, APPLICANTS);
  });
});
