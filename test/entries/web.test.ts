// 'creditkit/web', the entry for browsers, Web Workers and edge functions:
// 'creditkit/core' without the Node-only functions, `ready()` instead of a
// top-level await, and neither a Node built-in in the JavaScript a bundler
// follows nor a Node type in the declarations a TypeScript project reads.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as core from '../../src/core.js';
import * as web from '../../src/web.js';
import { errorOf } from '../errorOf.js';
import { ensureDist } from '../runtimes/helpers.js';
import { moduleGraph, ROOT, specifiersOf } from './moduleGraph.js';

/** The exports of 'creditkit/core' that read or write files, stream from Node streams or start worker threads. */
const NODE_ONLY = [
  'init', 'readCsvFile', 'readCsvFileStreamed', 'DATASET_CHUNK_ROWS', 'readCsvChunks', 'DEFAULT_CHUNK_ROWS', 'CHUNK_ROWS_RANGE',
  'writeFileAtomic', 'openAtomicWriter', 'removeTempFilesOnSignals', 'readTextFile',
  'readFileError', 'writeFileError', 'isDirectoryError', 'osErrorReason',
  'readArrowFile', 'readArrowChunks', 'readParquetFile', 'readParquetChunks', 'readDataFile', 'readTableChunks', 'dataFormat',
  'parquetScoreSink', 'readModelFile', 'saveModelFile',
  'scoreStream', 'scoreChunks', 'scoringSchema', 'csvScoreSink', 'idLabels', 'scoreCsvFile',
];

beforeAll(ensureDist, 180_000);

describe("'creditkit/web'", () => {
  it("exports what 'creditkit/core' does, minus the Node-only functions, plus ready()", () => {
    const expected = [...Object.keys(core).filter((k) => !NODE_ONLY.includes(k)), 'ready'].sort();
    expect(Object.keys(web).sort()).toEqual(expected);
    for (const name of NODE_ONLY) expect(Object.keys(core), `${name} is a core export`).toContain(name);
  });

  it('has no top-level await, and its compiled module graph names no Node built-in, not even in a dynamic import', () => {
    const { files, packages } = moduleGraph(join(ROOT, 'dist', 'web.js'), '.js');
    expect(files.length).toBeGreaterThan(50);
    expect([...packages].filter((p) => p.startsWith('node:') || !p.includes(':'))).toEqual([]);
    const awaiting = files.filter((f) => /^await\b/m.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(awaiting).toEqual([]);
  });

  it('its type declarations import no package and use no Node global type', () => {
    const { files, packages } = moduleGraph(join(ROOT, 'dist', 'web.d.ts'), '.d.ts');
    expect([...packages]).toEqual([]);
    const nodeTypes = files.filter((f) => /\bNodeJS\.|\bBuffer\b(?!Source)/.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(nodeTypes).toEqual([]);
  });

  it('the main entry still loads the wasm on import for Node and Deno (a top-level await)', () => {
    expect(specifiersOf(readFileSync(join(ROOT, 'src', 'index.ts'), 'utf8'))).toEqual(['./wasm/load.js', './core.js']);
    expect(readFileSync(join(ROOT, 'src', 'index.ts'), 'utf8')).toMatch(/^await init\(\);$/m);
  });
});

describe('ready()', () => {
  it('a model used before ready() has resolved fails with E_WASM_NOT_LOADED, naming ready(), not a crash', () => {
    const { X, y } = web.splitTarget(web.parseCsv('x,y\n1,0\n2,1\n3,0\n4,1\n'), 'y');
    const e = errorOf(() => new web.GradientBoostingClassifier({ nEstimators: 2 }).fit(X, y));
    expect(e).toMatchObject({ code: 'E_WASM_NOT_LOADED', message: expect.stringContaining('await ready()') });
  });

  it('rejects bytes that are not the binary, then loads on the next call; every call shares one load', async () => {
    await expect(web.ready(new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]))).rejects.toThrow();
    const first = web.ready();
    const second = web.ready(new Uint8Array([1, 2, 3]));
    expect(second).toBe(first);
    await first;
    await web.ready(new Uint8Array([1, 2, 3])); // loaded: the source is not looked at again
    const X = web.parseCsv('x,y\n1,0\n2,0\n3,0\n4,1\n5,1\n6,1\n7,0\n8,1\n');
    const { X: features, y } = web.splitTarget(X, 'y');
    const model = new web.GradientBoostingClassifier({ nEstimators: 5, maxDepth: 2, minChildWeight: 0 }).fit(features, y);
    const pd = model.predictProba(features);
    expect(pd.length).toBe(8);
    expect(web.rocAuc(y, pd)).toBeGreaterThan(0.8);
  });
});
