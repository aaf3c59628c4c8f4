import { float32Text } from '../data/float32Text.js';
import type { FeatureBinning, WoeBin } from './woe.js';

/** A row of a binning table (optbinning's `binning_table.build()` columns). */
export interface BinningTableRow {
  /** `[lower, upper)` with ±inf, the category labels, `Special: v`, `Missing`, or `Totals`. */
  bin: string;
  count: number;
  /** count / all rows. */
  share: number;
  nonEvents: number;
  events: number;
  eventRate: number;
  /** null on the totals row. */
  woe: number | null;
  iv: number;
}

/** The label of a bin in a binning table; edges and special values (float32 data values) in their shortest decimal. */
export function binLabel(b: WoeBin): string {
  if (b.missing) return 'Missing';
  if (b.special !== undefined) return `Special: ${float32Text(b.special)}`;
  if (b.categories !== undefined) return `[${b.categories.join(', ')}]`;
  return `[${b.lower === null ? '-inf' : float32Text(b.lower)}, ${b.upper === null ? 'inf' : float32Text(b.upper)})`;
}

/** The binning table of one characteristic: one row per bin, then the totals. */
export function binningTable(binning: FeatureBinning): BinningTableRow[] {
  const rows: BinningTableRow[] = binning.bins.map((b) => ({
    bin: binLabel(b),
    count: b.count,
    share: b.share,
    nonEvents: b.goods,
    events: b.bads,
    eventRate: b.badRate,
    woe: b.woe,
    iv: b.iv,
  }));
  const goods = binning.bins.reduce((s, b) => s + b.goods, 0);
  const bads = binning.bins.reduce((s, b) => s + b.bads, 0);
  const count = goods + bads;
  rows.push({ bin: 'Totals', count, share: 1, nonEvents: goods, events: bads, eventRate: count > 0 ? bads / count : 0, woe: null, iv: binning.iv });
  return rows;
}
