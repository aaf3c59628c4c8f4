import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/data/dataset.js';
import { splitTarget } from '../../src/data/target.js';
import { scorecardReasonCodes } from '../../src/explain/scorecardReasons.js';
import { explainerFor } from '../../src/explain/explainers.js';
import { reasonCodes } from '../../src/explain/reasonCodes.js';
import { shapValues } from '../../src/explain/shapValues.js';
import { ScorecardModel } from '../../src/models/scorecard/scorecard.js';
import { PointsScale } from '../../src/models/scorecard/pointsScale.js';
import { init } from '../../src/wasm/load.js';
import { errorOf } from '../errorOf.js';
import { readCsvFileSync } from '../readCsvFileSync.js';

await init();

const { X, y } = splitTarget(readCsvFileSync(fileURLToPath(new URL('../../data/german-credit.csv.gz', import.meta.url))), 'is_bad');

describe('scorecard reason codes (points lost against the best attribute)', () => {
  for (const roundPoints of [false, true]) {
    it(`name the characteristics with the most points lost, from the points table alone (roundPoints ${roundPoints})`, () => {
      const model = new ScorecardModel({ roundPoints }).fit(X, y);
      const table = model.pointsTable();
      const best = new Map<string, number>();
      for (const r of table.rows) best.set(r.characteristic, Math.max(best.get(r.characteristic) ?? -Infinity, r.points));
      const rowsOf = (c: string) => table.rows.filter((r) => r.characteristic === c);
      const scale = new PointsScale();
      const pts = model.points(X);
      const names = model.featureSpecs.map((s) => s.name);
      const m = names.length;
      const out = scorecardReasonCodes(model, X, { top: 3 });
      expect(out.length).toBe(X.nRows);
      out.forEach((r, i) => {
        // The applicant's points per characteristic, its losses, and the brute-force top 3.
        const lost = names.map((c, j) => ({ c, j, lost: best.get(c)! - pts.points[i * m + j] }));
        const expected = lost.filter((l) => l.lost > 0).sort((a, b) => b.lost - a.lost || a.j - b.j).slice(0, 3);
        expect(r.reasons.map((x) => x.feature)).toEqual(expected.map((l) => l.c));
        r.reasons.forEach((reason, k) => {
          expect(reason.pointsLost).toBeCloseTo(expected[k].lost, 9);
          expect(reason.contribution * model.factor).toBeCloseTo(reason.pointsLost, 9);
          const rowOfAttr = rowsOf(reason.feature).find((t) => t.attribute === reason.attribute)!;
          expect(rowOfAttr.points).toBeCloseTo(best.get(reason.feature)! - reason.pointsLost, 9);
          // The PD drop if the applicant had had the best attribute.
          expect(reason.pdImpact).toBeCloseTo(r.pd - scale.pd(r.score + reason.pointsLost), 12);
          expect(reason.pdImpact).toBeGreaterThan(0);
        });
        expect(r.score).toBe(pts.scores[i]);
        expect(r.pd).toBeCloseTo(scale.pd(r.score), 14);
        expect(r.raw).toBeCloseTo(Math.log(r.pd / (1 - r.pd)), 9);
      });
    });
  }

  it('give no reason to an applicant at every best attribute, and check top', () => {
    const model = new ScorecardModel().fit(X, y);
    const specs = model.featureSpecs;
    // Build the best applicant: each characteristic at its best attribute's first raw value from training.
    const pts = model.points(X);
    const best = model.bestPoints();
    const rows: number[] = [];
    specs.forEach((_, j) => {
      for (let i = 0; i < X.nRows; i++) if (pts.points[i * specs.length + j] === best[j]) { rows.push(i); break; }
    });
    const cols = specs.map((s, j) => ({ ...X.column(s.name), values: Float32Array.of(X.column(s.name).values[rows[j]]) }));
    const one = new Dataset(cols);
    const [r] = scorecardReasonCodes(model, one);
    expect(r.reasons).toEqual([]);
    expect(errorOf(() => scorecardReasonCodes(model, X, { top: 0 })).code).toBe('E_OPTION');
  });

  it('is the explainer the dispatch finds for a scorecard: reasonCodes and shapValues give the points lost', () => {
    const model = new ScorecardModel().fit(X, y);
    const explainer = explainerFor(model);
    expect([explainer.method, explainer.link]).toEqual(['points lost (scorecard)', 'logit']);
    const generic = reasonCodes(model, X, { top: 2 });
    const own = scorecardReasonCodes(model, X, { top: 2 });
    generic.forEach((r, i) => {
      expect(r.pd).toBe(own[i].pd);
      expect(r.reasons.map((x) => [x.feature, x.value, x.contribution])).toEqual(own[i].reasons.map((x) => [x.feature, x.value, x.contribution]));
    });
    const shap = shapValues(model, X.take([0, 1, 2]));
    const lost = model.pointsLost(X.take([0, 1, 2]));
    expect(Array.from(shap.contributions)).toEqual(Array.from(lost.contributions));
    expect(errorOf(() => explainerFor(model, { background: X })).code).toBe('E_OPTION');
  });
});
