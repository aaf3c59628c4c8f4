// Numbers from data shown to a person as the shortest decimal that reads back
// as the same float32 (issue 19, item 5): PSI bin edges, sample weights in
// messages, feature values in the HTML report.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { weightsFromColumn } from '../../src/data/sampleWeights.js';
import { errorOf } from '../errorOf.js';
import { cli, tempDir } from './helpers.js';

describe('shortest decimals', () => {
  it('monitor names its bins by the data\'s own values (123468.03, not 123468)', async () => {
    const t = tempDir();
    try {
      const rows = Array.from({ length: 40 }, (_, i) => (123456.78 + i * 1.25).toFixed(2));
      const data = t.file('amounts.csv', ['amount', ...rows].join('\n') + '\n');
      const r = await cli('monitor', '--baseline', data, '--current', data, '--bins', '4', '--json');
      expect(r.code).toBe(0);
      const bins = JSON.parse(r.out).results[0].bins.map((b: { bin: string }) => b.bin);
      expect(bins).toEqual(['(-inf, 123468.03]', '(123468.03, 123480.53]', '(123480.53, 123493.03]', '(123493.03, inf)']);
      const text = await cli('monitor', '--baseline', data, '--current', data, '--bins', '4');
      expect(text.out).toContain('(-inf, 123468.03]');
      const small = t.file('ratios.csv', ['ratio', ...Array.from({ length: 20 }, (_, i) => (6.97 + i / 100).toFixed(2))].join('\n') + '\n');
      const ratios = JSON.parse((await cli('monitor', '--baseline', small, '--current', small, '--bins', '2', '--json')).out).results[0].bins[0].bin;
      expect(ratios).toBe('(-inf, 7.06]');
    } finally {
      t.cleanup();
    }
  });

  it('a negative sample weight read as a number is shown as written', () => {
    const ds = parseCsv('w,x\n1,1\n-0.1,2\n');
    const e = errorOf(() => weightsFromColumn(ds, 'w'));
    expect(e.code).toBe('E_WEIGHT');
    expect(e.message).toMatch(/sample weight -0\.1 is negative/);
    expect(e.message).not.toMatch(/0000/);
  });
});
