import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AdaBoostClassifier, DecisionTreeClassifier, RandomForestClassifier, readCsvFile, splitTarget } from '../../src/index.js';
import { cli, GERMAN, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('creditkit score and evaluate with the tree baselines (saved from the library)', () => {
  it('score writes the same PDs as predictProba; evaluate reports them', async () => {
    const { X, y } = splitTarget(await readCsvFile(GERMAN), 'is_bad');
    for (const model of [new DecisionTreeClassifier({ maxDepth: 4 }), new RandomForestClassifier({ nEstimators: 10 }), new AdaBoostClassifier({ nEstimators: 10 })]) {
      model.fit(X, y);
      const path = tmp.file('model.json');
      writeFileSync(path, JSON.stringify(model.toJSON()));
      const out = tmp.file('scores.csv');
      const r = await cli('score', '--model', path, '--data', GERMAN, '--out', out);
      expect(r.code).toBe(0);
      const pds = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((line) => Number(line.split(',')[1]));
      const expected = model.predictProba(X);
      expect(pds.length).toBe(1000);
      pds.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 12));
      const ev = await cli('evaluate', '--model', path, '--data', GERMAN, '--target', 'is_bad', '--json');
      expect(ev.code).toBe(0);
      expect(JSON.parse(ev.out).auc).toBeGreaterThan(0.7);
    }
  });
});
