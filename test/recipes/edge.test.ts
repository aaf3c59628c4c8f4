// The edge recipe (recipes/edge): a Deno Deploy-style function that gets
// creditkit's binary as a compiled WebAssembly.Module (`import source`), run by
// `deno serve`. Its model is trained by the CLI as the recipe's README says;
// the PDs it answers must be Node's to the bit, and bad input a 400 with a code.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denoBinary } from '../runtimes/helpers.js';
import { recipeApp, sampleCsvText } from './recipeApp.js';

const run = promisify(execFile);

let app = '';
let deno: ChildProcess | undefined;
let base = '';
let applicants = '';
let nodePds: number[] = [];

/** Starts `deno serve` on a free port in `app`; resolves to its address once it listens. */
function denoServe(cwd: string): Promise<{ child: ChildProcess; url: string }> {
  const env = { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' };
  const child = spawn(denoBinary(), ['serve', '--no-lock', '--host', '127.0.0.1', '--port', '0', 'main.js'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Listening on (http:\/\/[\d.]+:\d+)\//.exec(output);
      if (m) resolve({ child, url: m[1] });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`deno serve exited with ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  app = await recipeApp('edge');
  const csv = await sampleCsvText();
  writeFileSync(join(app, 'loans.csv'), csv);
  // The applicants: 40 rows of the sample without their default flag (the id column stays: not a feature).
  applicants = csv.trim().split('\n').slice(0, 41).map((line) => line.split(',').slice(0, 4).join(',')).join('\n') + '\n';
  writeFileSync(join(app, 'applicants.csv'), applicants);
  await run(process.execPath, ['node_modules/creditkit/dist/cli/bin.js', 'train', '--data', 'loans.csv', '--target', 'default', '--drop', 'id',
    '--options', '{"nEstimators":30,"maxDepth":3}', '--out', 'model.json'], { cwd: app, timeout: 120_000 });
  const score = "import { readFileSync } from 'node:fs'; import { loadModel, parseCsv } from 'creditkit';"
    + "console.log(JSON.stringify(Array.from(loadModel(readFileSync('model.json', 'utf8')).predictProba(parseCsv(readFileSync('applicants.csv', 'utf8'))))));";
  nodePds = JSON.parse((await run(process.execPath, ['--input-type=module', '-e', score], { cwd: app })).stdout);
  const served = await denoServe(app);
  deno = served.child;
  base = served.url;
}, 180_000);

afterAll(() => {
  deno?.removeAllListeners('exit');
  deno?.kill();
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('edge recipe: deno serve with the wasm imported as a module', () => {
  it("answers a POSTed CSV with Node's PDs, bit for bit", async () => {
    const res = await fetch(`${base}/score`, { method: 'POST', body: applicants });
    expect(res.status).toBe(200);
    const { pd } = (await res.json()) as { pd: number[] };
    expect(nodePds.length).toBe(40);
    expect(pd).toEqual(nodePds);
    expect(pd.every((p) => p > 0 && p < 1)).toBe(true);
  });

  it('answers bad input with status 400 and the error code, and other paths with 404/405', async () => {
    const missing = applicants.split('\n').map((line) => line.split(',').slice(0, 3).join(',')).join('\n');
    const bad = await fetch(`${base}/score`, { method: 'POST', body: missing });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringMatching(/^E_/), message: expect.stringContaining('late_payments') });
    expect((await fetch(`${base}/score`)).status).toBe(405);
    expect((await fetch(`${base}/`)).status).toBe(404);
  });
});
