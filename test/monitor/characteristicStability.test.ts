import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitTarget } from '../../src/data/target.js';
import { ScorecardModel } from '../../src/models/scorecard/scorecard.js';
import { characteristicStability, NO_ATTRIBUTE } from '../../src/monitor/characteristicStability.js';
import { attributesByCharacteristic } from '../../src/scorecard/pointsTable.js';
import { init } from '../../src/wasm/load.js';
import { errorOf } from '../errorOf.js';
import { readCsvFileSync } from '../readCsvFileSync.js';

await init();

describe('characteristic stability of a scorecard', () => {
  it('is the PSI over the attributes and the score shift Σ Δshare · points (hand-computed)', () => {
    // One characteristic, attributes low (10 points) and high (30 points).
    // Baseline: 3 low, 1 high (75% / 25%); current: 1 low, 2 high, 1 unseen (25% / 50% / 25%).
    const chars = [{ characteristic: 'age', labels: ['low', 'high'], points: [10, 30] }];
    const [r] = characteristicStability(chars, { nRows: 4, attributes: Int32Array.of(0, 0, 0, 1) }, { nRows: 4, attributes: Int32Array.of(0, 1, 1, -1) });
    const term = (a: number, e: number) => (a - e) * Math.log(a / e);
    const unseen = term(0.25, 1e-4);
    expect(r.psi).toBeCloseTo(term(0.25, 0.75) + term(0.5, 0.25) + unseen, 12);
    expect(r.bins.map((b) => [b.bin, b.points, b.baselineCount, b.currentCount])).toEqual([['low', 10, 3, 1], ['high', 30, 1, 2], [NO_ATTRIBUTE, 0, 0, 1]]);
    expect(r.scoreShift).toBeCloseTo((0.25 - 0.75) * 10 + (0.5 - 0.25) * 30, 12);
    expect(r.label).toBe('significant shift');
  });

  it('on German credit: score shifts add up to the change of the mean score', () => {
    const { X, y } = splitTarget(readCsvFileSync(fileURLToPath(new URL('../../data/german-credit.csv.gz', import.meta.url))), 'is_bad');
    const model = new ScorecardModel().fit(X, y);
    const young = [...Array(X.nRows).keys()].filter((i) => X.column('age_years').values[i] < 30);
    const base = model.points(X);
    const cur = model.points(X.take(young));
    const results = characteristicStability(attributesByCharacteristic(model.pointsTable()), base, cur);
    expect(results.length).toBe(model.featureSpecs.length);
    const mean = (s: Float64Array) => s.reduce((a, b) => a + b, 0) / s.length;
    expect(results.reduce((s, r) => s + r.scoreShift, 0)).toBeCloseTo(mean(cur.scores) - mean(base.scores), 9);
    // The age characteristic moved most, and the same data against itself is perfectly stable.
    const age = results.find((r) => r.name === 'age_years');
    if (age) expect(age.psi).toBeGreaterThan(0.25);
    for (let k = 1; k < results.length; k++) expect(results[k - 1].psi).toBeGreaterThanOrEqual(results[k].psi);
    for (const r of characteristicStability(attributesByCharacteristic(model.pointsTable()), base, base)) expect([r.psi, r.scoreShift]).toEqual([0, 0]);
  });

  it('rejects assignments of the wrong shape', () => {
    const chars = [{ characteristic: 'a', labels: ['x'], points: [1] }];
    expect(errorOf(() => characteristicStability(chars, { nRows: 2, attributes: Int32Array.of(0) }, { nRows: 1, attributes: Int32Array.of(0) })).code).toBe('E_SHAPE');
    expect(errorOf(() => characteristicStability(chars, { nRows: 1, attributes: Int32Array.of(3) }, { nRows: 1, attributes: Int32Array.of(0) })).code).toBe('E_SHAPE');
    expect(errorOf(() => characteristicStability(chars, { nRows: 0, attributes: new Int32Array(0) }, { nRows: 1, attributes: Int32Array.of(0) })).code).toBe('E_EMPTY_DATA');
  });
});
