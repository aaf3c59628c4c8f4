// Id columns at train time (issue 19, item 5): a column with a different
// value on every row is left out of the features with a notice, unless
// --keep-id; --id names one; score carries it through with --id.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, GERMAN, tempDir } from './helpers.js';

/** The first rows of Give Me Some Credit's layout: an integer Id column, 1-based. */
function gmscLike(rows: number): string {
  const lines = ['Id,SeriousDlqin2yrs,RevolvingUtilization,age,DebtRatio'];
  for (let i = 0; i < rows; i++) lines.push([i + 1, i % 9 === 0 || (i % 5 === 0 && i % 2 === 0) ? 1 : 0, ((i * 37) % 100) / 100, 25 + ((i * 11) % 50), ((i * 53) % 90) / 100].join(','));
  return lines.join('\n') + '\n';
}

describe('id columns in train', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  const data = t.file('gmsc.csv', gmscLike(200));

  it('leaves an integer Id out of the features with a notice naming it', async () => {
    const out = t.file('m.json');
    const r = await cli('train', '--data', data, '--target', 'SeriousDlqin2yrs', '--kind', 'logistic', '--out', out, '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('creditkit: note: column "Id" has a different value on every row: taken for an id, not a feature (name the id with --id, or keep it as a feature with --keep-id)\n');
    const j = JSON.parse(r.out);
    expect(j.features).toEqual(['RevolvingUtilization', 'age', 'DebtRatio']);
    expect(j.idColumns).toEqual(['Id']);
    const model = JSON.parse(readFileSync(out, 'utf8'));
    expect(JSON.stringify(model)).not.toMatch(/"Id"/);
    const text = await cli('train', '--data', data, '--target', 'SeriousDlqin2yrs', '--kind', 'logistic', '--out', t.file('m2.json'));
    expect(text.out).toMatch(/3 features, target "SeriousDlqin2yrs", id "Id"/);
    // Scoring carries the id through as before.
    const scores = t.file('scores.csv');
    expect((await cli('score', '--model', out, '--data', data, '--id', 'Id', '--out', scores)).code).toBe(0);
    expect(readFileSync(scores, 'utf8').split('\n').slice(0, 3)).toEqual(['Id,pd', expect.stringMatching(/^1,0\.\d+$/), expect.stringMatching(/^2,0\.\d+$/)]);
  }, 60_000);

  it('--keep-id keeps it as a feature; --id names a text id, silently', async () => {
    const kept = await cli('train', '--data', data, '--target', 'SeriousDlqin2yrs', '--kind', 'logistic', '--out', t.file('k.json'), '--keep-id', '--json');
    expect(kept.err).toBe('');
    expect(JSON.parse(kept.out).features).toEqual(['Id', 'RevolvingUtilization', 'age', 'DebtRatio']);
    const texts = t.file('texts.csv', gmscLike(200).replace(/^(\d+),/gm, 'L$1,'));
    const named = await cli('train', '--data', texts, '--target', 'SeriousDlqin2yrs', '--kind', 'logistic', '--out', t.file('n.json'), '--id', 'Id', '--json');
    expect(named.err).toBe('');
    expect(JSON.parse(named.out).idColumns).toEqual(['Id']);
    expect(JSON.parse(named.out).features).not.toContain('Id');
    // A text id is detected too.
    const detected = await cli('train', '--data', texts, '--target', 'SeriousDlqin2yrs', '--kind', 'logistic', '--out', t.file('d.json'), '--json');
    expect(detected.err).toMatch(/column "Id" has a different value on every row/);
  }, 60_000);

  it('German credit has no id column: nothing is left out', async () => {
    const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--kind', 'logistic', '--out', t.file('g.json'), '--json');
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).features).toHaveLength(20);
    expect(JSON.parse(r.out).idColumns).toEqual([]);
  }, 60_000);

  it('refuses --id with --keep-id, an --id the file lacks, and an --id with another role', async () => {
    const both = await cli('train', '--data', data, '--target', 'SeriousDlqin2yrs', '--id', 'Id', '--keep-id');
    expect(both.err).toMatch(/\[E_USAGE\]: give --id COL \(not a feature\) or --keep-id \(no id detected\), not both/);
    const missing = await cli('train', '--data', data, '--target', 'SeriousDlqin2yrs', '--kind', 'logistic', '--id', 'customer', '--out', t.file('x.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/\[E_COLUMN_UNKNOWN\]: .*--id names "customer", a column the file does not have/);
    const clash = await cli('train', '--data', data, '--target', 'SeriousDlqin2yrs', '--id', 'age', '--categorical', 'age');
    expect(clash.err).toMatch(/\[E_USAGE\]: .*column "age" is both --id and --categorical/);
  }, 60_000);
});

describe('id columns in tune, select and compare', () => {
  it('are left out the same way, with the same note; --keep-id keeps them', async () => {
    const t = tempDir();
    try {
      const data = t.file('gmsc.csv', gmscLike(200));
      const select = await cli('select', '--data', data, '--target', 'SeriousDlqin2yrs', '--json');
      expect(select.code).toBe(0);
      expect(select.err).toMatch(/column "Id" has a different value on every row/);
      expect(JSON.parse(select.out).summary.map((f: { feature: string }) => f.feature)).not.toContain('Id');
      const kept = await cli('select', '--data', data, '--target', 'SeriousDlqin2yrs', '--keep-id', '--json');
      expect(kept.err).toBe('');
      expect(JSON.parse(kept.out).summary.map((f: { feature: string }) => f.feature)).toContain('Id');
      const compare = await cli('compare', '--data', data, '--target', 'SeriousDlqin2yrs', '--kinds', 'logistic', '--repeats', '1', '--id', 'Id', '--json');
      expect(compare.code).toBe(0);
      expect(compare.err).toBe('');
      const both = await cli('compare', '--data', data, '--target', 'SeriousDlqin2yrs', '--kinds', 'logistic', '--id', 'Id', '--keep-id');
      expect(both.err).toMatch(/\[E_USAGE\]: give --id COL \(not a feature\) or --keep-id/);
    } finally {
      t.cleanup();
    }
  }, 120_000);
});
