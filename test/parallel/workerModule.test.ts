import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { siblingModuleUrl, workerModule } from '../../src/parallel/workerModule.js';

describe('worker modules', () => {
  it('are found beside the starting module with its extension: .ts from the sources, .js from dist/', () => {
    expect(siblingModuleUrl('file:///pkg/src/parallel/scoringPool.ts', 'scoringWorker').href).toBe('file:///pkg/src/parallel/scoringWorker.ts');
    expect(siblingModuleUrl('file:///pkg/dist/parallel/scoringPool.js', 'scoringWorker').href).toBe('file:///pkg/dist/parallel/scoringWorker.js');
    expect(siblingModuleUrl('file:///pkg/dist/lending/jslp.mjs', 'jslpWorker').href).toBe('file:///pkg/dist/lending/jslpWorker.mjs');
  });

  it('run from the TypeScript sources in a worker thread (the javascript-lp-solver worker solves a small model)', async () => {
    const start = await workerModule(new URL('../../src/lending/jslp.ts', import.meta.url).href, 'jslpWorker');
    const model = {
      optimize: 'profit', opType: 'max', constraints: { budget: { max: 10 } },
      variables: { a: { profit: 3, budget: 4 }, b: { profit: 2, budget: 3 } }, binaries: { a: 1, b: 1 },
    };
    const worker = start({ workerData: model });
    try {
      const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(result).toMatchObject({ feasible: true, result: 5, a: 1, b: 1 });
    } finally {
      await worker.terminate();
    }
  });

  it('are typed modules, not JavaScript text evaluated at run time', () => {
    const files = [
      'src/models/predict/scoringPool.ts', 'src/models/predict/scoringWorker.ts', 'src/lending/jslp.ts', 'src/lending/jslpWorker.ts', 'src/lending/highs.ts', 'src/lending/highsWorker.ts',
      'src/models/gbdt/trainingThreads.ts', 'src/models/gbdt/trainingWorker.ts', 'src/models/gbdt/trainingExchange.ts',
      'src/stream/csvBlockPool.ts', 'src/stream/csvBlockWorker.ts', 'src/stream/csvRangeWorker.ts',
    ];
    for (const file of files) {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      expect(text, file).not.toMatch(/eval: true|new Function|String\.raw`/);
    }
  });
});
