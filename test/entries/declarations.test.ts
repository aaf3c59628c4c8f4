// What users see of creditkit's types: the declarations of every public entry,
// as `npm run build:ts` emits them into dist/, followed through their imports.
// None may show a wasm pointer, the heap, a heap scope or the raw kernels.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDist } from '../runtimes/helpers.js';
import { moduleGraph, PUBLIC_ENTRIES, ROOT, withoutComments } from './moduleGraph.js';

// The library's wasm internals (src/wasm/heap.ts, src/wasm/load.ts) by name, pointer-named
// members, and the WebAssembly objects that hold its memory.
const WASM_INTERNALS = /\b(?:Heap|heap|Scope|scope|Runtime|getRuntime|KernelExports|kernels|alloc|free|ptr|\w+Ptr|pointer|memory|WebAssembly\.(?:Memory|Instance|Global))\b/;

beforeAll(ensureDist, 180_000);

describe('the public type declarations', () => {
  for (const [subpath, source] of Object.entries(PUBLIC_ENTRIES)) {
    const declarations = join(ROOT, source.replace(/^src\//, 'dist/').replace(/\.ts$/, '.d.ts'));

    it(`'creditkit${subpath.slice(1)}' shows no wasm pointer, heap or kernels`, () => {
      const { files } = moduleGraph(declarations, '.d.ts');
      const leaks: string[] = [];
      for (const file of files) {
        withoutComments(readFileSync(file, 'utf8')).split('\n').forEach((line, i) => {
          if (WASM_INTERNALS.test(line)) leaks.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
      }
      expect(files.length).toBeGreaterThan(1);
      expect(leaks).toEqual([]);
    });
  }

  it('init and initSync resolve to nothing', () => {
    const load = readFileSync(join(ROOT, 'dist', 'wasm', 'load.d.ts'), 'utf8');
    expect(load).toMatch(/export declare function init\(source\?: WasmSource\): Promise<void>;/);
    expect(load).toMatch(/export declare function initSync\(source: [^)]*\): void;/);
  });
});
