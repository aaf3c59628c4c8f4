/**
 * The lending optimizer at bank scale, side by side with native HiGHS:
 * synthetic pools (`limitedPool` of test/lending/instances.ts: budget, expected-loss and sector
 * caps all binding) of N applicants × 29 rates. Per size, in one run:
 *
 * - creditkit: `optimizeLending` (the decomposition, as `method: 'auto'`
 *   picks it) to a proven 1e-4 gap, wall seconds;
 * - creditkit under a tight `--tight` time limit: wall seconds against it,
 *   status, where the strategy came from and its gap;
 * - scipy.optimize.milp (native HiGHS, /usr/bin/python3) on the same MILP
 *   (the one `method: 'milp'` would solve: dominance-pruned), written to
 *   bench/out/lending-scale-N/, with `--native-limit` seconds and the same gap.
 *
 *   npx tsx bench/lending-scale.ts [N ...] [--time-limit S] [--native-limit S] [--tight S] [--no-native]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLendingModel, type Milp } from '../src/lending/model.js';
import { optimizeLending } from '../src/lending/optimize.js';
import { validateProblem } from '../src/lending/problem.js';
import { OUT_DIR, REPO_ROOT } from './io.js';
import { limitedPool } from '../test/lending/instances.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const k = args.indexOf(name);
  return k >= 0 ? Number(args[k + 1]) : fallback;
};
const timeLimit = flag('--time-limit', 600);
const nativeLimit = flag('--native-limit', 600);
const tight = flag('--tight', 10);
const withNative = !args.includes('--no-native');
const sizes = args.filter((a, k) => /^\d+$/.test(a) && !args[k - 1]?.startsWith('--')).map(Number);

function writeMilp(dir: string, milp: Milp): void {
  mkdirSync(dir, { recursive: true });
  const put = (name: string, a: ArrayBufferView): void => writeFileSync(join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  put('cost.f64', milp.colCost);
  put('collo.f64', milp.colLower);
  put('colhi.f64', milp.colUpper);
  put('integer.u8', milp.integer);
  put('rowlo.f64', milp.rowLower);
  put('rowhi.f64', milp.rowUpper);
  put('starts.i32', milp.rowStarts);
  put('index.i32', milp.rowIndex);
  put('value.f64', milp.rowValue);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ nCols: milp.nCols, nRows: milp.nRows, nnz: milp.rowStarts[milp.nRows] }));
}

const fmt = (x: number | null | undefined, d = 2): string => (x === null || x === undefined ? '–' : x.toFixed(d));
const pct = (g: number | null | undefined): string => (g === null || g === undefined ? '–' : `${(g * 100).toPrecision(2)}%`);
const rows: string[] = [];
for (const n of sizes.length > 0 ? sizes : [3000, 30_000, 100_000]) {
  const problem = limitedPool(n);
  let t = performance.now();
  const full = await optimizeLending(problem, { timeLimit, relGap: 1e-4, outOfSample: false });
  const fullWall = (performance.now() - t) / 1000;
  console.error(`${n}: creditkit ${fullWall.toFixed(1)} s ${full.status} gap ${pct(full.gap)} return ${full.objective} bound ${full.bound} (${full.message})`);
  t = performance.now();
  const limited = await optimizeLending(problem, { timeLimit: tight, relGap: 1e-4, outOfSample: false });
  const limitedWall = (performance.now() - t) / 1000;
  console.error(`${n}: limit ${tight} s → ${limitedWall.toFixed(1)} s ${limited.status} from ${limited.incumbent} gap ${pct(limited.gap)} loans ${limited.summary?.loans}`);

  const np = validateProblem(problem);
  const model = withNative ? buildLendingModel(np) : null;
  let native: { status: number; message: string; objective: number | null; gap: number | null; seconds: number } | null = null;
  let killed = false;
  if (model) {
    const dir = join(OUT_DIR, `lending-scale-${n}`);
    writeMilp(dir, model.milp);
    // HiGHS does not check its time limit inside presolve: the run is killed two minutes past it.
    const py = spawnSync('/usr/bin/python3', [join(REPO_ROOT, 'bench', 'lending_milp.py'), dir, String(nativeLimit), '1e-4'], { encoding: 'utf8', maxBuffer: 1 << 24, timeout: (nativeLimit + 120) * 1000 });
    native = py.status === 0 ? JSON.parse(py.stdout.trim().split('\n').pop()!) : null;
    killed = py.error !== undefined;
    if (!native) console.error(killed ? `scipy killed after ${nativeLimit + 120} s without an answer` : py.stderr);
    console.error(`${n}: scipy ${JSON.stringify(native)}`);
  }
  const nativeProven = native !== null && native.status === 0;
  const sameOptimum = native && nativeProven && native.objective !== null && full.objective !== null ? Math.abs(native.objective - full.objective) / Math.abs(full.objective) : null;
  rows.push(
    `| ${n.toLocaleString('en-US')} | ${model ? model.milp.integer.reduce((s, b) => s + b, 0).toLocaleString('en-US') : '–'} | ${fmt(fullWall, 1)} s, ${full.status}, gap ${pct(full.gap)} | ` +
      `${fmt(limitedWall, 1)} s at ${tight} s: ${limited.status}, ${limited.incumbent}, gap ${pct(limited.gap)} | ` +
      `${native ? `${fmt(native.seconds, 1)} s, ${nativeProven ? 'optimal' : `stopped (${native.message.split('.')[0]})`}, gap ${pct(native.gap)}` : killed ? `no answer in ${nativeLimit + 120} s (killed)` : model ? 'failed' : 'not run'} | ` +
      `${native && nativeProven ? `${(fullWall / native.seconds).toFixed(2)}×` : '–'} | ${sameOptimum === null ? '–' : sameOptimum.toExponential(1)} |`,
  );
}
console.log('| applicants × 29 rates | binaries (pruned MILP) | creditkit to a proven 1e-4 gap | creditkit, tight limit | scipy.optimize.milp (native HiGHS) | creditkit / native | \\|Δ return\\| / return |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
process.exit(0);
