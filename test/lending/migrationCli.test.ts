import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../cli/helpers.js';
import { PANEL } from './ratingPanels.js';

describe('creditkit migration', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('prints the matrix with counts and the cumulative PDs; --out one line per starting rating', async () => {
    const out = tmp.file('matrix.csv');
    const r = await cli('migration', '--panel', tmp.file('ratings.csv', PANEL), '--order', 'A,B,C,D', '--years', '3', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/27 observations of 10 ids, periods 2018–2020, 16 one-period transitions \(1 observation after a default ignored\)/);
    expect(r.out).toMatch(/B\s+5\s+0\.2000 \(1\)\s+0\.4000 \(2\)\s+0\.2000 \(1\)\s+0\.2000 \(1\)/);
    expect(r.out).toMatch(/C\s+40\.000%\s+60\.000%/);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(lines[0]).toEqual(['from', 'observations', 'A', 'B', 'C', 'D', 'count_A', 'count_B', 'count_C', 'count_D', 'pd_1y', 'pd_2y', 'pd_3y']);
    expect(lines[1].slice(0, 2)).toEqual(['A', '6']);
    expect(lines[3]).toEqual(['C', '5', '0', '0.2', '0.4', '0.4', '0', '1', '2', '2', '0.4', '0.6', expect.any(String)]);
    expect(lines[4].slice(0, 6)).toEqual(['D', '0', '0', '0', '0', '1']);
    expect(r.out).toMatch(/D\s+-\s+0\s+0\s+0\s+1\n/);
  });

  it('--json and the lifetime expected loss with --lgd, --ead schedule and --discount', async () => {
    const r = await cli('migration', '--panel', tmp.file('ratings.csv', PANEL), '--years', '2', '--lgd', '0.5', '--ead', '100,50', '--discount', '0.1', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.matrix.counts[0]).toEqual([4, 2, 0, 0]);
    expect(j.cumulativePd.byRating.B[1]).toBeCloseTo(0.36, 14);
    expect(j.lifetime.byRating.B.expectedLoss).toBeCloseTo(0.2 * 0.5 * 100 / 1.1 + 0.16 * 0.5 * 50 / 1.21, 12);
    expect(Object.keys(j.lifetime.byRating)).toEqual(['A', 'B', 'C']);
    const text = await cli('migration', '--panel', tmp.file('ratings.csv'), '--years', '2', '--lgd', '0.5', '--ead', '100');
    expect(text.out).toMatch(/lifetime expected loss of a 2-year loan: LGD 0.5, EAD 100, discount rate 0/);
  });

  it.each([
    ['a gap in an id\'s periods', PANEL.replace('a3,2019,A\n', ''), [], 'E_PANEL_GAP', 'line 15, column "period"', /between period 2018 \(line 4\) and 2020/],
    ['a rating not in --order', PANEL + 'z9,2019,AA\n', ['--order', 'A,B,C,D'], 'E_RATING_UNKNOWN', 'line 29, column "rating"', /"AA" is not in the rating order/],
    ['a duplicate (id, period)', PANEL + 'b2,2019,B\n', [], 'E_PANEL_DUPLICATE', 'line 29, column "period"', /the first is on line 24/],
    ['a period that is text', PANEL + 'z9,20x9,A\n', [], 'E_CSV_NOT_NUMERIC', 'line 29, column "period"', /expected a number/],
  ])('%s is a coded error naming the file, line and column; nothing written', async (_name, text, flags, code, where, message) => {
    const out = tmp.file('matrix.csv');
    const panel = tmp.file('ratings.csv', text);
    const r = await cli('migration', '--panel', panel, ...flags, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[${code}]`);
    expect(r.err).toContain(`${panel}, ${where}`);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('--gaps skip counts no transition across a gap; bad flags are E_USAGE', async () => {
    const panel = tmp.file('ratings.csv', PANEL.replace('a3,2019,A\n', ''));
    const r = await cli('migration', '--panel', panel, '--gaps', 'skip', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).matrix.gapsSkipped).toBe(1);
    for (const flags of [[], ['--years', '0'], ['--gaps', 'fill'], ['--order', 'A,B,C'], ['--lgd', '1.5'], ['--ead', '5'], ['--lgd', '0.4', '--ead', '1,-1'],
      ['--lgd', '0.4', '--ead', '1,1,1', '--years', '2'], ['--out', panel]]) {
      const bad = await cli('migration', ...(flags.length === 0 ? [] : ['--panel', panel]), ...flags);
      expect(bad.code, flags.join(' ')).toBe(2);
      expect(bad.err, flags.join(' ')).toContain('[E_USAGE]');
    }
    // The id column read as the rating: 300 "ratings".
    const ids = Array.from({ length: 300 }, (_, i) => `o${i},1,A\no${i},2,B`).join('\n');
    const wrong = await cli('migration', '--panel', tmp.file('ids.csv', `id,period,rating\n${ids}\n`), '--rating', 'id');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('[E_USAGE]');
    expect(wrong.err).toMatch(/column "id": a migration matrix has at most 256 ratings, this one 301/);
  });
});
