import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { Dataset } from '../../src/data/dataset.js';
import { ScorecardModel } from '../../src/models/scorecard/scorecard.js';
import { BASE_POINTS_LABEL, scorecardTableCsv, scorecardTableJson } from '../../src/scorecard/pointsTable.js';
import { init } from '../../src/wasm/load.js';

await init();

describe('points table export', () => {
  const n = 400;
  const grade = Float32Array.from({ length: n }, (_, i) => i % 4);
  const amount = Float32Array.from({ length: n }, (_, i) => (i * 37) % 100);
  const y = Array.from({ length: n }, (_, i) => ((i % 4 === 3 && i % 3 !== 0) || (i % 4 === 2 && i % 5 === 0) || (amount[i] > 80 && i % 2 === 0) ? 1 : 0));
  const X = new Dataset([
    { name: 'grade', kind: 'categorical', values: grade, categories: ['=A', 'B, C', 'D', 'E'] },
    { name: 'amount', kind: 'numeric', values: amount },
  ]);
  const model = new ScorecardModel({ minIv: 0, minBinShare: 0.01 }).fit(X, y);
  const table = model.pointsTable();

  it('writes CSV that reads back to the same table: base points first, labels with commas quoted', () => {
    const csv = scorecardTableCsv(table);
    const back = parseCsv(csv);
    expect(back.nRows).toBe(table.rows.length + 1);
    const label = (name: string, i: number) => {
      const c = back.column(name);
      return Number.isNaN(c.values[i]) ? '' : c.categories![c.values[i]];
    };
    expect(label('characteristic', 0)).toBe(BASE_POINTS_LABEL);
    expect(back.column('points').values[0]).toBe(Math.fround(table.basePoints));
    table.rows.forEach((r, k) => {
      expect(label('characteristic', k + 1)).toBe(r.characteristic);
      expect(label('attribute', k + 1)).toBe(r.attribute);
      expect(back.column('points').values[k + 1]).toBe(Math.fround(r.points));
      expect(back.column('woe').values[k + 1]).toBe(Math.fround(r.woe));
    });
    expect(csv).toContain('"B, C"');
    expect(csv.split('\n')[0]).toBe('characteristic,attribute,count,share,event_rate,woe,coefficient,points');
    // Spreadsheet-safe labels on request.
    expect(scorecardTableCsv(table, { safe: true })).toContain("\"'=A");
  });

  it('writes JSON with the scaling, base points, wrong signs and rows', () => {
    const json = JSON.parse(scorecardTableJson(table));
    expect(json).toEqual({ pdo: 20, baseOdds: 50, scoreAtBaseOdds: 600, basePoints: table.basePoints, wrongSign: table.wrongSign, rows: table.rows });
  });
});
