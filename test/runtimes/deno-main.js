// Run by test/runtimes/deno.test.ts as
//   deno run --no-config --no-lock --no-prompt --allow-read=<repo> test/runtimes/deno-main.js
// Imports the compiled package (dist/, what `npm run build` ships), runs the
// shared scenario and prints its result as one JSON line.
import * as ck from '../../dist/index.js';
import { runScenario } from './scenario.js';

const result = runScenario(ck, `deno ${Deno.version.deno} (V8 ${Deno.version.v8})`);
console.log(JSON.stringify(result));
