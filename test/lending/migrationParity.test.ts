import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cumulativeDefaultProbabilities } from '../../src/lending/cumulativeDefault.js';
import { lifetimeExpectedLoss } from '../../src/lending/lifetimeLoss.js';
import { migrationMatrix } from '../../src/lending/migrationMatrix.js';
import { parseRatingPanelCsv } from '../../src/lending/ratingPanel.js';
import { errorOf } from '../errorOf.js';

// A synthetic panel (800 obligors, 2010–2019, with gaps and cures, shuffled) and its figures from
// pandas and numpy.linalg.matrix_power: scripts/fixtures/migration.py.
const DIR = new URL('../fixtures/migration/', import.meta.url);
const panelText = readFileSync(new URL('panel.csv', DIR), 'utf8');
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8'));

describe('migration parity with pandas/numpy on a synthetic panel', () => {
  const panel = parseRatingPanelCsv(panelText, 'panel.csv', { id: 'obligor', period: 'year', rating: 'grade' });

  it('has gaps, which are an error by default', () => {
    expect(expected.gaps).toBeGreaterThan(0);
    expect(errorOf(() => migrationMatrix(panel, { order: expected.order })).code).toBe('E_PANEL_GAP');
  });

  it('the same counts, totals and probabilities with gaps skipped', () => {
    const m = migrationMatrix(panel, { order: expected.order, gaps: 'skip' });
    expect(m.ratings).toEqual(expected.order);
    expect(m.counts).toEqual(expected.counts);
    expect(m.totals).toEqual(expected.totals);
    expect(m).toMatchObject({
      observations: expected.observations, ids: expected.ids, transitions: expected.transitions,
      ignoredAfterDefault: expected.ignoredAfterDefault, gapsSkipped: expected.gaps,
    });
    m.probabilities.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(expected.probabilities[i][j], 15)));
  });

  it('the same cumulative PDs (matrix powers) and lifetime expected losses', () => {
    const m = migrationMatrix(panel, { order: expected.order, gaps: 'skip' });
    const c = cumulativeDefaultProbabilities(m, expected.years);
    let worst = 0;
    for (const r of expected.order as string[]) {
      c.byRating[r].forEach((p, t) => {
        worst = Math.max(worst, Math.abs(p! - expected.cumulativePd[r][t]));
      });
    }
    expect(worst).toBeLessThan(1e-14);
    const { lgd, ead, discountRate } = expected.lifetime;
    for (const r of (expected.order as string[]).slice(0, -1)) {
      expect(lifetimeExpectedLoss(c.byRating[r], { lgd, ead, discountRate }).expectedLoss).toBeCloseTo(expected.lifetime.expectedLoss[r], 12);
    }
  });
});
