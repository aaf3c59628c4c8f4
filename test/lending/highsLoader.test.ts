// setHighsLoader: a host that cannot resolve the bare specifier 'highs' (a
// browser module worker) hands over the package's loader itself.
import { describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { setHighsLoader } from '../../src/lending/highs.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import { errorOf } from '../errorOf.js';
import { smallProblem } from './instances.js';

type Loader = (options?: Record<string, unknown>) => Promise<unknown>;
// The package's loader, found as src/lending/highs.ts finds it (ESM default, or nested once by CommonJS interop).
const mod = (await import('highs')) as unknown as { default: Loader | { default: Loader } };
const highsLoader: Loader = typeof mod.default === 'function' ? mod.default : mod.default.default;

describe('setHighsLoader', () => {
  it('solves with the loader it was given, loaded once and with the options passed', async () => {
    const reference = await optimizeLending(smallProblem({ n: 8, seed: 3 }));
    const calls: unknown[] = [];
    const options = { print: () => {} };
    setHighsLoader(async (o) => {
      calls.push(o);
      return highsLoader(o);
    }, options);
    const a = await optimizeLending(smallProblem({ n: 8, seed: 3 }));
    const b = await optimizeLending(smallProblem({ n: 8, seed: 3 }));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBe(options);
    expect(a.status).toBe('optimal');
    expect(a.objective).toBe(reference.objective);
    expect(b.strategy).toEqual(reference.strategy);
  });

  it('reports a loader that fails as E_SOLVER, and a later good loader works', async () => {
    setHighsLoader(async () => { throw new Error('highs.wasm: 404 Not Found'); });
    const err = await optimizeLending(smallProblem()).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(CreditkitError);
    expect((err as CreditkitError).code).toBe('E_SOLVER');
    expect((err as CreditkitError).message).toContain('404 Not Found');
    setHighsLoader(highsLoader);
    expect((await optimizeLending(smallProblem())).status).toBe('optimal');
  });

  it('rejects something that is not a loader', () => {
    expect(errorOf(() => setHighsLoader({} as never)).code).toBe('E_OPTION');
  });
});
