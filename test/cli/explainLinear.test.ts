// `creditkit explain` on linear models (logistic regression and the linear
// SVM, exact linear SHAP) trained on German credit, whose categorical
// characteristics become one-hot columns inside the model: the output file's
// columns, that its reasons are each applicant's top positive contributions,
// that contributions add up to the model's log-odds, the background option
// for model files saved without training means, and the refusal of models
// that no explainer covers.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { LogisticRegression, MLPClassifier, SVMClassifier, parseCsv, shapValues, splitTarget } from '../../src/index.js';
import type { Classifier } from '../../src/index.js';
import { cli, GERMAN, tempDir } from './helpers.js';

const TOP = 20; // every feature: the file then lists every positive contribution

describe('creditkit explain on linear models', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  const text = gunzipSync(readFileSync(GERMAN)).toString('utf8');
  const { X, y } = splitTarget(parseCsv(text), 'is_bad');
  // 150 applicants with a few missing cells (a number and a category).
  const lines = text.trimEnd().split('\n').slice(0, 151).map((line, i) => {
    if (i === 3 || i === 9) return line.replace(/^(\w+),\d+,/, '$1,,');
    if (i === 5) return line.replace(/^(\w+),(\d+),(\w+),\w+,/, '$1,$2,$3,,');
    return line;
  });
  const columnIndex = (feature: string): number => lines[0].split(',').indexOf(feature);
  const data = tmp.file('applicants.csv', lines.join('\n') + '\n');
  const applicants = parseCsv(readFileSync(data, 'utf8'), { types: Object.fromEntries(X.columns.map((c) => [c.name, c.kind])) });

  const logistic = new LogisticRegression({ C: 0.5 }).fit(X, y);
  const svm = new SVMClassifier({ calibrationFolds: 3 }).fit(X, y);
  const save = (name: string, model: Classifier): string => tmp.file(name, JSON.stringify(model.toJSON()));

  for (const [name, model] of [['logistic', logistic], ['svm', svm]] as const) {
    it(`${name}: --out has id, pd and every reason; reasons are the top positive contributions, which add up to the log-odds`, async () => {
      const modelPath = save(`${name}.json`, model);
      const out = tmp.file(`${name}-reasons.csv`);
      const r = await cli('explain', '--model', modelPath, '--data', data, '--top', String(TOP), '--out', out, '--json');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.out);
      expect(summary).toMatchObject({ rows: 150, method: 'linear SHAP', scale: 'log-odds', top: TOP });
      expect(summary.scaleDetail).toBe(name === 'svm' ? 'log-odds of the Platt-calibrated PD, −(A·decision value + B)' : 'log-odds of default');

      const file = readFileSync(out, 'utf8').trimEnd().split('\n');
      const header = ['row', 'pd'];
      for (let k = 1; k <= TOP; k++) header.push(`reason_${k}`, `value_${k}`, `shap_${k}`, `pd_impact_${k}`);
      expect(file[0]).toBe(header.join(','));
      expect(file).toHaveLength(151);

      const shap = shapValues(model, applicants);
      const pd = model.predictProba(applicants);
      const nf = shap.featureNames.length;
      expect(summary.baseline.raw).toBe(shap.bias);
      file.slice(1).forEach((line, i) => {
        const cells = line.split(',');
        expect(cells[0]).toBe(String(i + 1));
        expect(cells[1]).toBe(String(pd[i]));
        const c = Array.from(shap.contributions.subarray(i * nf, (i + 1) * nf));
        // bias + Σ contributions = the model's log-odds: the PD back through the sigmoid.
        const raw = shap.bias + c.reduce((a, b) => a + b, 0);
        expect(Math.abs(1 / (1 + Math.exp(-raw)) - pd[i])).toBeLessThan(1e-12);
        const positive = c.map((v, f) => ({ v, f })).filter((e) => e.v > 0).sort((a, b) => b.v - a.v || a.f - b.f);
        positive.forEach((e, k) => {
          const [feature, value, contribution, impact] = cells.slice(2 + 4 * k, 6 + 4 * k);
          expect(feature).toBe(shap.featureNames[e.f]);
          expect(Number(contribution)).toBe(e.v);
          expect(Number(impact)).toBeCloseTo(pd[i] - 1 / (1 + Math.exp(-(raw - e.v))), 12);
          // The applicant's own cell as text ("missing" when blank).
          const cell = lines[i + 1].split(',')[columnIndex(feature)];
          expect(value).toBe(cell === '' ? 'missing' : cell);
        });
        for (let k = positive.length; k < TOP; k++) expect(cells.slice(2 + 4 * k, 6 + 4 * k)).toEqual(['', '', '', '']);
      });
      // Blank cells are missing values (imputed inside the model), worded "missing" when they are reasons.
      expect(Number.isNaN(applicants.column('duration_months').values[2])).toBe(true);
      expect(Number.isNaN(applicants.column('purpose').values[4])).toBe(true);

      // Global importance: mean |SHAP| per feature over the rows, largest first.
      for (const g of summary.importance) {
        const f = shap.featureNames.indexOf(g.feature);
        let abs = 0;
        for (let i = 0; i < 150; i++) abs += Math.abs(shap.contributions[i * nf + f]);
        expect(g.meanAbs).toBeCloseTo(abs / 150, 12);
      }
      expect(summary.importance[0].meanAbs).toBeGreaterThan(summary.importance.at(-1).meanAbs);
    });
  }

  it('prints the method, the model size and the SHAP scale on screen', async () => {
    const r = await cli('explain', '--model', save('svm2.json', svm), '--data', data, '--show', '2');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/explained 150 rows with linear SHAP \(\d+ coefficients\)/);
    expect(r.out).toMatch(/SHAP scale: log-odds of the Platt-calibrated PD/);
    expect(r.out).toMatch(/first 2 of 150 rows/);
  });

  it('a model file without training means explains with --background, and is refused without it', async () => {
    const json = logistic.toJSON() as unknown as { preprocess: { outputMeans?: number[] } };
    delete json.preprocess.outputMeans;
    const old = tmp.file('old.json', JSON.stringify(json));
    const out = tmp.file('old-reasons.csv');
    const refused = await cli('explain', '--model', old, '--data', data, '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/E_NOT_EXPLAINABLE.*old\.json.*--background/);
    expect(existsSync(out)).toBe(false);

    const r = await cli('explain', '--model', old, '--data', data, '--background', GERMAN, '--json', '--top', '2');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    // German credit is the training data with unit weights: the same baseline as the stored means.
    expect(summary.baseline.raw).toBeCloseTo(shapValues(logistic, applicants).bias, 12);
    const few = tmp.file('few.csv', 'age_years\n30\n');
    expect((await cli('explain', '--model', old, '--data', data, '--background', few)).err).toMatch(/E_COLUMN_UNKNOWN.*few\.csv/);
  });

  it('models without trees or a linear score: exit 2 with E_NOT_EXPLAINABLE naming the kind and what is supported', async () => {
    const small = X.take(Array.from({ length: 200 }, (_, i) => i));
    const ySmall = y.slice(0, 200);
    const rbf = save('rbf.json', new SVMClassifier({ kernel: 'rbf', nComponents: 20, calibrationFolds: 2 }).fit(small, ySmall));
    const mlp = save('mlp.json', new MLPClassifier({ hiddenLayerSizes: [4], maxEpochs: 3 }).fit(small, ySmall));
    for (const [path, kind] of [[rbf, 'SVMClassifier'], [mlp, 'MLPClassifier']]) {
      const out = tmp.file('never.csv');
      const r = await cli('explain', '--model', path, '--data', data, '--out', out);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/E_NOT_EXPLAINABLE/);
      expect(r.err).toContain(kind);
      expect(r.err).toMatch(/tree models.*LogisticRegression/);
      expect(existsSync(out)).toBe(false);
    }
  });
});
