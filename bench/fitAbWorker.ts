/** bench/fit-ab.ts's worker: loads one build of creditkit.wasm and fits the synthetic set once per message, replying with the fit's thread run time. */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { GradientBoostingClassifier } from '../src/models/gbdt/gbdt.js';
import { init } from '../src/wasm/load.js';
import { threadRunClock } from '../src/parallel/threadRunClock.js';
import { loadSynthetic } from './datasets.js';
import { gather, mean } from './util.js';

const { wasm, rows, features } = workerData as { wasm: string; rows: number; features: number };
await init(pathToFileURL(wasm));
const clock = threadRunClock();
if (clock === null) throw new Error('fit-ab: no thread run clock here (Linux only)');
const data = loadSynthetic(rows, features, 0);
const X = data.X.take(data.train);
const y = gather(data.y, data.train);
// fit-predict.ts's settings.
const options = { nEstimators: 100, maxDepth: 6, learningRate: 0.1, lambda: 1, maxBins: 256, seed: 0, baseScore: mean(y) };
const fitted = new GradientBoostingClassifier(options).fit(X, y);
const digest = createHash('sha256').update(JSON.stringify(fitted.toJSON())).digest('hex').slice(0, 16);
parentPort!.on('message', () => {
  const model = new GradientBoostingClassifier(options);
  const t0 = clock.now();
  model.fit(X, y);
  parentPort!.postMessage({ ms: clock.now() - t0 });
});
parentPort!.postMessage({ digest });
