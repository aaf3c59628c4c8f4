import { describe, expect, it } from 'vitest';
import { optimizeLending } from '../../src/lending/optimize.js';
import { parseStrategyFile, strategyFile } from '../../src/lending/strategyJson.js';
import { lendingSection } from '../../src/report/lendingSections.js';
import { CreditkitError } from '../../src/errors.js';
import { smallProblem } from '../lending/instances.js';

describe('the lending report: the CVaR cap on fresh scenarios', () => {
  it('strategy.json carries the check; the report shows the cap, both CVaRs and the verdict', async () => {
    const p = smallProblem({ n: 10, seed: 5, budget: 10_000, minAmount: 50, maxAmount: 50, rates: [0.0465, 0.0705, 0.0945] });
    p.tailRisk = { alpha: 0.9, scenarios: 40, correlation: 0.3, seed: 7 };
    p.limits = { cvar: 40 };
    const r = await optimizeLending(p, { outOfSample: { scenarios: 20_000 } });
    const file = parseStrategyFile(JSON.stringify(strategyFile(r, null, '万元')));
    expect(file.tailRiskCheck).toEqual(r.tailRiskCheck);
    const section = await lendingSection(file);
    const block = section.blocks.find((b) => b.kind === 'table' && b.caption === 'Tail risk: the CVaR cap on fresh scenarios');
    expect(block).toBeDefined();
    const rows = (block as { rows: (string | number)[][] }).rows;
    const c = r.tailRiskCheck!;
    const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(rows[0]).toEqual(['cap on CVaR 90% (万元)', '40.00']);
    expect(rows[1]).toEqual(["CVaR 90% in sample (the optimizer's 40 scenarios) (万元)", money(c.inSample.cvar)]);
    expect(rows[2][1]).toBe(`${money(c.outOfSample.cvar)} [${money(c.outOfSample.cvarInterval[0])}, ${money(c.outOfSample.cvarInterval[1])}]`);
    expect(rows[3][1]).toBe(c.breachCertain ? 'BREACHED: the whole interval is above the cap' : c.breached ? 'BREACHED: the cap lies inside the interval' : 'held');
    expect(rows.map((row) => row[0])).toContain('CVaR 99.9% (95% interval) (万元)');
  });

  it('a malformed check in strategy.json is E_PROBLEM naming the field', async () => {
    const p = smallProblem({ n: 6, seed: 2, budget: 10_000, minAmount: 50, maxAmount: 50, rates: [0.0465, 0.0945] });
    p.tailRisk = { scenarios: 100, seed: 1 };
    p.limits = { cvarShare: 0.5 };
    const r = await optimizeLending(p, { outOfSample: { scenarios: 5_000 } });
    const json = JSON.parse(JSON.stringify(strategyFile(r)));
    json.tailRiskCheck.breached = 'no';
    try {
      parseStrategyFile(JSON.stringify(json), 's.json');
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(CreditkitError);
      expect((e as CreditkitError).code).toBe('E_PROBLEM');
      expect((e as CreditkitError).where).toEqual({ file: 's.json', path: 'tailRiskCheck.breached' });
    }
  });
});
