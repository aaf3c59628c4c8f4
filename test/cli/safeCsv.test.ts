import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

// Ids an attacker could plant in an application form: each would run as a formula in a spreadsheet.
const IDS = ['=HYPERLINK("http://evil","x")', '+1+1', '-1+1', '@SUM(A1)', "=cmd|' /C calc'!A0", 'A-17', '-42'];

describe('--safe-csv: spreadsheet formula injection through ids', () => {
  const tmp = tempDir();
  let data = '';
  let model = '';

  beforeAll(async () => {
    const lines = ['id,x1,x2,y'];
    for (let i = 0; i < 200; i++) {
      const x1 = (i * 37) % 101;
      const x2 = (i * 53) % 97;
      lines.push(`"${IDS[i % IDS.length].replace(/"/g, '""')}",${x1},${x2},${x1 + x2 > 100 ? 1 : 0}`);
    }
    data = tmp.file('data.csv', lines.join('\n') + '\n');
    model = tmp.file('model.json');
    const r = await cli('train', '--data', data, '--target', 'y', '--drop', 'id', '--out', model, '--n-estimators', '5');
    expect(r.code).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  const firstCells = (path: string, n: number): string[] =>
    readFileSync(path, 'utf8').split('\n').slice(1, n + 1).map((l) => (l.startsWith('"') ? l.slice(0, l.lastIndexOf('",') + 1) : l.split(',')[0]));

  it('score writes ids exactly as read by default, and defused with --safe-csv', async () => {
    const plain = tmp.file('plain.csv');
    expect((await cli('score', '--model', model, '--data', data, '--out', plain, '--id', 'id')).code).toBe(0);
    expect(firstCells(plain, 7)).toEqual(['"=HYPERLINK(""http://evil"",""x"")"', '+1+1', '-1+1', '@SUM(A1)', "=cmd|' /C calc'!A0", 'A-17', '-42']);
    const safe = tmp.file('safe.csv');
    expect((await cli('score', '--model', model, '--data', data, '--out', safe, '--id', 'id', '--safe-csv')).code).toBe(0);
    expect(firstCells(safe, 7)).toEqual(['"\'=HYPERLINK(""http://evil"",""x"")"', '"\'+1+1"', '"\'-1+1"', '"\'@SUM(A1)"', `"'=cmd|' /C calc'!A0"`, 'A-17', '-42']);
  });

  it('explain and points route their ids through the same safe mode', async () => {
    const reasons = tmp.file('reasons.csv');
    expect((await cli('explain', '--model', model, '--data', data, '--out', reasons, '--id', 'id', '--safe-csv')).code).toBe(0);
    expect(firstCells(reasons, 3)).toEqual(['"\'=HYPERLINK(""http://evil"",""x"")"', '"\'+1+1"', '"\'-1+1"']);
    const scores = tmp.file('scores.csv');
    expect((await cli('points', '--model', model, '--data', data, '--out', scores, '--id', 'id', '--safe-csv')).code).toBe(0);
    expect(firstCells(scores, 4)).toEqual(['"\'=HYPERLINK(""http://evil"",""x"")"', '"\'+1+1"', '"\'-1+1"', '"\'@SUM(A1)"']);
  });
});
