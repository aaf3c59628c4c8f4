import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BinningProcess } from '../../../src/binning/binningProcess.js';
import { binFeature } from '../../../src/binning/woe.js';
import { Dataset } from '../../../src/data/dataset.js';
import { splitTarget } from '../../../src/data/target.js';
import { loadModel } from '../../../src/models/registry.js';
import { ScorecardModel } from '../../../src/models/scorecard/scorecard.js';
import { SCORECARD_DEFAULTS } from '../../../src/models/scorecard/scorecardOptions.js';
import { scorecardLeftOutText } from '../../../src/models/scorecard/scorecardRejected.js';
import { init } from '../../../src/wasm/load.js';
import { errorOf } from '../../errorOf.js';
import { readCsvFileSync } from '../../readCsvFileSync.js';

await init();

const german = splitTarget(readCsvFileSync(fileURLToPath(new URL('../../../data/german-credit.csv.gz', import.meta.url))), 'is_bad');
const { X, y } = german;

/** The options the scorecard gained from the binning process; a file saved before them has none of these keys. */
const NEW_KEYS = ['maxBinShare', 'maxBins', 'minBinEvents', 'minBinNonEvents', 'minEventRateDiff', 'trend', 'minCategoryShare', 'maxIv', 'maxCorrelation'];

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/scorecard/${name}`, import.meta.url)), 'utf8');

describe('ScorecardModel: a file saved before the binning options', () => {
  const saved = fixture('german-scorecard.json');
  const pd = JSON.parse(fixture('german-scorecard-pd.json')) as number[];

  it('loads with the new options at their defaults and gives the same PDs, bit for bit', () => {
    expect(Object.keys(JSON.parse(saved).options).filter((k) => NEW_KEYS.includes(k))).toEqual([]);
    const model = loadModel(JSON.parse(saved)) as ScorecardModel;
    expect(model).toBeInstanceOf(ScorecardModel);
    expect(model.options).toEqual(SCORECARD_DEFAULTS);
    expect(Array.from(model.predictProba(X))).toEqual(pd);
  });

  it('is what the default scorecard writes today, but for the new option keys (the defaults keep the old binning)', () => {
    const now = JSON.parse(JSON.stringify(new ScorecardModel().fit(X, y)));
    expect(NEW_KEYS.every((k) => Object.hasOwn(now.options, k))).toBe(true);
    for (const k of NEW_KEYS) delete now.options[k];
    expect(`${JSON.stringify(now)}\n`).toBe(saved);
  });
});

describe('ScorecardModel: the binning options', () => {
  const binning = { maxBinShare: 0.6, maxBins: 3, minBinEvents: 15, minBinNonEvents: 40, minEventRateDiff: 0.03, trend: 'ascending' as const, minCategoryShare: 0.1 };
  // Numeric characteristics whose bad rate can rise over 3 attributes of at most 60% of the rows, and categorical ones.
  const Xs = X.select(['duration_months', 'credit_amount', 'installment_rate_pct', 'checking_account_status', 'purpose', 'credit_history']);

  it('bin every characteristic as binFeature does with the same options, and honour them', () => {
    const card = new ScorecardModel({ ...binning, minIv: 0 }).fit(Xs, y);
    const chars = card.scorecardCharacteristics();
    expect(chars.map((c) => c.feature)).toEqual(Xs.names);
    for (const c of chars) {
      const direct = binFeature(X.column(c.feature), y, { ...binning, fineBins: 50, minBinShare: 0.02, smoothing: 0.5 });
      expect(c.attributes.map((a) => [a.lower, a.upper, a.categories, a.count, a.woe])).toEqual(direct.bins.map((b) => [b.lower, b.upper, b.categories, b.count, b.woe]));
      expect(c.iv).toBe(direct.iv);
      const values = c.attributes.filter((a) => a.kind === 'range' || a.kind === 'categories');
      expect(values.length).toBeLessThanOrEqual(3);
      for (const a of values) {
        expect(a.share).toBeLessThanOrEqual(0.6 + 1e-12);
        expect(a.bads).toBeGreaterThanOrEqual(15);
        expect(a.goods).toBeGreaterThanOrEqual(40);
      }
      if (c.kind === 'numeric') {
        for (let k = 1; k < values.length; k++) {
          expect(values[k].badRate - values[k - 1].badRate).toBeGreaterThanOrEqual(0.03 - 1e-12);
        }
      }
    }
    // The options change the binning: the default scorecard bins duration_months into more attributes.
    const plain = new ScorecardModel({ minIv: 0 }).fit(Xs, y).scorecardCharacteristics().find((c) => c.feature === 'duration_months')!;
    expect(plain.attributes.length).toBeGreaterThan(chars.find((c) => c.feature === 'duration_months')!.attributes.length);
    // Saved and loaded with the options.
    const back = ScorecardModel.fromJSON(JSON.parse(JSON.stringify(card)));
    expect(back.options).toMatchObject({ ...binning, maxIv: null, maxCorrelation: null });
    expect(back.predictProba(Xs)).toEqual(card.predictProba(Xs));
  });

  it('are checked with the binning process\'s ranges and rules', () => {
    for (const bad of [{ maxBins: 0 }, { maxBins: 101 }, { maxBinShare: 0 }, { maxBinShare: 1.5 }, { maxBinShare: 0.01 }, { minBinEvents: -1 },
      { minBinNonEvents: Number.NaN }, { minEventRateDiff: 2 }, { trend: 'up' }, { minCategoryShare: -0.1 }, { maxIv: 0.01 }, { maxIv: 0 },
      { maxCorrelation: 0 }, { maxCorrelation: 1.5 }]) {
      const e = errorOf(() => new ScorecardModel(bad));
      expect([e.code, e.message.includes(Object.keys(bad)[0])]).toEqual(['E_OPTION', true]);
    }
    expect(new ScorecardModel({ maxBins: null, maxIv: null, maxCorrelation: null }).options).toEqual(SCORECARD_DEFAULTS);
  });
});

describe('ScorecardModel: IV range and correlation cap', () => {
  // A copy of duration_months: its WOE column correlates 1 with the original's, and its IV is the same.
  const withCopy = new Dataset([...X.columns, { ...X.column('duration_months'), name: 'duration_copy' }]);

  it('selects the characteristics the binning process selects with the same options', () => {
    const o = { minIv: 0.02, maxIv: 0.5, maxCorrelation: 0.6 };
    const card = new ScorecardModel(o).fit(withCopy, y);
    const process = new BinningProcess({ binning: { fineBins: 50, minBinShare: 0.02 }, ...o }).fit(withCopy, y);
    expect(card.scorecardCharacteristics().map((c) => c.feature)).toEqual(process.selected);
    const reasons = Object.fromEntries(card.rejected.map((r) => [r.feature, r]));
    for (const row of process.summary().filter((r) => !r.selected)) {
      expect(reasons[row.feature].reason).toBe(row.reason.startsWith('WOE correlated') ? 'correlated' : row.iv < 0.02 ? 'low-iv' : 'high-iv');
      expect(reasons[row.feature].iv).toBe(row.iv);
    }
    expect(reasons.duration_copy).toEqual({ feature: 'duration_copy', iv: reasons.duration_copy.iv, reason: 'correlated', correlatedWith: { feature: 'duration_months', r: expect.closeTo(1, 12) } });
    const high = card.rejected.filter((r) => r.reason === 'high-iv');
    expect(high.map((r) => r.feature)).toEqual(['checking_account_status']);
    expect(high[0].iv).toBeGreaterThan(0.5);
    expect(scorecardLeftOutText(card.rejected)).toMatch(/checking_account_status \(IV \d\.\d{4}, above maxIv\).*duration_copy \(IV \d\.\d{4}, WOE correlated with duration_months \(r = 1\.000\)\)/);
    // The reasons survive a save.
    expect(ScorecardModel.fromJSON(JSON.parse(JSON.stringify(card))).rejected).toEqual(card.rejected);
  });

  it('no characteristic in [minIv, maxIv] is E_NO_CHARACTERISTIC naming the range', () => {
    const e = errorOf(() => new ScorecardModel({ minIv: 0.9, maxIv: 1 }).fit(X, y));
    expect(e.code).toBe('E_NO_CHARACTERISTIC');
    expect(e.message).toContain('[minIv 0.9, maxIv 1]');
  });
});

describe('ScorecardModel: a characteristic with one value', () => {
  const constant = new Dataset([
    ...X.columns,
    { name: 'constant', kind: 'numeric', values: new Float32Array(X.nRows).fill(3) },
    { name: 'one_level', kind: 'categorical', values: new Float32Array(X.nRows), categories: ['only'] },
  ]);

  it('is left out with the reason "single-value", and the rest of the scorecard is the one fitted without it', () => {
    const card = new ScorecardModel().fit(constant, y);
    const without = new ScorecardModel().fit(X, y);
    expect(card.rejected.slice(0, 2)).toEqual([{ feature: 'constant', iv: 0, reason: 'single-value' }, { feature: 'one_level', iv: 0, reason: 'single-value' }]);
    expect(card.rejected.slice(2)).toEqual(without.rejected);
    expect(card.scorecardCharacteristics()).toEqual(without.scorecardCharacteristics());
    expect(card.predictProba(constant)).toEqual(without.predictProba(X));
    expect(scorecardLeftOutText(card.rejected)).toMatch(/^constant \(single value\), one_level \(single value\), /);
    const back = ScorecardModel.fromJSON(JSON.parse(JSON.stringify(card)));
    expect(back.rejected).toEqual(card.rejected);
    // Binned alone, the column is still E_SINGLE_VALUE.
    expect(errorOf(() => binFeature(constant.column('constant'), y)).code).toBe('E_SINGLE_VALUE');
  });

  it('every characteristic with one value is E_NO_CHARACTERISTIC naming them', () => {
    const only = new Dataset([constant.column('constant'), constant.column('one_level')]);
    const e = errorOf(() => new ScorecardModel().fit(only, y));
    expect(e.code).toBe('E_NO_CHARACTERISTIC');
    expect(e.message).toContain('every one has a single value in the training rows ("constant", "one_level")');
  });

  it('a saved file with an unknown reason or a malformed correlatedWith is E_MODEL_FORMAT at its path', () => {
    const json = JSON.parse(JSON.stringify(new ScorecardModel({ maxCorrelation: 0.9 }).fit(new Dataset([...constant.columns, { ...X.column('age_years'), name: 'age_copy' }]), y)));
    const at = json.rejected.findIndex((r: { reason: string }) => r.reason === 'correlated');
    expect(at).toBeGreaterThan(0);
    const bad = structuredClone(json);
    bad.rejected[0].reason = 'constant';
    let e = errorOf(() => ScorecardModel.fromJSON(bad));
    expect([e.code, e.where.path]).toEqual(['E_MODEL_FORMAT', 'rejected[0].reason']);
    const badR = structuredClone(json);
    badR.rejected[at].correlatedWith.r = 'high';
    e = errorOf(() => ScorecardModel.fromJSON(badR));
    expect([e.code, e.where.path]).toEqual(['E_MODEL_FORMAT', `rejected[${at}].correlatedWith.r`]);
  });
});
