// Shared by the recipe tests: a recipe copied into a temporary app folder with
// creditkit installed as a user's install would have it (package.json, dist/
// without source maps, build/creditkit.wasm), so bundlers and Deno resolve
// 'creditkit/web' and 'creditkit/wasm' through the package's exports.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { REPO_ROOT, ensureDist } from '../runtimes/helpers.js';

/** What recipes/vite/train.js returns. */
export interface TrainResult {
  rows: number;
  auc: number;
  firstPds: number[];
  model: string;
}

/** A temporary app with the files of recipes/<name> and creditkit in node_modules; returns its folder. */
export async function recipeApp(name: string): Promise<string> {
  await ensureDist();
  const app = mkdtempSync(join(tmpdir(), `creditkit-recipe-${name}-`));
  cpSync(join(REPO_ROOT, 'recipes', name), app, { recursive: true });
  installCreditkit(app);
  return app;
}

/** Copies the compiled package into `app`/node_modules/creditkit (dist/ must be fresh: `ensureDist`). */
export function installCreditkit(app: string): void {
  const pkg = join(app, 'node_modules', 'creditkit');
  mkdirSync(join(pkg, 'build'), { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(REPO_ROOT, 'build', 'creditkit.wasm'), join(pkg, 'build', 'creditkit.wasm'));
  cpSync(join(REPO_ROOT, 'dist'), join(pkg, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
}

/** recipes/vite/train.js on its sample, run by Node in `app` (which resolves 'creditkit/web' from its node_modules). */
export async function nodeTrainResult(app: string): Promise<TrainResult> {
  const script = "import { trainAndScore } from './train.js'; import { sampleCsv } from './sample.js'; console.log(JSON.stringify(await trainAndScore(sampleCsv())));";
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: app, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
  return JSON.parse(stdout) as TrainResult;
}

/** The CSV text of recipes/vite/sample.js (a plain JavaScript module, run by Node). */
export async function sampleCsvText(): Promise<string> {
  const sample = pathToFileURL(join(REPO_ROOT, 'recipes', 'vite', 'sample.js')).href;
  const script = `import { sampleCsv } from ${JSON.stringify(sample)}; process.stdout.write(sampleCsv());`;
  return (await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 16 * 1024 * 1024 })).stdout;
}
