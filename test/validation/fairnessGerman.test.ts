import { describe, expect, it } from 'vitest';
import { formatGermanFairness, germanFairness, PROTECTED } from '../../scripts/fairness-german.js';

describe('scripts/fairness-german.ts', () => {
  it('checks a model trained without personal_status_sex, per status/sex group and per sex, with the four-fifths flag', async () => {
    const g = await germanFairness({ cutoff: 1 / 6 }, 3, 0);
    expect(g.features).not.toContain(PROTECTED);
    expect(g.features).toHaveLength(19);
    expect(g.auc).toBeGreaterThan(0.7);
    const [status, sex] = g.result.columns;
    expect(status.column).toBe(PROTECTED);
    // The data's own group sizes (data/README.md: A95 never occurs).
    expect(status.groups.map((x) => [x.group, x.count, x.defaults])).toEqual([['A91', 50, 20], ['A92', 310, 109], ['A93', 548, 146], ['A94', 92, 25]]);
    expect(sex.groups.map((x) => [x.group, x.count])).toEqual([['female', 310], ['male', 690]]);
    for (const c of g.result.columns) {
      const ref = c.groups.find((x) => x.reference)!;
      expect(ref.group).toBe(c.reference);
      for (const x of c.groups) {
        expect(x.approvalRate).toBeLessThanOrEqual(ref.approvalRate);
        expect(x.disparateImpact).toBeCloseTo(x.approvalRate / ref.approvalRate, 15);
        expect(x.belowFourFifths).toBe(x.disparateImpact! < 0.8);
        expect(x.notes).toEqual([]);
      }
      expect(c.flagged).toEqual(c.groups.filter((x) => x.belowFourFifths).map((x) => x.group));
    }
    const text = formatGermanFairness(g);
    expect(text).toContain('Rule: approve when PD < 0.16666');
    expect(text.split('\n').filter((l) => / FLAG /.test(l)).map((l) => l.split(/\s+/)[0])).toEqual([...status.flagged, ...sex.flagged]);
  });
});
