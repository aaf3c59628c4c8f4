import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli/helpers.js';
import { CHURN_CSV, smallProblem } from './instances.js';

const APPLICANTS = [
  'id,pd,rating,sector',
  ...smallProblem({ n: 10, seed: 5 }).applicants.map((a) => `${a.id},${a.pd},${a.rating},${a.sector}`),
].join('\n') + '\n';

const CONFIG = {
  bank: { budget: 10_000, minAmount: 50, maxAmount: 50, rates: [0.0465, 0.0705, 0.0945], lgd: 1 },
  churn: 'churn.csv',
  tailRisk: { alpha: 0.9, scenarios: 40, correlation: 0.3, seed: 7 },
  limits: { cvar: 40 },
};

describe('creditkit optimize: the CVaR cap on fresh scenarios', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    tmp.file('churn.csv', readFileSync(CHURN_CSV, 'utf8'));
  });
  afterEach(() => tmp.cleanup());
  const setup = () => ({
    applicants: tmp.file('pd.csv', APPLICANTS),
    config: tmp.file('bank.json', JSON.stringify(CONFIG)),
    out: tmp.file('strategy.csv'),
  });

  it('prints the cap beside the in-sample and the fresh-scenario CVaR with its interval; --json carries it', async () => {
    const f = setup();
    const r = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--fresh-scenarios', '20000');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/cap on CVaR 90%\s+40\n/);
    expect(r.out).toMatch(/in sample: CVaR 90% on the optimizer's 40 scenarios \(seed 7\)/);
    expect(r.out).toMatch(/out of sample: CVaR 90% on 20,000 fresh scenarios/);
    expect(r.out).toMatch(/95% interval\s+\[[\d.,]+, [\d.,]+\]/);
    expect(r.out).toMatch(/cap out of sample\s+(held|BREACHED)/);
    expect(r.out).toMatch(/CVaR 99\.9% \(95% interval\)/);
    const j = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--fresh-scenarios', '20000', '--json');
    const check = JSON.parse(j.out).tailRiskCheck;
    expect(check.cap).toBe(40);
    expect(check.outOfSample.scenarios).toBe(20000);
    expect(check.breached).toBe(check.outOfSample.cvar > 40 * (1 + 1e-6));
  });

  it('--fresh-scenarios 0 skips the check; a count below 1,000 is a usage error', async () => {
    const f = setup();
    const r = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--fresh-scenarios', '0', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).tailRiskCheck).toBeUndefined();
    const bad = await cli('optimize', '--applicants', f.applicants, '--config', f.config, '--out', f.out, '--fresh-scenarios', '500');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/E_USAGE.*--fresh-scenarios must be 0 or at least 1000/);
  });
});
