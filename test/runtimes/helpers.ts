// Shared by the runtime tests (Deno, Chromium): the compiled package they
// load, Node's reference result and the comparisons. Not a test file itself.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM } from '../../scripts/chromium.js';
import { expect } from 'vitest';
import type { ScenarioResult } from './scenario.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUTPUT_DIR = join(REPO_ROOT, 'test-output', 'runtimes');

/** True when running under CI (the CI variable set to anything but "" / "0" / "false"). */
export const IN_CI = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

/** Debian's Chromium (driven by playwright-core): how it is started (scripts/chromium.ts), and whether its tests run here. */
export { CHROMIUM, CHROMIUM_ARGS, launchChromium, reportContext } from '../../scripts/chromium.js';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** Without Chromium a developer's run skips the browser tests, with the reason; under CI a missing Chromium fails them. */
export const SKIP_CHROMIUM = !HAVE_CHROMIUM && !IN_CI;
export const SKIP_CHROMIUM_REASON = `${CHROMIUM} not found; install it with "apt-get install -y chromium" (CI installs it and always runs this test)`;

function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p, ext));
    else if (entry.name.endsWith(ext)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  try {
    const built = statSync(join(REPO_ROOT, 'dist', 'index.js')).mtimeMs;
    return built >= newestMtime(join(REPO_ROOT, 'src'), '.ts') && built >= statSync(join(REPO_ROOT, 'tsconfig.build.json')).mtimeMs;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Makes sure dist/ (what Deno and Chromium import) is compiled from the
 * current src/: a fresh clone has none (`npm ci` runs no build; `npm pack`
 * builds in `prepack`), and `npx vitest` after editing src/ needs a rebuild. The runtime test
 * files run in parallel, so a lock directory lets one of them build while
 * the other waits.
 */
export async function ensureDist(): Promise<void> {
  if (distIsFresh()) return;
  const lock = join(REPO_ROOT, 'node_modules', '.cache', 'creditkit-build-ts.lock');
  mkdirSync(join(lock, '..'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than two minutes is left over from a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch { /* removed meanwhile */ }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await sleep(100);
    }
  }
  try {
    if (distIsFresh()) return;
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (!distIsFresh()) {
      throw new Error(`npm run build:ts did not produce dist/index.js:\n${r.stdout}${r.stderr}`);
    }
    // tsc still emits JavaScript when types are wrong; that is `npm run typecheck`'s finding, not this test's.
    if (r.status !== 0) console.warn(`[runtimes] tsc reported type errors (dist/ was emitted anyway):\n${r.stdout.slice(0, 2000)}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The scenario run by Node on the TypeScript source, as the rest of the suite tests it. */
export async function nodeReference(): Promise<ScenarioResult> {
  const ck = await import('../../src/index.js');
  const { runScenario } = await import('./scenario.js');
  return runScenario(ck, `node ${process.version} (V8 ${process.versions.v8})`);
}

/** The deno executable installed by npm: the platform package's binary, else the package's own copy. */
export function denoBinary(): string {
  const require = createRequire(join(REPO_ROOT, 'package.json'));
  const exe = process.platform === 'win32' ? 'deno.exe' : 'deno';
  const libc = process.platform === 'linux' ? '-glibc' : '';
  const candidates: string[] = [];
  try {
    candidates.push(join(dirname(require.resolve(`@deno/${process.platform}-${process.arch}${libc}/package.json`)), exe));
  } catch { /* not installed for this platform */ }
  try {
    candidates.push(join(dirname(require.resolve('deno/package.json')), exe));
  } catch { /* not installed */ }
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('the deno binary was not found: run npm install (deno is a devDependency)');
  return found;
}

/**
 * Runs test/runtimes/deno-main.js in Deno: it imports dist/index.js, runs the
 * scenario and prints the result as one JSON line, after a line with
 * scoreStream's output on 1 and 2 threads.
 */
export async function runDeno(): Promise<{ result: ScenarioResult; threads: { one: string; two: string }; stderr: string }> {
  const env = { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' };
  const { stdout, stderr } = await promisify(execFile)(
    denoBinary(),
    // --no-config: ignore package.json/deno.json discovery; the script only imports relative files.
    // --allow-read: the loader reads build/creditkit.wasm from disk (node:fs); nothing else is granted.
    ['run', '--no-config', '--no-lock', '--no-prompt', `--allow-read=${REPO_ROOT}`, 'test/runtimes/deno-main.js'],
    { cwd: REPO_ROOT, env, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
  );
  const lines = stdout.trim().split('\n');
  const threads = JSON.parse(lines.at(-2) ?? '{}') as { threads: { one: string; two: string } };
  return { result: JSON.parse(lines.at(-1) ?? '') as ScenarioResult, threads: threads.threads, stderr };
}

/** Saves a runtime's result (model JSON included) under test-output/runtimes/ for inspection. */
export function saveResult(name: string, result: ScenarioResult): void {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(join(OUTPUT_DIR, `${name}.model.json`), result.model);
  for (const [key, k] of Object.entries(result.kinds)) writeFileSync(join(OUTPUT_DIR, `${name}.${key}.json`), k.model);
  const { model: _m, predictions: _p, kinds, ...rest } = result;
  const summary = { ...rest, kinds: Object.fromEntries(Object.entries(kinds).map(([key, { model: _k, ...hashes }]) => [key, hashes])) };
  writeFileSync(join(OUTPUT_DIR, `${name}.summary.json`), JSON.stringify(summary, null, 2) + '\n');
}

/** The result is a working model: trained on the whole split, sensible AUC, reloads bit-identically. */
export function expectSensible(r: ScenarioResult): void {
  expect(r.nTrain).toBe(2100);
  expect(r.nTest).toBe(900);
  expect(r.nTrees).toBe(40);
  // Measured 0.7825 (Node, Deno and Chromium alike); a broken booster scores near 0.5.
  expect(r.auc).toBeGreaterThan(0.75);
  expect(r.auc).toBeLessThan(0.9);
  expect(r.predictions.every((p) => p > 0 && p < 1)).toBe(true);
  expect(r.reloadedHash).toBe(r.predictionsHash);
  expect(JSON.parse(r.model)).toMatchObject({ format: 'creditkit-model', name: 'GradientBoostingClassifier' });
  for (const [key, k] of Object.entries(r.kinds)) {
    expect(k.reloadedHash, `${key}: PDs after reloading`).toBe(k.predictionsHash);
    // Every kind ranks the held-out rows far better than chance (measured 0.70 to 0.79).
    expect(k.auc, `${key}: held-out AUC`).toBeGreaterThan(0.65);
  }
}

/** Where two texts first differ, with some context, for a readable failure. */
export function firstDifference(a: string, b: string): string | null {
  if (a === b) return null;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const at = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 60), i + 60));
  return `first difference at character ${i} (lengths ${a.length} and ${b.length}):\n  ${at(a)}\n  ${at(b)}`;
}

/**
 * Determinism across runtimes: the same CSV text, the same model JSON byte
 * for byte, and the same raw margins and probabilities bit for bit as Node.
 * (The sigmoid runs in wasm: JavaScript's Math.exp differs by an ulp between
 * Node 20's V8 and newer ones on a few percent of inputs.)
 */
export function expectSameAsNode(r: ScenarioResult, node: ScenarioResult): void {
  expect(r.csvHash, 'the generated CSV text').toBe(node.csvHash);
  expect(firstDifference(r.model, node.model), `${r.runtime} vs ${node.runtime}: model JSON`).toBeNull();
  expect(r.rawHash, 'raw margins (bit-identical)').toBe(node.rawHash);
  expect(r.auc).toBe(node.auc);
  expect(r.predictions.length).toBe(node.predictions.length);
  let worst = 0;
  r.predictions.forEach((p, i) => { worst = Math.max(worst, Math.abs(p - node.predictions[i])); });
  expect(worst, 'largest PD difference').toBe(0);
}

/**
 * Every other model kind (SCENARIO_KINDS, the calibrators) bit for bit as in
 * Node: the same model JSON text and the same held-out PDs' bytes. Lists each
 * kind that differs, with where its JSON first differs.
 */
export function expectSameKindsAsNode(r: ScenarioResult, node: ScenarioResult): void {
  expect(Object.keys(r.kinds)).toEqual(Object.keys(node.kinds));
  const differing = Object.entries(r.kinds).flatMap(([key, k]) => {
    const n = node.kinds[key];
    const what = [
      k.modelHash !== n.modelHash ? `model JSON: ${firstDifference(k.model, n.model)}` : '',
      k.predictionsHash !== n.predictionsHash ? 'PDs' : '',
    ].filter(Boolean);
    return what.length > 0 ? [`${key}: ${what.join('; ')}`] : [];
  });
  expect(differing, `${r.runtime} vs ${node.runtime}`).toEqual([]);
}

/** Collects a page's uncaught errors and console errors in `errors` (a test expects none). */
export function recordPageErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
}

/** Closes the browser, then the server; either may not have started. */
export async function closeBrowserAndServer(browser: Browser | undefined, server: Server | undefined): Promise<void> {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
}
