// creditkit in a browser: Debian's Chromium, driven by playwright-core, loads
// the compiled package (dist/) as ES modules from a local HTTP server, fetches
// build/creditkit.wasm through the default URL resolution, trains, predicts
// and scores the shared scenario; its model JSON must be Node's byte for byte.
//
// Without Chromium a developer's run reports this file as skipped, with the
// reason; under CI (CI set) a missing Chromium fails it: .ci/run installs it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { serveStatic } from '../../web/staticServer.js';
import type { ScenarioResult } from './scenario.js';
import {
  CHROMIUM, HAVE_CHROMIUM, REPO_ROOT, SKIP_CHROMIUM as SKIP, SKIP_CHROMIUM_REASON as SKIP_REASON, closeBrowserAndServer,
  ensureDist, expectSameAsNode, expectSameKindsAsNode, expectSensible, firstDifference, launchChromium, nodeReference, recordPageErrors, runDeno, saveResult,
} from './helpers.js';

if (SKIP) console.warn(`[runtimes] Chromium tests skipped: ${SKIP_REASON}`);

const PAGE = '/__creditkit_runtime_test.html';

/** Serves the repository's files read-only on 127.0.0.1; records each request. */
function serveRepository(requests: string[]): Promise<Server> {
  return serveStatic({
    root: REPO_ROOT,
    pages: { [PAGE]: '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>creditkit runtime test</title>' },
    onRequest: (path) => requests.push(path),
  });
}

// Evaluated in the page as a string, so that vitest's transform of this file
// cannot rewrite the dynamic imports.
const IN_PAGE = `(async () => {
  const ck = await import('/dist/index.js');
  const { runScenario } = await import('/test/runtimes/scenario.js');
  return runScenario(ck, 'chromium ' + (navigator.userAgent.match(/Chrome\\/[\\d.]+/) ?? [''])[0]);
})()`;

describe.skipIf(SKIP)(SKIP ? `Chromium (skipped: ${SKIP_REASON})` : 'Chromium', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  let chromium: ScenarioResult;
  let node: ScenarioResult;
  let deno: ScenarioResult;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return; // under CI: the first test below fails with the reason
    await ensureDist();
    node = await nodeReference();
    server = await serveRepository(requests);
    const { port } = server.address() as AddressInfo;
    browser = await launchChromium();
    const page = await browser.newPage();
    recordPageErrors(page, pageErrors);
    await page.goto(`http://127.0.0.1:${port}${PAGE}`);
    chromium = (await page.evaluate(IN_PAGE)) as ScenarioResult;
    saveResult('chromium', chromium);
    deno = (await runDeno()).result;
  }, 120_000);

  afterAll(() => closeBrowserAndServer(browser, server));

  it(`finds Chromium at ${CHROMIUM}`, () => {
    expect(HAVE_CHROMIUM, `CI is set and ${SKIP_REASON}`).toBe(true);
  });

  it('loads creditkit as ES modules, fetches the wasm from its default URL, trains, predicts and computes AUC', () => {
    expect(chromium, 'no result from Chromium').toBeDefined();
    expect(pageErrors).toEqual([]);
    expect(chromium.runtime).toMatch(/^chromium Chrome\/\d+/);
    expect(requests).toContain('/dist/index.js');
    expect(requests).toContain('/build/creditkit.wasm');
    expectSensible(chromium);
  });

  it("writes byte-identical model JSON to Node's for the same data, options and seed", () => {
    expect(chromium, 'no result from Chromium').toBeDefined();
    expectSameAsNode(chromium, node);
  });

  it("trains every other model kind and calibrator to the same model JSON and PDs, bit for bit, as Node's", () => {
    expect(chromium, 'no result from Chromium').toBeDefined();
    expectSameKindsAsNode(chromium, node);
  });

  it('gives the same model JSON (every kind), byte for byte, and the same PDs, bit for bit, in Node, Deno and Chromium', () => {
    expect(chromium, 'no result from Chromium').toBeDefined();
    const runs = [node, deno, chromium];
    expect(runs.map((r) => r.runtime.split(' ')[0])).toEqual(['node', 'deno', 'chromium']);
    for (const r of runs.slice(1)) {
      expect(firstDifference(r.model, node.model), `${r.runtime} vs ${node.runtime}`).toBeNull();
      expect(r.rawHash, `${r.runtime}: raw margins`).toBe(node.rawHash);
    }
    for (const r of runs.slice(1)) expectSameKindsAsNode(r, node);
    // The labels name each engine's version (Node 20 ships V8 11; Deno 2.9 and Chromium 156 ship V8 15).
    console.info(runs.map((r) => r.runtime).join(' | '));
  });
});
