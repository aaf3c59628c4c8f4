import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cli, GERMAN, tempDir } from './helpers.js';

const CUMCM = fileURLToPath(new URL('../../data/cumcm', import.meta.url));

describe('creditkit compare', () => {
  it('prints mean ± sd per model and training share on German credit', async () => {
    const r = await cli('compare', '--data', GERMAN, '--target', 'is_bad', '--kinds', 'logistic,svm,mlp', '--repeats', '2', '--train-ratios', '0.7,0.8',
      '--model-options', '{"svm":{"calibrationFolds":2,"tol":0.01},"mlp":{"maxEpochs":20}}');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1,000 rows, 20 features, default rate 30\.00%/);
    expect(r.out).toMatch(/model\s+train\s+AUC\s+precision\s+recall\s+F1\s+KS\s+fit s/);
    for (const m of ['logistic', 'svm', 'mlp']) {
      for (const share of ['70%', '80%']) expect(r.out).toMatch(new RegExp(`${m}\\s+${share}\\s+0\\.[6-9]\\d\\d ± 0\\.\\d{3}`));
    }
  });

  it('--json gives the summary and every run; --drop removes columns', async () => {
    const r = await cli('compare', '--data', GERMAN, '--target', 'is_bad', '--kinds', 'logistic', '--repeats', '2', '--train-ratios', '0.75', '--drop', 'telephone,foreign_worker', '--threshold', '0.3', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.features).toHaveLength(18);
    expect(j.features).not.toContain('telephone');
    expect(j.threshold).toBe(0.3);
    expect(j.rows).toHaveLength(1);
    expect(j.rows[0]).toMatchObject({ model: 'logistic', trainRatio: 0.75, repeats: 2 });
    expect(j.runs).toHaveLength(2);
    expect(j.runs.every((run: { threshold: number }) => run.threshold === 0.3)).toBe(true);
  });

  it('--sme builds the rated CUMCM firms\' invoice features; --with-rating adds the bank\'s rating', async () => {
    const plain = await cli('compare', '--sme', CUMCM, '--kinds', 'logistic', '--repeats', '2', '--json');
    expect(plain.code).toBe(0);
    const a = JSON.parse(plain.out);
    expect(a.nRows).toBe(123);
    expect(a.features).not.toContain('credit_rating');
    const rated = await cli('compare', '--sme', CUMCM, '--kinds', 'logistic', '--repeats', '2', '--with-rating', '--json');
    const b = JSON.parse(rated.out);
    expect(b.features).toEqual([...a.features, 'credit_rating']);
    // The rating leaks most of the target (every D firm defaulted).
    expect(b.rows[0].auc.mean).toBeGreaterThan(a.rows[0].auc.mean);
  });

  it('--sme reads the folder with --encoding and --delimiter (they were ignored there)', async () => {
    const tmp = tempDir();
    try {
      // The same tables as UTF-16 with a byte-order mark and ';' between fields (no field holds a comma or quote).
      for (const name of readdirSync(CUMCM).filter((f) => /^a[12]_.*\.csv\.gz$/.test(f))) {
        const text = gunzipSync(readFileSync(join(CUMCM, name))).toString('utf8').replaceAll(',', ';');
        writeFileSync(join(tmp.dir, name.replace(/\.gz$/, '')), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      }
      const args = ['--kinds', 'logistic', '--repeats', '1', '--train-ratios', '0.8', '--json'];
      const original = await cli('compare', '--sme', CUMCM, ...args);
      const converted = await cli('compare', '--sme', tmp.dir, '--encoding', 'utf-16', '--delimiter', ';', ...args);
      expect(converted.err).toBe('');
      expect(converted.code).toBe(0);
      const [a, b] = [JSON.parse(original.out), JSON.parse(converted.out)];
      expect(b.features).toEqual(a.features);
      expect(a.runs[0].auc).toBeTypeOf('number');
      expect(b.runs[0].auc).toBe(a.runs[0].auc);
      // Without the flags the folder does not read as the CUMCM tables.
      expect((await cli('compare', '--sme', tmp.dir, ...args)).code).toBe(2);
    } finally {
      tmp.cleanup();
    }
  }, 120_000);

  it('rejects unknown models (listing the known ones) and bad flags with exit code 2', async () => {
    const unknown = await cli('compare', '--data', GERMAN, '--target', 'is_bad', '--kinds', 'logistic,catboost');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/E_USAGE.*unknown model "catboost" in --kinds \(known: /);
    const known = /known: ([^)]*)\)/.exec(unknown.err)![1].split(', ');
    for (const name of ['gbdt', 'logistic', 'svm', 'mlp']) expect(known).toContain(name);
    const cases: Array<[string[], RegExp]> = [
      [['--target', 'is_bad'], /either --data/],
      [['--data', GERMAN, '--sme', CUMCM, '--target', 'is_bad'], /either --data/],
      [['--data', GERMAN], /--target is required/],
      [['--data', GERMAN, '--target', 'is_bad', '--repeats', '0'], /--repeats/],
      [['--data', GERMAN, '--target', 'is_bad', '--train-ratios', '0.7,1.5'], /--train-ratios/],
      [['--data', GERMAN, '--target', 'is_bad', '--threshold', '-1'], /--threshold/],
      [['--data', GERMAN, '--target', 'is_bad', '--model-options', '{bad'], /not valid JSON/],
      [['--data', GERMAN, '--target', 'is_bad', '--kinds', 'svm', '--model-options', '{"svm":{"kernel":"poly"}}'], /kernel must be/],
      [['--data', GERMAN, '--target', 'is_bad', '--with-rating'], /--sme only/],
      [['--sme', CUMCM, '--target', 'defaulted'], /applies to --data/],
    ];
    for (const [args, message] of cases) {
      const r = await cli('compare', ...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    }
    const missing = await cli('compare', '--data', 'no-such-file.csv', '--target', 'is_bad');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/E_FILE_NOT_FOUND/);
  });
});
