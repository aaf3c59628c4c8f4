import { type CsvCellOptions, csvLine } from '../io/csvField.js';
import type { InfoGainRow } from './infoGain.js';
import type { RfeResult } from './rfe.js';
import type { SearchResult } from './search.js';
import type { FeatureBinning } from '../binning/woe.js';
import { binningTable } from '../binning/binningTable.js';

function csv(header: string[], rows: unknown[][], cells: CsvCellOptions): string {
  return [header, ...rows].map((r) => csvLine(r, cells)).join('\n') + '\n';
}

/** The leaderboard as CSV: one row per candidate, best first; options as a JSON object. */
export function leaderboardCsv(r: SearchResult, cells: CsvCellOptions = {}): string {
  const folds = Array.from({ length: r.folds }, (_, k) => `fold${k + 1}`);
  return csv(
    ['rank', 'candidate', `mean_${r.scoring}`, `sd_${r.scoring}`, ...folds, 'fit_ms', 'best_rounds', 'options', 'refit_options'],
    r.leaderboard.map((c) => [c.rank, c.index, c.mean, c.sd, ...c.foldScores, Math.round(c.fitMs), c.bestRounds?.join(' ') ?? '', c.options, c.refitOptions]),
    cells,
  );
}

/** RFECV ranking: one row per feature (rank 1 = selected). */
export function rfeCsv(r: RfeResult, cells: CsvCellOptions = {}): string {
  const sorted = [...r.ranking].sort((a, b) => a.rank - b.rank);
  return csv(['feature', 'rank', 'selected'], sorted.map((f) => [f.feature, f.rank, f.rank === 1 ? 1 : 0]), cells);
}

export function infoGainCsv(rows: readonly InfoGainRow[], cells: CsvCellOptions = {}): string {
  return csv(['feature', 'rank', 'info_gain', 'normalized', 'bins'], rows.map((r) => [r.feature, r.rank, r.infoGain, r.normalized, r.bins]), cells);
}

/** WOE binning as CSV: one row per bin, with the feature's IV repeated (what a scorecard needs). */
export function woeCsv(binnings: readonly FeatureBinning[], cells: CsvCellOptions = {}): string {
  const rows: unknown[][] = [];
  for (const f of binnings) {
    f.bins.forEach((b, i) => {
      rows.push([f.feature, f.rank, f.iv, f.strength, f.direction, i, b.missing ? 1 : 0, b.lower, b.upper, b.categories?.join('|') ?? '',
        b.count, b.goods, b.bads, b.share, b.badRate, b.woe, b.iv, b.special ?? '']);
    });
  }
  return csv(['feature', 'rank', 'feature_iv', 'strength', 'direction', 'bin', 'missing', 'lower', 'upper', 'categories',
    'count', 'goods', 'bads', 'share', 'bad_rate', 'woe', 'bin_iv', 'special'], rows, cells);
}

/** Binning tables as CSV (optbinning's columns): per feature, one row per bin, then its totals row (empty WOE). */
export function binningTableCsv(binnings: readonly FeatureBinning[], cells: CsvCellOptions = {}): string {
  const rows: unknown[][] = [];
  for (const f of binnings) {
    for (const r of binningTable(f)) rows.push([f.feature, r.bin, r.count, r.share, r.nonEvents, r.events, r.eventRate, r.woe, r.iv]);
  }
  return csv(['feature', 'bin', 'count', 'share', 'non_events', 'events', 'event_rate', 'woe', 'iv'], rows, cells);
}
