import { type CsvCellOptions, csvLine } from '../io/csvField.js';
import type { PointsTable } from '../models/scorecard/scorecard.js';

/** The label of the base-points line in exports (every applicant's starting points). */
export const BASE_POINTS_LABEL = '(base points)';

const HEADER = ['characteristic', 'attribute', 'count', 'share', 'event_rate', 'woe', 'coefficient', 'points'];

/**
 * A scorecard's points table as CSV: a header, the base points line
 * (`(base points)`, only its points filled), then one line per attribute.
 * Labels with commas (pooled categories) are quoted.
 */
export function scorecardTableCsv(table: PointsTable, options: CsvCellOptions = {}): string {
  const lines = [csvLine(HEADER), csvLine([BASE_POINTS_LABEL, '', '', '', '', '', '', table.basePoints], options)];
  for (const r of table.rows) lines.push(csvLine([r.characteristic, r.attribute, r.count, r.share, r.eventRate, r.woe, r.coefficient, r.points], options));
  return `${lines.join('\n')}\n`;
}

/** The points table as JSON text: scaling, base points, characteristics of the wrong sign, and the rows. */
export function scorecardTableJson(table: PointsTable): string {
  const { pdo, baseOdds, scoreAtBaseOdds, basePoints, wrongSign, rows } = table;
  return `${JSON.stringify({ pdo, baseOdds, scoreAtBaseOdds, basePoints, wrongSign, rows }, null, 2)}\n`;
}

/** The table's attributes grouped per characteristic (labels and points in attribute order), as `characteristicStability` takes them. */
export function attributesByCharacteristic(table: PointsTable): { characteristic: string; labels: string[]; points: number[] }[] {
  return table.characteristics.map(({ characteristic }) => {
    const rows = table.rows.filter((r) => r.characteristic === characteristic);
    return { characteristic, labels: rows.map((r) => r.attribute), points: rows.map((r) => r.points) };
  });
}
