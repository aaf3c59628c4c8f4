// The demo's computations (web/pipeline.js) in Node, on the TypeScript source:
// what the worker runs in the browser, checked without a browser.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from '../../src/index.js';
import * as lending from '../../src/lending/index.js';
import * as report from '../../src/report/index.js';
import * as sme from '../../src/sme/index.js';
import { defaultModelOptions, describeTable, idColumnTypes, smeSample, trainAndReport } from '../../web/pipeline.js';

// The public entries as one namespace, as web/worker.js builds it.
const ck = { ...core, ...lending, ...report, ...sme };
const german = () => ck.readCsvFile(new URL('../../data/german-credit.csv.gz', import.meta.url).pathname);

describe('web demo pipeline', () => {
  it('offers the binary columns as targets and picks the default-like one', async () => {
    const info = describeTable(await german());
    expect(info.rows).toBe(1000);
    expect(info.targets).toEqual(['telephone', 'foreign_worker', 'is_bad']);
    expect(info.defaultTarget).toBe('is_bad');
    expect(info.idColumn).toBeNull();
    const withId = ck.Dataset.fromColumns({ loan_id: [7, 3, 9, 1], age: [30, 40, 50, 60], bad: [0, 1, 0, 1] });
    expect(describeTable(withId)).toMatchObject({ targets: ['bad'], defaultTarget: 'bad', idColumn: 'loan_id' });
  });

  it('reads id-named columns as text, so long ids keep every digit, and shows them for the riskiest rows', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${9_007_199_000 + i},${i % 10},${i % 2}`);
    const text = `\uFEFFloan_id,score,bad\n${rows.join('\n')}\n`;
    expect(idColumnTypes(text)).toEqual({ loan_id: 'categorical' });
    expect(idColumnTypes('"Id",x\r\n1,2\r\n')).toEqual({ Id: 'categorical' });
    const table = ck.parseCsv(text, { types: idColumnTypes(text) });
    const info = describeTable(table);
    expect(info.idColumn).toBe('loan_id');
    const r = await trainAndReport(ck, { table, target: 'bad', idColumn: info.idColumn, model: 'gbdt', options: { nEstimators: 5 }, trainRatio: 0.5, seed: 1 });
    expect(r.riskiest.rows.every((x) => /^90071990\d\d$/.test(x.id))).toBe(true);
    expect(new Set(r.riskiest.rows.map((x) => x.id)).size).toBe(15);
  });

  it('trains, evaluates on the held-out rows and ranks the riskiest, as the library computes them', async () => {
    const table = await german();
    const progress: number[] = [];
    const r = await trainAndReport(ck, { table, target: 'is_bad', model: 'gbdt', options: { nEstimators: 40, maxDepth: 3 }, trainRatio: 0.8, seed: 7 },
      (p) => { if (p.phase === 'train') progress.push(p.fraction); });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toHaveLength(41);

    // The same split and model by hand give the same figures.
    const { X, y } = ck.splitTarget(table, 'is_bad');
    const { train, test } = ck.stratifiedSplit(y, 0.8, 7);
    const model = new ck.GradientBoostingClassifier({ nEstimators: 40, maxDepth: 3 }).fit(X.take(train), Float64Array.from(train, (i) => y[i]));
    const pd = model.predictProba(X.take(test));
    const yTest = Float64Array.from(test, (i) => y[i]);
    expect(r.metrics.auc).toBe(ck.rocAuc(yTest, pd));
    expect(r.metrics).toMatchObject({ trainRows: 800, testRows: 200, defaultRate: 0.3 });

    expect(r.riskiest.rows).toHaveLength(15);
    const top = Array.from(pd, (p, i) => ({ p, i })).sort((a, b) => b.p - a.p || a.i - b.i).slice(0, 15);
    // Reason codes of the riskiest rows: the library's top 3 TreeSHAP reasons, as "feature = value (+PD points)".
    expect(r.riskiest.hasReasons).toBe(true);
    const codes = ck.reasonCodes(model, X.take(top.map((t) => test[t.i])), { top: 3 });
    expect(r.riskiest.rows.map((x) => x.reasons)).toEqual(
      codes.map((c) => c.reasons.map((q) => `${q.feature} = ${q.value} (+${(100 * q.pdImpact).toFixed(1)} pp)`)),
    );
    expect(r.riskiest.rows[0].reasons!.length).toBeGreaterThan(0);
    expect(r.riskiest.rows.map((x) => x.pd)).toEqual(top.map((t) => t.p));
    expect(r.riskiest.rows.map((x) => x.id)).toEqual(top.map((t) => `row ${test[t.i] + 1}`));
    expect(r.riskiest.rows.map((x) => x.outcome)).toEqual(top.map((t) => (yTest[t.i] === 1 ? 'defaulted' : 'repaid')));

    expect(r.importance.method).toBe('gain');
    expect(JSON.stringify(r.roc)).toContain(`AUC ${r.metrics.auc.toFixed(3)}`);
    expect(r.lending).toBeNull();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r); // plain data: crosses postMessage unchanged
  });

  it('uses permutation importance for models without their own, and says why reason codes are missing', async () => {
    const table = await german();
    // A stand-in library: the real one, with a model kind that has neither featureImportance nor trees.
    const lib = {
      ...ck,
      createModel: (kind: string, options: Record<string, unknown>) => {
        const m = ck.createModel(kind, options);
        return { fit: (X: core.Dataset, y: Float64Array) => { m.fit(X, y); return m; }, predictProba: (X: core.Dataset) => m.predictProba(X) };
      },
    } as unknown as typeof ck;
    const r = await trainAndReport(lib, { table, target: 'is_bad', model: 'gbdt', options: { nEstimators: 30, maxDepth: 3 }, trainRatio: 0.8, seed: 3 });
    expect(r.riskiest.hasReasons).toBe(false);
    expect(r.riskiest.reasonError).toMatch(/cannot explain .*tree models.*linear models/);
    expect(r.riskiest.reasonsUnavailable).toBe(true);
    expect(r.importance.method).toBe('permutation');
    const bars = (r.importance.spec.data as { values: { feature: string; value: number }[] }).values;
    expect(bars).toHaveLength(15);
    expect(bars[0].value).toBeGreaterThan(0.01); // shuffling the strongest feature costs test AUC
  });

  it('shows reason codes for linear models (linear SHAP, and a scorecard: points lost) and says why an MLP has none', async () => {
    const table = await german();
    const { X, y } = ck.splitTarget(table, 'is_bad');
    const { train, test } = ck.stratifiedSplit(y, 0.8, 5);
    for (const [kind, options] of [['logistic', { C: 0.5 }], ['svm', { calibrationFolds: 3 }], ['scorecard', {}]] as const) {
      const r = await trainAndReport(ck, { table, target: 'is_bad', model: kind, options, trainRatio: 0.8, seed: 5 });
      expect(r.riskiest.hasReasons, kind).toBe(true);
      expect(r.riskiest.reasonError).toBeNull();
      const model = ck.createModel(kind, options).fit(X.take(train), Float64Array.from(train, (i) => y[i]));
      const pd = model.predictProba(X.take(test));
      const top = Array.from(pd, (p, i) => ({ p, i })).sort((a, b) => b.p - a.p || a.i - b.i).slice(0, 15);
      const codes = ck.reasonCodes(model, X.take(top.map((t) => test[t.i])), { top: 3 });
      expect(r.riskiest.rows.map((x) => x.reasons)).toEqual(
        codes.map((c) => c.reasons.map((q) => `${q.feature} = ${q.value} (+${(100 * q.pdImpact).toFixed(1)} pp)`)),
      );
      // The riskiest applicants have reasons, and categorical characteristics are among them.
      expect(r.riskiest.rows.every((x) => x.reasons!.length > 0)).toBe(true);
      expect(r.riskiest.rows.some((x) => x.reasons!.some((t) => / = A\d+ /.test(t)))).toBe(true);
    }
    const mlp = await trainAndReport(ck, { table, target: 'is_bad', model: 'mlp', options: { maxEpochs: 5 }, trainRatio: 0.8, seed: 5 });
    expect(mlp.riskiest.hasReasons).toBe(false);
    expect(mlp.riskiest.reasonsUnavailable).toBe(true);
    expect(mlp.riskiest.reasonError).toMatch(/cannot explain MLPClassifier/);
  });

  it('rejects a bad training share and a target that is not binary, as CreditkitErrors', async () => {
    const table = await german();
    await expect(trainAndReport(ck, { table, target: 'is_bad', model: 'gbdt', trainRatio: 1, seed: 1 })).rejects.toMatchObject({ code: 'E_OPTION' });
    await expect(trainAndReport(ck, { table, target: 'age_years', model: 'gbdt', trainRatio: 0.8, seed: 1 })).rejects.toMatchObject({ code: 'E_TARGET_INVALID' });
    await expect(trainAndReport(ck, { table, target: 'is_bad', model: 'nope', trainRatio: 0.8, seed: 1 })).rejects.toMatchObject({ code: 'E_OPTION' });
  });

  it('suggests per-data-set options that do not fit the 86 SME training firms perfectly, where the library defaults do', async () => {
    const suggested = defaultModelOptions(ck, 'sme');
    expect(suggested.gbdt).toEqual(ck.SME_PD_OPTIONS); // the cross-validated settings npm start uses
    expect(Object.keys(suggested).every((k) => k in ck.MODEL_KINDS)).toBe(true);
    expect(Object.keys(suggested).length).toBeGreaterThanOrEqual(7);
    expect(defaultModelOptions(ck, 'file')).toEqual({});
    expect(defaultModelOptions(ck, 'gmsc')).toEqual({});

    const data = await ck.loadSmeData(new URL('../../data/cumcm', import.meta.url).pathname);
    const { table } = smeSample(ck, data.rated, data.unrated);
    const run = (model: string, options: Record<string, unknown>) => trainAndReport(ck, { table, target: 'defaulted', model, options, trainRatio: 0.7, seed: 42 });
    for (const [kind, options] of Object.entries(suggested)) {
      const plain = await run(kind, {});
      const r = await run(kind, options);
      expect(r.metrics.trainRows, kind).toBe(86);
      expect(r.metrics.trainAuc, `${kind} ${JSON.stringify(options)}`).toBeLessThan(kind === 'gbdt' ? 0.995 : 1);
      expect(r.metrics.trainAuc, kind).toBeLessThanOrEqual(plain.metrics.trainAuc);
      expect(r.metrics.auc, kind).toBeGreaterThan(0.7);
    }
    // The library defaults of GBDT (and of the trees, forest, AdaBoost and SVM) fit these 86 firms perfectly.
    for (const kind of ['gbdt', 'tree', 'rf', 'adaboost', 'svm']) expect((await run(kind, {})).metrics.trainAuc, kind).toBe(1);

    // German credit: shallower, slower boosting than the library defaults.
    const germanTable = await german();
    const g = (options: Record<string, unknown>) => trainAndReport(ck, { table: germanTable, target: 'is_bad', model: 'gbdt', options, trainRatio: 0.7, seed: 42 });
    const [plain, tuned] = [await g({}), await g(defaultModelOptions(ck, 'german').gbdt)];
    expect(plain.metrics.trainAuc).toBeGreaterThan(0.99);
    expect(tuned.metrics.trainAuc).toBeLessThan(0.95);
    expect(tuned.metrics.auc).toBeGreaterThan(0.7);
  }, 120_000);

  it('on the SME sample: scores the 302 applicants and finds the optimal lending strategy within the limits', async () => {
    const data = await ck.loadSmeData(new URL('../../data/cumcm', import.meta.url).pathname);
    const s = smeSample(ck, data.rated, data.unrated);
    expect(s.table.nRows).toBe(123);
    expect(s.applicants.ids).toHaveLength(302);
    const churnCsv = readFileSync(new URL('../../data/cumcm-rate-churn.csv', import.meta.url), 'utf8');
    const input = { table: s.table, target: 'defaulted', ids: s.ids, model: 'gbdt', trainRatio: 0.7, seed: 42, applicants: s.applicants, churnCsv };
    // Rating the applicants needs the bank's ratings of the rated firms.
    await expect(trainAndReport(ck, input)).rejects.toMatchObject({ code: 'E_OPTION' });
    const r = await trainAndReport(ck, { ...input, ratings: s.ratings });
    expect(r.metrics).toMatchObject({ trainRows: 86, testRows: 37 });
    // The library's rating rule: bands fitted on the test firms' PDs and the bank's grades of those firms.
    const { X, y } = ck.splitTarget(s.table, 'defaulted');
    const { train, test } = ck.stratifiedSplit(y, 0.7, 42);
    const again = ck.createModel('gbdt', {});
    again.fit(X.take(train), Float64Array.from(train, (i) => y[i]));
    const bands = ck.fitRatingBands(again.predictProba(X.take(test)), Array.from(test, (i) => s.ratings[i]), ck.CREDIT_RATINGS);
    expect(r.ratingBands).toEqual(bands);
    expect(bands.map((b) => b.rating)).toEqual(['A', 'B', 'C', 'D']);
    for (let k = 1; k < bands.length; k++) expect(bands[k].maxPd).toBeGreaterThanOrEqual(bands[k - 1].maxPd);
    expect(r.riskiest.rows.every((x) => x.rating === ck.ratingForPd(x.pd, bands))).toBe(true);
    expect(r.metrics.auc).toBeGreaterThan(0.7);
    expect(r.riskiest.rows.every((x) => x.rating === 'D' && /^E\d+$/.test(x.id))).toBe(true);
    const L = r.lending!;
    expect(L.status).toBe('optimal');
    expect(L.summary!.loans).toBe(L.loans.length);
    expect(L.summary!.totalAmount).toBeLessThanOrEqual(10_000 + 1e-6);
    expect(L.loans.every((d) => d.rating !== 'D' && d.amount >= 10 - 1e-9 && d.amount <= 100 + 1e-9 && d.rate >= 0.04 && d.rate <= 0.15)).toBe(true);
    expect(Object.values(L.byRating).reduce((n, b) => n + b.applicants, 0)).toBe(302);
    expect(L.loans.every((d) => d.rating === ck.ratingForPd(d.pd, bands))).toBe(true);
    expect(L.byRating.D.applicants).toBeGreaterThan(0);
    // Every loan earns in expectation, and the total is the sum of the loans.
    expect(L.loans.every((d) => d.expectedReturn > 0)).toBe(true);
    expect(L.loans.reduce((t, d) => t + d.expectedReturn, 0)).toBeCloseTo(L.summary!.expectedReturn, 6);
  }, 120_000);
});
