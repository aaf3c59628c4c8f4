/**
 * Where creditkit's GBDT fit time goes on one dataset: the `fitStats` stages
 * (binning, gradients, grow, traversal; grow split into histograms, split search,
 * row partition and score updates by the grower's timers on every other fit) and the
 * process CPU time of each fit,
 * as medians over --repeats fresh fits. Also prints a digest of the test-set
 * predictions and one of the model's bytes (its JSON), so that a kernel change
 * can be checked to leave the model bit-identical (same digests before and after).
 *
 *   npx tsx bench/fit-profile.ts [--only synthetic|gmsc] [--rows 10000] [--features 20]
 *                                [--repeats 7] [--monotone] [--alpha 0] [--threads 1] [--wasm file] [--quantized]
 *
 * Settings are fit-predict.ts's: 100 trees, depth 6, lr 0.1, lambda 1, 256
 * bins, base score = training prior. --monotone adds a +1 constraint on the
 * first feature (the bounded split-search path), --alpha an L1 penalty;
 * --threads fits with training threads (the digest must not change; each
 * thread's times and waits of the last fit are printed, and on Linux the
 * critical path of the profiled fits: the sum over the intervals between
 * the threads' meetings of the longest thread CPU time, what the fit takes
 * with a free core per thread whatever else runs; with one thread, the
 * calling thread's CPU time of the profiled fits, to compare with it),
 * --wasm loads another build of creditkit.wasm (to compare two builds),
 * --quantized fits with `quantizedGradients` (and prints the test AUC).
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { rocAuc } from '../src/metrics/auc.js';
import { GradientBoostingClassifier } from '../src/models/gbdt/gbdt.js';
import { init, setStageClock } from '../src/wasm/load.js';
import { threadRunClock } from '../src/parallel/threadRunClock.js';
import { loadGmsc, loadSynthetic } from './datasets.js';
import { gather, mean, median } from './util.js';

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string', default: 'synthetic' },
    rows: { type: 'string', default: '10000' },
    features: { type: 'string', default: '20' },
    repeats: { type: 'string', default: '7' },
    monotone: { type: 'boolean', default: false },
    alpha: { type: 'string', default: '0' },
    threads: { type: 'string', default: '1' },
    wasm: { type: 'string' },
    quantized: { type: 'boolean', default: false },
  },
});
await init(flags.wasm === undefined ? undefined : pathToFileURL(flags.wasm));

const data = flags.only === 'gmsc' ? await loadGmsc(0) : loadSynthetic(Number(flags.rows), Number(flags.features), 0);
const Xtrain = data.X.take(data.train);
const ytrain = gather(data.y, data.train);
const Xtest = data.X.take(data.test);
const options = {
  nEstimators: 100, maxDepth: 6, learningRate: 0.1, lambda: 1, maxBins: 256, seed: 0,
  baseScore: mean(ytrain), alpha: Number(flags.alpha),
  monotoneConstraints: flags.monotone ? { [Xtrain.columns[0].name]: 1 as const } : {},
  ...(flags.quantized ? { quantizedGradients: true } : {}),
};

const stages = ['total', 'binning', 'gradients', 'grow', 'traversal'] as const;
const seen: Record<string, number[]> = { cpu: [], criticalPath: [], threadsCpu: [], threadCpu: [] };
// The calling thread's own CPU time (Linux), to set one thread's fit beside the critical path of several.
const clock = threadRunClock();
for (const s of stages) seen[s] = [];
const growStages = ['histogram', 'split', 'partition', 'leaves'] as const;
for (const s of growStages) seen[s] = [];
let model: GradientBoostingClassifier | null = null;
for (let r = 0; r < Number(flags.repeats); r++) {
  const m = new GradientBoostingClassifier(options);
  const c0 = process.cpuUsage();
  // The stage timers cost a clock call per step: only every other fit runs them, and CPU time is from the others.
  const profile = r % 2 === 1;
  const own0 = clock?.now() ?? 0;
  // One thread's stages are timed by the same run clock as several threads' (gbdt.ts), to compare them.
  const restore = profile && clock && Number(flags.threads) === 1 ? setStageClock(clock.now) : null;
  m.fit(Xtrain, ytrain, { profile, nthreads: Number(flags.threads) });
  if (profile && clock && Number(flags.threads) === 1) setStageClock(restore);
  const c = process.cpuUsage(c0);
  const threads = m.fitStats!.threads;
  if (profile && clock && !threads) seen.threadCpu.push(clock.now() - own0);
  if (profile && threads?.[0].criticalPath != null) {
    seen.criticalPath.push(threads[0].criticalPath);
    seen.threadsCpu.push(threads.reduce((a, t) => a + (t.cpu ?? 0), 0));
  }
  if (!profile) seen.cpu.push((c.user + c.system) / 1000);
  for (const s of stages) if (!profile) seen[s].push(m.fitStats![s]);
  for (const s of growStages) if (profile) seen[s].push(m.fitStats!.growStages![s]);
  model = m;
}
const proba = model!.predictProba(Xtest);
const digest = createHash('sha256').update(new Uint8Array(proba.buffer)).digest('hex').slice(0, 16);
const modelDigest = createHash('sha256').update(JSON.stringify(model!.toJSON())).digest('hex').slice(0, 16);
console.log(`${data.name} ${Xtrain.nRows} x ${Xtrain.nColumns}, ${flags.repeats} fits, medians in ms:`);
console.log([...stages, 'cpu'].map((s) => `${s} ${median(seen[s]).toFixed(1)}`).join('  '));
const stageClock = clock ? 'run clock: time other processes held the CPU not counted' : 'wall clock';
if (seen.histogram.length > 0) console.log(`grow (profiled fits, ${stageClock}): ${growStages.map((s) => `${s} ${median(seen[s]).toFixed(1)}`).join('  ')}`);
const threadTimes = model!.fitStats!.threads;
if (threadTimes) {
  // The last fit's (a profiled one when --repeats is even).
  for (const [t, tt] of threadTimes.entries()) {
    const cpu = tt.cpu === null ? '' : `  cpu ${tt.cpu.toFixed(1)}`;
    console.log(`thread ${t}: gradients ${tt.gradients.toFixed(1)}  grow ${tt.grow.toFixed(1)} (histogram ${tt.histogram.toFixed(1)}  split ${tt.split.toFixed(1)}  partition ${tt.partition.toFixed(1)}  leaves ${tt.leaves.toFixed(1)})  waited ${tt.wait.toFixed(1)} at ${tt.meetings} meetings${cpu}`);
  }
}
if (seen.criticalPath.length > 0) {
  console.log(`critical path (profiled fits, thread CPU ms: the fit on a free core per thread) ${median(seen.criticalPath).toFixed(1)}  all threads' CPU ${median(seen.threadsCpu).toFixed(1)}`);
}
if (seen.threadCpu.length > 0) console.log(`calling thread's CPU (profiled fits) ${median(seen.threadCpu).toFixed(1)}`);
console.log(`leaves ${model!.fitStats!.leaves}  test-proba digest ${digest}  model digest ${modelDigest}  test AUC ${rocAuc(gather(data.y, data.test), proba).toFixed(4)}`);
