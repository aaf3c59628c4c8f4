import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// The edge entry: no automatic wasm load on import (this test file has its own module instance).
import { CreditkitError, Dataset, GradientBoostingClassifier, initSync, rocAuc } from '../../src/core.js';
import { getRuntime } from '../../src/wasm/load.js';

describe("'creditkit/core': the host supplies the wasm", () => {
  it('refuses to train before the wasm is loaded, then works after initSync(bytes)', () => {
    const X = Dataset.fromColumns({ x: Float32Array.from({ length: 200 }, (_, i) => i % 17) });
    const y = Float64Array.from({ length: 200 }, (_, i) => (i % 17 > 8 ? 1 : 0));
    let err: unknown;
    try {
      new GradientBoostingClassifier({ nEstimators: 3 }).fit(X, y);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CreditkitError);
    expect((err as CreditkitError).code).toBe('E_WASM_NOT_LOADED');

    const bytes = readFileSync(new URL('../../build/creditkit.wasm', import.meta.url));
    expect(initSync(new WebAssembly.Module(bytes))).toBeUndefined(); // nothing for users to misuse
    const loaded = getRuntime();
    initSync(bytes);
    expect(getRuntime()).toBe(loaded); // a second call keeps the loaded module
    const model = new GradientBoostingClassifier({ nEstimators: 5, maxDepth: 2 }).fit(X, y);
    expect(rocAuc(y, model.predictProba(X))).toBe(1);
  });
});
