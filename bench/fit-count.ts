/**
 * Fits creditkit's GBDT --fits times on one synthetic set and nothing else, for
 * counting instructions: run it under `valgrind --tool=callgrind` (see
 * bench/RESULTS.md) once with --fits 1 and once with --fits 4; the difference
 * of the two totals is the cost of three fits, without start-up and compilation.
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
