/**
 * The binning process on one thread: optimal binning of every feature, selection by IV and by
 * the correlation of WOE columns, and the WOE transform.
 *
 *   npx tsx bench/binning-process.ts [--rows 1000000] [--features 30] [--repeats 5]
 *
 * Synthetic credit-like data (`makeCreditLike`, seed 1; a third of the columns with missing
 * values), defaults of `BinningProcess` (20 pre-bins, min bin share 0.05, trend auto: four
 * exact optimizations per numeric feature), then the same with `maxCorrelation: 0.8`, with
 * sample weights (0.5 to 2), and the WOE transform of the same rows. Then Give Me Some Credit (150,000 rows × 10, with 96 and 98
 * as special values of the three past-due counts). Prints the median of --repeats runs, wall
 * and CPU time (the machine is shared, so CPU time is the steadier figure).
 */
import { parseArgs } from 'node:util';
import { BinningProcess, readCsvFile, splitTarget } from '../src/index.js';
import type { Dataset } from '../src/data/dataset.js';
import { gmscPath } from './io.js';
import { makeCreditLike } from './synthetic.js';
import { commandLine, fmtSeconds, machine, markdownTable, median } from './util.js';

const { values } = parseArgs({ options: { rows: { type: 'string' }, features: { type: 'string' }, repeats: { type: 'string' } } });
const nRows = Number(values.rows ?? 1_000_000);
const nFeatures = Number(values.features ?? 30);
const repeats = Number(values.repeats ?? 5);

/** Median wall and CPU seconds of `repeats` runs of fn. */
function measure(fn: () => void): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    walls.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1e6);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

function row(what: string, X: Dataset, m: { wall: number; cpu: number }): string[] {
  return [what, `${X.nRows.toLocaleString('en')} × ${X.nColumns}`, fmtSeconds(m.wall), fmtSeconds(m.cpu), `${((X.nRows * X.nColumns) / m.cpu / 1e6).toFixed(1)}M`];
}

const synthetic = makeCreditLike(nRows, nFeatures, 1);
const rows: string[][] = [];
let last: BinningProcess | null = null;
rows.push(row('fit (bin every feature, select by IV)', synthetic.X, measure(() => {
  last = new BinningProcess().fit(synthetic.X, synthetic.y);
})));
rows.push(row('fit with maxCorrelation 0.8', synthetic.X, measure(() => {
  new BinningProcess({ maxCorrelation: 0.8 }).fit(synthetic.X, synthetic.y);
})));
// Sample weights 0.5 to 2 (a fixed pattern): weighted counts and weighted quantile pre-bins.
const weights = Float64Array.from({ length: synthetic.X.nRows }, (_, i) => 0.5 + ((i * 7919) % 16) / 10);
rows.push(row('fit with sample weights', synthetic.X, measure(() => {
  new BinningProcess().fit(synthetic.X, synthetic.y, { weights });
})));
const fitted = last as unknown as BinningProcess;
rows.push(row('transform to WOE (every feature)', synthetic.X, measure(() => {
  fitted.transform(synthetic.X, { all: true });
})));

const gmsc = splitTarget((await readCsvFile(gmscPath())).drop(['Id']), 'SeriousDlqin2yrs');
const late = ['NumberOfTime30-59DaysPastDueNotWorse', 'NumberOfTime60-89DaysPastDueNotWorse', 'NumberOfTimes90DaysLate'];
const specialValues = Object.fromEntries(late.map((c) => [c, [96, 98]]));
let gmscProcess: BinningProcess | null = null;
rows.push(row('Give Me Some Credit fit, 96/98 special', gmsc.X, measure(() => {
  gmscProcess = new BinningProcess({ specialValues }).fit(gmsc.X, gmsc.y);
})));

console.log(`machine: ${machine()}`);
console.log(`command: ${commandLine('bench/binning-process.ts')}`);
console.log(`date: ${new Date().toISOString()}; median of ${repeats}; one thread\n`);
console.log(markdownTable(['run', 'rows × features', 'wall s', 'CPU s', 'cells/s (CPU)'], rows));
console.log('\nsynthetic summary (first fit):');
console.log(markdownTable(['feature', 'IV', 'bins', 'trend', 'selected'], fitted.binnings.map((b) => [b.feature, b.iv.toFixed(4), String(b.bins.length), b.trend ?? '', fitted.selected.includes(b.feature) ? 'yes' : 'no'])));
const g = gmscProcess as unknown as BinningProcess;
console.log('\nGive Me Some Credit:');
console.log(markdownTable(['feature', 'IV', 'bins', 'trend'], [...g.binnings].sort((a, b) => a.rank - b.rank).map((b) => [b.feature, b.iv.toFixed(4), String(b.bins.length), b.trend ?? ''])));
