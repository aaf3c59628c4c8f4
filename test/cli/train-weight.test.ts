import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, MODEL_KINDS, parseCsv, type ScorecardModel } from '../../src/core.js';
import { cli, tempDir } from './helpers.js';
import { trainingCsv } from './trainingCsv.js';

describe('creditkit train --weight COL', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const text = trainingCsv(200);
  const data = tmp.file('train.csv', text);
  const base = (out: string, file = data): string[] => ['train', '--data', file, '--target', 'y', '--drop', 'id', '--out', out];

  it('weights rows: weight 3 fits as three copies of the row, and the weight column is not a feature', async () => {
    // The same rows, each written w times, without the weight.
    const lines = text.trimEnd().split('\n');
    const copies = [lines[0], ...lines.slice(1).flatMap((l) => Array<string>(Number(l.split(',')[5])).fill(l))].join('\n') + '\n';
    const repeated = tmp.file('repeated.csv', copies);
    const weighted = tmp.file('weighted.json');
    const plain = tmp.file('plain.json');
    const r = await cli(...base(weighted), '--kind', 'logistic', '--weight', 'w', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ weight: 'w', features: ['x1', 'x2', 'grp', 'sex'] });
    expect((await cli(...base(plain, repeated), '--kind', 'logistic', '--drop', 'id,w')).code).toBe(0);
    const X = parseCsv(text).drop(['id', 'w', 'y']);
    const a = loadModel(readFileSync(weighted, 'utf8'));
    const b = loadModel(readFileSync(plain, 'utf8'));
    expect(a.featureSpecs.map((f) => f.name)).toEqual(['x1', 'x2', 'grp', 'sex']);
    const pa = a.predictProba(X);
    const pb = b.predictProba(X);
    for (let i = 0; i < pa.length; i++) expect(pa[i]).toBeCloseTo(pb[i], 6);
    // And the weights matter: unweighted, the model differs.
    const unweighted = tmp.file('unweighted.json');
    expect((await cli(...base(unweighted), '--kind', 'logistic', '--drop', 'id,w')).code).toBe(0);
    expect(Math.max(...loadModel(readFileSync(unweighted, 'utf8')).predictProba(X).map((p, i) => Math.abs(p - pa[i])))).toBeGreaterThan(1e-3);
  });

  it('weights a scorecard: its binning counts weights, as the rows written w times', async () => {
    const lines = text.trimEnd().split('\n');
    const copies = [lines[0], ...lines.slice(1).flatMap((l) => Array<string>(Number(l.split(',')[5])).fill(l))].join('\n') + '\n';
    const repeated = tmp.file('repeated-card.csv', copies);
    const weighted = tmp.file('weighted-card.json');
    const plain = tmp.file('plain-card.json');
    // fineBins 100 keeps every distinct x1 and x2 value a pre-bin, so both fits start from the same pre-bins.
    const options = ['--kind', 'scorecard', '--options', '{"fineBins": 100, "minIv": 0}'];
    expect((await cli(...base(weighted), ...options, '--weight', 'w')).code).toBe(0);
    expect((await cli(...base(plain, repeated), ...options, '--drop', 'id,w')).code).toBe(0);
    const a = loadModel(readFileSync(weighted, 'utf8')) as ScorecardModel;
    const b = loadModel(readFileSync(plain, 'utf8')) as ScorecardModel;
    const counts = (m: ScorecardModel) => m.pointsTable().rows.map((r) => [r.characteristic, r.attribute, r.count]);
    expect(counts(a)).toEqual(counts(b));
    expect(a.pointsTable().rows.reduce((s, r) => s + r.count, 0)).toBe((copies.trimEnd().split('\n').length - 1) * a.featureSpecs.length);
    const X = parseCsv(text).drop(['id', 'w', 'y']);
    const pa = a.predictProba(X);
    const pb = b.predictProba(X);
    for (let i = 0; i < pa.length; i++) expect(pa[i]).toBeCloseTo(pb[i], 6);
  });

  it('weights the --valid file too (GBDT early stopping reads them)', async () => {
    const valid = tmp.file('valid.csv', trainingCsv(80, 500));
    const r = await cli(...base(tmp.file('v.json')), '--weight', 'w', '--valid', valid, '--n-estimators', '30', '--early-stopping-rounds', '5', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).validation.rows).toBe(80);
    const noWeight = tmp.file('valid-no-w.csv', trainingCsv(80, 500).replace(/,w,y\n/, ',weight,y\n'));
    const bad = await cli(...base(tmp.file('v2.json')), '--weight', 'w', '--valid', noWeight);
    expect(bad.err).toMatch(/E_COLUMN_UNKNOWN.*valid-no-w\.csv, line 1, column "w": the --valid file lacks "w", the --weight column/);
  });

  const withCell = (row: number, cell: string): string => {
    const lines = text.trimEnd().split('\n');
    const parts = lines[row].split(',');
    parts[5] = cell;
    lines[row] = parts.join(',');
    return lines.join('\n') + '\n';
  };
  it.each([
    ['a non-numeric weight', withCell(4, 'heavy'), 'E_CSV_NOT_NUMERIC', /line 5, column "w": sample weight "heavy" is not a number/],
    ['a negative weight', withCell(7, '-2'), 'E_WEIGHT', /line 8, column "w": sample weight -2 is negative/],
    ['an infinite weight', withCell(2, 'Infinity'), 'E_CSV_NONFINITE', /line 3, column "w": sample weight "Infinity" is not a finite number/],
    ['a NaN weight', withCell(3, 'NaN'), 'E_WEIGHT', /line 4, column "w": missing sample weight/],
    ['an empty weight', withCell(9, ''), 'E_WEIGHT', /line 10, column "w": missing sample weight/],
    ['all weights zero', text.replace(/,[13],([01])\n/g, ',0,$1\n'), 'E_WEIGHT', /column "w": every sample weight is 0/],
  ])('%s is a coded error naming the column and line, and writes nothing', async (_name, csv, code, message) => {
    const file = tmp.file('bad.csv', csv);
    const out = tmp.file('bad.json');
    const r = await cli(...base(out, file), '--weight', 'w');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[${code}]`);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('bad.csv');
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown column, the target as weight, and a kind without sample weights are coded errors', async () => {
    const out = tmp.file('u.json');
    expect((await cli(...base(out), '--weight', 'nope')).err).toMatch(/E_COLUMN_UNKNOWN.*column "nope": --weight names "nope", a column the file does not have/);
    expect((await cli(...base(out), '--weight', 'y')).err).toMatch(/E_USAGE.*column "y" is both --target and --weight/);
    MODEL_KINDS.unweighted = { ...MODEL_KINDS.logistic, name: 'unweighted', sampleWeights: false };
    try {
      const r = await cli(...base(out), '--kind', 'unweighted', '--weight', 'w');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/E_USAGE.*--weight: --kind unweighted does not take sample weights \(kinds that do: gbdt, tree, rf, adaboost, logistic, svm, mlp, scorecard\)/);
    } finally {
      delete MODEL_KINDS.unweighted;
    }
    expect(existsSync(out)).toBe(false);
  });
});
