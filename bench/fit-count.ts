/**
 * Fits creditkit's GBDT --fits times on one synthetic set and nothing else, for
 * counting instructions (repeatable where CPU times on a shared machine are
 * not). Run it twice under callgrind,
 *
 *   valgrind --tool=callgrind --branch-sim=yes node --no-liftoff --single-threaded \
 *     --import tsx bench/fit-count.ts --fits 1     (and then --fits 4)
 *
 * and subtract with bench/callgrind-wasm.py: the difference is three fits
 * without start-up and compilation, per wasm function (callgrind names each
 * by the V8 jump-table slot it is called through; bench/RESULTS.md §27, §48).
 * Settings are fit-predict.ts's (100 trees, depth 6, lr 0.1, 256 bins).
 *
 *   npx tsx bench/fit-count.ts [--rows 10000] [--features 20] [--fits 1] [--wasm file]
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { GradientBoostingClassifier } from '../src/models/gbdt/gbdt.js';
import { init } from '../src/wasm/load.js';
import { loadSynthetic } from './datasets.js';
import { gather, mean } from './util.js';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    features: { type: 'string', default: '20' },
    fits: { type: 'string', default: '1' },
    wasm: { type: 'string' },
  },
});
await init(flags.wasm === undefined ? undefined : pathToFileURL(flags.wasm));
const data = loadSynthetic(Number(flags.rows), Number(flags.features), 0);
const Xtrain = data.X.take(data.train);
const ytrain = gather(data.y, data.train);
// fit-predict.ts's settings.
const options = { nEstimators: 100, maxDepth: 6, learningRate: 0.1, lambda: 1, maxBins: 256, seed: 0, baseScore: mean(ytrain) };
let leaves = 0;
for (let r = 0; r < Number(flags.fits); r++) {
  const m = new GradientBoostingClassifier(options);
  m.fit(Xtrain, ytrain);
  leaves = m.fitStats!.leaves;
}
console.log(`${flags.fits} fits, ${leaves} leaves`);
