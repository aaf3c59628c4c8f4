// Run by test/runtimes/deno.test.ts as
//   deno run --no-config --no-lock --no-prompt --allow-read=<repo> test/runtimes/deno-main.js
// Imports the compiled package (dist/, what `npm run build` ships), runs the
// shared scenario and prints its result as one JSON line; before it, one line
// with scoreStream's output on 1 and 2 worker threads (which parse, score and
// format blocks of the input) for the test to compare.
import * as ck from '../../dist/index.js';
import { runScenario } from './scenario.js';

const result = runScenario(ck, `deno ${Deno.version.deno} (V8 ${Deno.version.v8})`);
console.log(JSON.stringify({ threads: await scoredOnThreads() }));
console.log(JSON.stringify(result));

/** The bytes scoreStream writes for a small CSV on 1 and 2 threads, blocks of 300 rows. */
async function scoredOnThreads() {
  const rng = new ck.Random(3);
  const lines = ['id,a,b'];
  const y = [];
  for (let i = 0; i < 3000; i++) {
    const a = rng.next() * 4 - 2;
    lines.push(`r${i},${a},${rng.next()}`);
    y.push(rng.next() < 1 / (1 + Math.exp(-a)) ? 1 : 0);
  }
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
  const model = new ck.GradientBoostingClassifier({ nEstimators: 10, maxDepth: 3 }).fit(ck.parseCsv(lines.join('\n'), { columns: ['a', 'b'] }), Float64Array.from(y));
  const run = async (threads) => {
    const input = new ReadableStream({ start(c) { for (let i = 0; i < bytes.length; i += 4096) c.enqueue(bytes.subarray(i, i + 4096)); c.close(); } });
    const parts = [];
    await ck.scoreStream(model, input, new WritableStream({ write(chunk) { parts.push(new TextDecoder().decode(chunk)); } }), { threads, idColumn: 'id', chunkRows: 300 });
    return parts.join('');
  };
  return { one: await run(1), two: await run(2) };
}
