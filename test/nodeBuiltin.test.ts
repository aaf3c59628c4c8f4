// nodeBuiltin: Node's built-in modules for Node-only code in modules that browsers load too.
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeBuiltin } from '../src/nodeBuiltin.js';
import { asyncErrorOf } from './errorOf.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('nodeBuiltin', () => {
  it('gives the built-in through process.getBuiltinModule', async () => {
    const mod = await nodeBuiltin<typeof import('node:path')>('node:path');
    expect(mod.join).toBe(path.join);
    expect(mod.join('a', 'b')).toBe(`a${path.sep}b`);
  });

  it('falls back to a dynamic import where process.getBuiltinModule is missing (Node before 20.16)', async () => {
    const getBuiltinModule = vi.fn(() => undefined);
    vi.stubGlobal('process', { ...process, getBuiltinModule });
    const mod = await nodeBuiltin<typeof import('node:path')>('node:path');
    expect(getBuiltinModule).toHaveBeenCalledWith('node:path');
    expect(mod.join).toBe(path.join);
  });

  it('is E_OPTION, naming the module, where there is no process (browsers, Web Workers)', async () => {
    vi.stubGlobal('process', undefined);
    const e = await asyncErrorOf(() => nodeBuiltin('node:worker_threads'));
    vi.unstubAllGlobals();
    expect(e.code).toBe('E_OPTION');
    expect(e.message).toContain('node:worker_threads');
  });

  it('rejects a name that is not a built-in', async () => {
    await expect(nodeBuiltin('node:no-such-module')).rejects.toThrow();
  });
});
