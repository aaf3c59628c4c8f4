import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CreditkitError } from '../../src/errors.js';
import { EXPECTED_GLOBALS, GROW_PARAM_GLOBALS, GROW_STAGE_GLOBALS, readGrowerLayout, TREE_F64_GLOBALS, TREE_I32_GLOBALS } from '../../src/wasm/layout.js';
import { getRuntime, init, initSync, type KernelExports } from '../../src/wasm/load.js';
import { Heap, MAX_BLOCK_BYTES } from '../../src/wasm/heap.js';
import { errorOf } from '../errorOf.js';

const MiB = 1 << 20;
await init();
const { kernels, heap } = getRuntime();

describe('Heap.scoped', () => {
  it('frees its blocks: 50 scoped 8 MiB allocations do not keep growing memory', () => {
    heap.scoped((s) => s.alloc(8 * MiB)); // warm-up: the first one may grow memory
    const after1 = heap.byteLength;
    for (let i = 0; i < 50; i++) {
      heap.scoped((s) => {
        const p = s.alloc(8 * MiB);
        heap.u8(p, 8 * MiB).fill(i); // touch it
      });
    }
    expect(heap.byteLength).toBe(after1);
  });

  it('frees its blocks when the body throws', () => {
    heap.scoped((s) => s.alloc(8 * MiB));
    const before = heap.byteLength;
    for (let i = 0; i < 50; i++) {
      expect(() =>
        heap.scoped((s) => {
          s.alloc(8 * MiB);
          s.alloc(1000);
          throw new Error('boom');
        }),
      ).toThrow('boom');
    }
    expect(heap.byteLength).toBe(before);
  });

  it('(control) memory does grow when blocks are not freed', () => {
    const before = heap.byteLength;
    const ptrs: number[] = [];
    for (let i = 0; i < 8; i++) ptrs.push(heap.alloc(8 * MiB));
    expect(heap.byteLength).toBeGreaterThanOrEqual(before + 8 * 8 * MiB - 8 * MiB);
    for (const p of ptrs) heap.free(p);
    // The freed space is reused: the same eight blocks fit again without growth.
    const grown = heap.byteLength;
    for (let i = 0; i < 8; i++) ptrs[i] = heap.alloc(8 * MiB);
    expect(heap.byteLength).toBe(grown);
    for (const p of ptrs) heap.free(p);
  });

  it('returns distinct, 16-byte aligned, non-overlapping blocks (zero-size included)', () => {
    heap.scoped((s) => {
      const sizes = [0, 1, 15, 16, 17, 1000, 4096, 3];
      const blocks = sizes.map((n) => ({ p: s.alloc(n), n: Math.max(16, n) }));
      for (const b of blocks) expect(b.p % 16).toBe(0);
      const sorted = [...blocks].sort((a, b) => a.p - b.p);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i].p).toBeGreaterThanOrEqual(sorted[i - 1].p + sorted[i - 1].n);
    });
  });

  it('copyIn copies typed arrays (with offsets) byte for byte', () => {
    const big = Float64Array.from({ length: 10 }, (_, i) => i * 1.5 - 3);
    const sub = big.subarray(3, 7);
    heap.scoped((s) => {
      const p = s.copyIn(sub);
      expect(Array.from(heap.f64(p, 4))).toEqual(Array.from(sub));
      const q = s.copyIn(Int8Array.from([-1, 2, -3]));
      expect(Array.from(heap.i8(q, 3))).toEqual([-1, 2, -3]);
    });
  });
});

describe('views and memory growth', () => {
  it('a view taken after growth sees data written before growth; the old view is detached', () => {
    heap.scoped((s) => {
      const p = s.alloc(4096);
      const before = heap.u32(p, 1024);
      for (let i = 0; i < 1024; i++) before[i] = (i * 2654435761) >>> 0;
      const size0 = heap.byteLength;
      // Bigger than all current memory: this allocation must grow it.
      s.alloc(size0 + 32 * MiB);
      expect(heap.byteLength).toBeGreaterThan(size0);
      // The pre-growth view is dead (its ArrayBuffer was detached by memory.grow) ...
      expect(before.length).toBe(0);
      // ... and a fresh one sees the data.
      const after = heap.u32(p, 1024);
      let wrong = 0;
      for (let i = 0; i < 1024; i++) if (after[i] !== (i * 2654435761) >>> 0) wrong++;
      expect(wrong).toBe(0);
    });
  });
});

describe('layout', () => {
  it('the globals exported by the wasm equal EXPECTED_GLOBALS', () => {
    const exports = kernels as unknown as Record<string, unknown>;
    for (const [name, expected] of Object.entries(EXPECTED_GLOBALS)) {
      const g = exports[name];
      expect(g, name).toBeInstanceOf(WebAssembly.Global);
      expect(Number((g as WebAssembly.Global).value), name).toBe(expected);
    }
    expect(Object.keys(EXPECTED_GLOBALS).sort()).toEqual(
      [
        'BINS_PER_FEATURE', 'COMPLETE_MAX_DEPTH', 'COMPLETE_SLOT_BYTES',
        'CSV_FLAG_U32', 'CSV_FOREIGN', 'CSV_OK', 'CSV_STATE_CONSUMED', 'CSV_STATE_COUNT', 'CSV_STATE_FLAGS', 'CSV_STATE_HIGH', 'CSV_STATE_LINE', 'CSV_STATE_ROWS',
        'HIST_ENTRY_BYTES', 'MISSING_BIN', 'OCCUPANCY_FEATURE_BYTES', 'PACKED_NODE_BYTES', 'SHAP_NODE_BYTES', 'SHAP_PATH_ELEMENT_BYTES',
        'SHORTEST_DOUBLE_MAX_BYTES', 'SLOT_CELL', 'SLOT_SKIP',
      ],
    );
  });

  it('the grower parameter indices, stage ids and policies are read from the binary: every one named, each index used once', () => {
    const exports = kernels as unknown as Record<string, unknown>;
    const layout = readGrowerLayout(exports);
    const value = (name: string): number => Number((exports[name] as WebAssembly.Global).value);
    for (const [key, name] of Object.entries(GROW_PARAM_GLOBALS)) expect(layout.param[key as keyof typeof GROW_PARAM_GLOBALS], name).toBe(value(name));
    for (const [key, name] of Object.entries(GROW_STAGE_GLOBALS)) expect(layout.stage[key as keyof typeof GROW_STAGE_GLOBALS], name).toBe(value(name));
    expect(Object.values(layout.param).sort((a, b) => a - b)).toEqual(Array.from({ length: layout.paramCount }, (_, i) => i));
    expect(Object.values(layout.stage).sort((a, b) => a - b)).toEqual(Array.from({ length: layout.stageCount }, (_, i) => i));
    expect(layout.policy.depthwise).not.toBe(layout.policy.lossguide);
    for (const [key, name] of Object.entries(TREE_I32_GLOBALS)) expect(layout.treeI32[key as keyof typeof TREE_I32_GLOBALS], name).toBe(value(name));
    for (const [key, name] of Object.entries(TREE_F64_GLOBALS)) expect(layout.treeF64[key as keyof typeof TREE_F64_GLOBALS], name).toBe(value(name));
    expect(Object.values(layout.treeI32).sort((a, b) => a - b)).toEqual(Array.from({ length: layout.treeI32Count }, (_, i) => i));
    // The tree block holds those arrays and nothing else.
    expect(kernels.treeOutBytes(10)).toBe(10 * (layout.treeI32Count * 4 + Object.keys(layout.treeF64).length * 8));
  });

  it('refuses a binary whose grower layout the library does not know (E_WASM_LAYOUT)', () => {
    const exports = kernels as unknown as Record<string, unknown>;
    const global = (v: number): WebAssembly.Global => new WebAssembly.Global({ value: 'i32', mutable: false }, v);
    const variants: Array<[string, Record<string, unknown>]> = [
      ['a parameter the library does not name', { ...exports, P_NEW_OPTION: global(14), PARAM_COUNT: global(15) }],
      ['a named parameter missing', Object.fromEntries(Object.entries(exports).filter(([k]) => k !== 'P_GAMMA'))],
      ['two parameters on one index', { ...exports, P_GAMMA: exports.P_ALPHA }],
      ['an index past the block', { ...exports, P_PROFILE: global(14) }],
      ['a stage index past the timers', { ...exports, STAGE_LEAVES: global(4) }],
      ['equal grow policies', { ...exports, GROW_LOSSGUIDE: exports.GROW_DEPTHWISE }],
      ['two tree arrays in one place', { ...exports, TREE_F64_COVER: exports.TREE_F64_GAIN }],
      ['a tree array the library does not read', { ...exports, TREE_I32_DEPTH: global(5), TREE_I32_ARRAYS: global(6) }],
    ];
    for (const [what, bad] of variants) {
      expect(errorOf(() => readGrowerLayout(bad)).code, what).toBe('E_WASM_LAYOUT');
    }
  });

  it('the node record the façade sizes its pool with is what the grower uses (a multiple of 8 bytes)', () => {
    const bytes = kernels.nodeRecordBytes();
    expect(bytes).toBeGreaterThan(0);
    expect(bytes % 8).toBe(0);
  });
});

describe('loader', () => {
  it('init and initSync are idempotent, resolve to nothing, and keep the loaded runtime', async () => {
    expect(await init()).toBeUndefined(); // nothing for users to misuse: the kernels and heap stay inside
    expect(getRuntime().kernels).toBe(kernels);
    expect(getRuntime().heap).toBe(heap);
    expect(initSync(new Uint8Array([0]))).toBeUndefined(); // already loaded: the argument is not even compiled
    expect(getRuntime().heap).toBe(heap);
  });

  it('the binary imports only the host functions of multi-threaded training and a clock for the stage timers', async () => {
    const bytes = readFileSync(new URL('../../build/creditkit.wasm', import.meta.url));
    const mod = await WebAssembly.compile(bytes);
    const imports = WebAssembly.Module.imports(mod).map((i) => `${i.module}.${i.name}:${i.kind}`).sort();
    expect(imports).toEqual(['env.exchangeSplits:function', 'env.now:function', 'env.reduceHistogram:function', 'env.reduceSums:function']);
    const names = WebAssembly.Module.exports(mod).map((e) => e.name);
    for (const fn of ['alloc', 'free', 'buildHistogram', 'buildHistogramNaive', 'splitRows', 'gatherRows', 'addSplitLeaves', 'growTree', 'predictForest', 'predictForestComplete', 'predictForestCompleteNaive', 'rocAuc']) {
      expect(names).toContain(fn);
    }
  });

  it('errors are CreditkitErrors with a stable code', () => {
    const e = new CreditkitError('E_WASM_LAYOUT', 'x', { path: 'a.b' });
    expect(e.code).toBe('E_WASM_LAYOUT');
    expect(e.message).toBe('at a.b: x');
  });
});

describe('an allocation the module cannot serve is E_WASM_MEMORY, never a trap or a wrapped size', () => {
  // A separate instance: this one's memory may grow to the 4 GiB wasm32 limit.
  const module = getRuntime().module;
  const noop = (): void => undefined;
  const own = new WebAssembly.Instance(module, { env: { reduceSums: noop, reduceHistogram: noop, exchangeSplits: noop, now: () => 0 } });
  const ownHeap = new Heap(own.exports as unknown as KernelExports);

  it('sizes beyond a block, beyond 32 bits (which wrapped to a 16-byte block) or not numbers', () => {
    for (const bytes of [MAX_BLOCK_BYTES + 1, 2 ** 32 + 16, 2 ** 53, Infinity, NaN]) {
      let e: unknown;
      try {
        ownHeap.alloc(bytes);
      } catch (err) {
        e = err;
      }
      expect(e).toBeInstanceOf(CreditkitError);
      expect((e as CreditkitError).code).toBe('E_WASM_MEMORY');
    }
  });

  it('memory that cannot grow (the allocator\'s abort) is E_WASM_MEMORY, and the allocator still works after it', () => {
    const blocks: number[] = [];
    let e: unknown;
    try {
      for (let i = 0; i < 6; i++) blocks.push(ownHeap.alloc(MAX_BLOCK_BYTES));
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(CreditkitError);
    expect((e as CreditkitError).code).toBe('E_WASM_MEMORY');
    expect(blocks.length).toBeGreaterThan(0);
    for (const p of blocks) ownHeap.free(p);
    const p = ownHeap.alloc(MAX_BLOCK_BYTES);
    ownHeap.u8(p, 16).fill(7);
    ownHeap.free(p);
  });
});
