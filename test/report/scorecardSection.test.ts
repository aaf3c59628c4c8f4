import { describe, expect, it } from 'vitest';
import { splitTarget } from '../../src/data/target.js';
import { ScorecardModel } from '../../src/models/scorecard/scorecard.js';
import { characteristicBinsChartSpec } from '../../src/report/charts/characteristicBins.js';
import { collectModelReport } from '../../src/report/modelReport.js';
import { buildReport } from '../../src/report/report.js';
import '../../src/index.js';
import { errorOf } from '../errorOf.js';
import { GERMAN } from '../cli/helpers.js';
import { readCsvFileSync } from '../readCsvFileSync.js';

const { X, y } = splitTarget(readCsvFileSync(GERMAN), 'is_bad');
const model = new ScorecardModel({ roundPoints: true }).fit(X, y);

describe('the report of a scorecard', () => {
  it('has a scorecard section: the points table and an event-rate / WOE chart per characteristic', async () => {
    const data = await collectModelReport(model, X, y, { dataName: 'german-credit.csv.gz', shapRows: 50 });
    expect(data.scorecard).toEqual(model.pointsTable());
    const html = await buildReport({ model: data });
    const section = html.match(/<section id="scorecard">([\s\S]*?)<\/section>/)?.[1] ?? '';
    expect(section).toContain('Points table');
    const table = model.pointsTable();
    // One table row per attribute (plus the header row).
    const pointsTable = section.slice(section.indexOf('Points table'));
    expect((pointsTable.match(/<tr>/g) ?? []).length).toBeGreaterThanOrEqual(table.rows.length + 1);
    expect(section).toContain(`Base points: ${table.basePoints.toFixed(2)}`);
    const svgs = [...section.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(svgs.length).toBe(model.featureSpecs.length);
    for (const svg of svgs) expect((svg.match(/<path\b[^>]* d="M/g) ?? []).length).toBeGreaterThan(3);
    if (table.wrongSign.length > 0) expect(section).toContain('wrong sign');
    // The section sits between performance and importance.
    const ids = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
    expect(ids.indexOf('scorecard')).toBe(ids.indexOf('performance') + 1);
  });

  it('draws attributes in table order, event rate on one axis and WOE on the other', () => {
    const spec = characteristicBinsChartSpec('age', [
      { attribute: '< 25', share: 0.2, eventRate: 0.4, woe: -0.44 },
      { attribute: '>= 25', share: 0.7, eventRate: 0.25, woe: 0.25 },
      { attribute: 'Missing', share: 0.1, eventRate: 0.3, woe: 0 },
    ]) as { data: { values: { attribute: string; woe: number }[] }; layer: { encoding: { y: { field: string } } }[]; resolve: unknown };
    expect(spec.data.values.map((v) => v.attribute)).toEqual(['1. < 25', '2. >= 25', '3. Missing']);
    expect(spec.layer.map((l) => l.encoding.y.field)).toEqual(['eventRate', 'woe']);
    expect(spec.resolve).toEqual({ scale: { y: 'independent' } });
    expect(errorOf(() => characteristicBinsChartSpec('age', [])).code).toBe('E_EMPTY_DATA');
    expect(errorOf(() => characteristicBinsChartSpec('age', [{ attribute: 'x', share: 1, eventRate: 2, woe: 0 }])).code).toBe('E_NONFINITE');
  });
});
