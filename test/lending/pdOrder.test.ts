import { describe, expect, it } from 'vitest';
import { cumcmQ1Problem, CUMCM_Q1_BUDGET } from '../../src/lending/cumcm.js';
import type { LoanDecision } from '../../src/lending/evaluate.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import { pdOrderCheck } from '../../src/lending/pdOrder.js';
import { validateProblem } from '../../src/lending/problem.js';
import { bandMedianPds } from '../../src/lending/ratingBands.js';
import { A3, smallProblem } from './instances.js';

const decision = (id: string, pd: number, d: LoanDecision['decision']): LoanDecision =>
  ({ id, pd, rating: 'A', decision: d } as LoanDecision);

describe('the PD order of lending decisions', () => {
  it('pdOrderCheck counts the declined applicants safer than someone lent to', () => {
    expect(pdOrderCheck([decision('a', 0.01, 'lend'), decision('b', 0.02, 'decline'), decision('c', 0.5, 'excluded')]))
      .toEqual({ inversions: 0, highestPdLent: 0.01, safestDeclined: null, riskierLent: 0 });
    const c = pdOrderCheck([
      decision('a', 0.01, 'lend'), decision('b', 0.0201, 'decline'), decision('c', 0.021, 'lend'),
      decision('d', 0.022, 'lend'), decision('e', 0.015, 'decline'), decision('f', 0.001, 'excluded'),
    ]);
    expect(c).toEqual({ inversions: 2, highestPdLent: 0.022, safestDeclined: { id: 'e', pd: 0.015, rating: 'A' }, riskierLent: 2 });
    expect(pdOrderCheck([decision('a', 0.01, 'decline')]).highestPdLent).toBeNull();
  });

  it('bandMedianPds: the median reference PD inside each band (lower middle for an even count), empty bands left out', () => {
    const bands = [{ rating: 'A', maxPd: 0.02 }, { rating: 'B', maxPd: 0.05 }, { rating: 'C', maxPd: 0.06 }, { rating: 'D', maxPd: 1 }];
    expect({ ...bandMedianPds([0.3, 0.01, 0.015, 0.005, 0.03, 0.04, 0.9], bands) }).toEqual({ A: 0.01, B: 0.03, D: 0.3 });
  });

  it('take-up by the rating band declines a firm just inside the A band while riskier B firms get loans; take-up by PD does not', async () => {
    // A PD band cut at 2%: the A churn curve is above the B one, so the A firm just below the cut earns less per unit offered than B firms just above it.
    const applicants = [
      { id: 'edge', pd: 0.0199, rating: 'A' },
      ...[0.0205, 0.021, 0.0215].map((pd, i) => ({ id: `B${i}`, pd, rating: 'B' })),
      ...[0.005, 0.008].map((pd, i) => ({ id: `A${i}`, pd, rating: 'A' })),
    ];
    const p = { ...smallProblem(), applicants, bank: { ...smallProblem().bank, budget: 400, rates: [0.0585, 0.0665, 0.0745, 0.0825], lgd: 1, fundingCost: 0 } };
    const byBand = await optimizeLending(p, { relGap: 0 });
    expect(pdOrderCheck(byBand.strategy!).safestDeclined?.id).toBe('edge');
    const byPd = await optimizeLending({ ...p, churnByPd: { A: 0.01, B: 0.035 } }, { relGap: 0 });
    expect(pdOrderCheck(byPd.strategy!).inversions).toBe(0);
    expect(byPd.strategy!.find((d) => d.id === 'edge')!.decision).toBe('lend');
  });

  it('exclude.ids keeps the named applicants out; cumcmQ1Problem has the assumed budget and excludes D and the defaulted firms', () => {
    const p = smallProblem();
    const np = validateProblem({ ...p, exclude: { ids: ['F2'] } });
    expect(np.applicants.map((a) => a.excluded ?? null)).toEqual([null, 'excluded by id', null, null, null, null]);
    const q1 = cumcmQ1Problem(p.applicants, A3, { defaulted: ['F3'] });
    expect(q1.bank.budget).toBe(CUMCM_Q1_BUDGET);
    expect(q1.exclude).toEqual({ ratings: ['D'], ids: ['F3'] });
    expect(cumcmQ1Problem(p.applicants, A3, { budget: 123 }).bank.budget).toBe(123);
    expect(cumcmQ1Problem(p.applicants, A3).exclude).toEqual({ ratings: ['D'] });
  });
});
