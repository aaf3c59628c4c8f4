// creditkit in Deno: the compiled package (dist/) imported by a Deno script,
// with Deno's binary from the npm package `deno` (a devDependency whose
// binary ships in @deno/<platform>). The script trains, predicts and scores
// the shared scenario; its model JSON (every kind's) must be Node's byte for
// byte and its PDs Node's bit for bit.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from './scenario.js';
import { ensureDist, expectSameAsNode, expectSameKindsAsNode, expectSensible, nodeReference, runDeno, saveResult } from './helpers.js';

describe('Deno', () => {
  let deno: ScenarioResult;
  let node: ScenarioResult;
  let threads: { one: string; two: string };

  beforeAll(async () => {
    await ensureDist();
    node = await nodeReference();
    const run = await runDeno();
    deno = run.result;
    threads = run.threads;
    expect(run.stderr).toBe('');
    saveResult('node', node);
    saveResult('deno', deno);
  }, 120_000);

  it('imports creditkit, trains a GBDT, predicts and computes AUC', () => {
    expect(deno.runtime).toMatch(/^deno \d+\./);
    expectSensible(deno);
  });

  it("writes byte-identical model JSON to Node's for the same data, options and seed", () => {
    expectSensible(node);
    expectSameAsNode(deno, node);
  });

  it('scores a stream on 2 worker threads (which parse, score and format) to the bytes of 1 thread', () => {
    expect(threads.one.split('\n')).toHaveLength(3002);
    expect(threads.two).toBe(threads.one);
  });

  it("trains every other model kind and calibrator to the same model JSON and PDs, bit for bit, as Node's", () => {
    expectSameKindsAsNode(deno, node);
  });
});
