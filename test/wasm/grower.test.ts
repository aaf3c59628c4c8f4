import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { depthFirstDepthLimit, GrowerSession, growerLayout, growParamBlock, type GrowParams, planGrowth } from '../../src/wasm/grower.js';
import { BINS_PER_FEATURE, GROW_PARAM_GLOBALS, HIST_ENTRY_BYTES, OCCUPANCY_FEATURE_BYTES } from '../../src/wasm/layout.js';
import { getRuntime, init } from '../../src/wasm/load.js';
import type { Scope } from '../../src/wasm/heap.js';
import { errorOf } from '../errorOf.js';

await init();
const { kernels, heap } = getRuntime();

const stump: GrowParams = {
  lambda: 0, alpha: 0, gamma: 0, minChildWeight: 0, learningRate: 1, maxDepth: 1, maxLeaves: 0, policy: 'depthwise', profile: false,
};

describe('planGrowth', () => {
  it('sizes the histogram pool from BINS_PER_FEATURE and HIST_ENTRY_BYTES, one histogram per level depth-first', () => {
    const plan = planGrowth({ maxDepth: 6, maxLeaves: 0, policy: 'depthwise' }, 10_000, 7);
    expect(plan).toEqual({ capacity: 64, nSlots: 8, histBytes: 8 * 7 * (BINS_PER_FEATURE * HIST_ENTRY_BYTES + OCCUPANCY_FEATURE_BYTES) });
  });

  it('keeps one histogram per leaf best-first, bounds the tree by rows and leaves, and keeps the capacity even', () => {
    expect(planGrowth({ maxDepth: 256, maxLeaves: 31, policy: 'lossguide' }, 10_000, 3)).toMatchObject({ capacity: 32, nSlots: 32 });
    expect(planGrowth({ maxDepth: 10, maxLeaves: 0, policy: 'depthwise' }, 5, 3)).toMatchObject({ capacity: 6, nSlots: 6 });
    expect(planGrowth({ maxDepth: 1, maxLeaves: 0, policy: 'depthwise' }, 1, 3)).toMatchObject({ capacity: 2, nSlots: 2 });
    // A leaf limit under depth-wise growth keeps every node's histogram.
    expect(planGrowth({ maxDepth: 8, maxLeaves: 20, policy: 'depthwise' }, 10_000, 3)).toMatchObject({ capacity: 20, nSlots: 20 });
  });

  it('limits depth-first trees without a depth limit to 256 MiB of level histograms, between 32 and 128 levels', () => {
    expect(depthFirstDepthLimit(1)).toBe(128);
    expect(depthFirstDepthLimit(10_000)).toBe(32);
    const d = depthFirstDepthLimit(1000);
    expect(d).toBe(63);
    expect(planGrowth({ maxDepth: d, maxLeaves: 0, policy: 'depthwise' }, 1e6, 1000).histBytes).toBeLessThanOrEqual(2 ** 28);
  });

  it('refuses histograms beyond 2 GiB with E_OPTION', () => {
    const e = errorOf(() => planGrowth({ maxDepth: 256, maxLeaves: 131_072, policy: 'lossguide' }, 1e6, 200));
    expect(e.code).toBe('E_OPTION');
    expect(e.message).toMatch(/lower maxLeaves or maxDepth/);
  });
});

describe('growParamBlock', () => {
  it('writes every named parameter at the index the binary exports for it', () => {
    const layout = growerLayout(kernels);
    const params: GrowParams = {
      lambda: 1.5, alpha: 2.5, gamma: 3.5, minChildWeight: 4.5, learningRate: 5.5, maxDepth: 6, maxLeaves: 7, policy: 'lossguide', profile: true,
      quantization: { gScale: 0.5, hScale: 0.0625, gLevels: 2, hLevels: 4, packRows: 13, seed: 14 },
    };
    const block = growParamBlock(layout, params, { capacity: 8, nSlots: 9, histBytes: 0 }, { featureStart: 10, featureEnd: 11, threads: 12, rowStart: 15 });
    expect(block.length).toBe(layout.paramCount);
    const exported = (name: string): number => Number((kernels as unknown as Record<string, WebAssembly.Global>)[name].value);
    const expected: Record<keyof typeof GROW_PARAM_GLOBALS, number> = {
      lambda: 1.5, alpha: 2.5, gamma: 3.5, minChildWeight: 4.5, learningRate: 5.5, maxDepth: 6, maxLeaves: 7,
      growPolicy: exported('GROW_LOSSGUIDE'), nSlots: 9, capacity: 8, featureStart: 10, featureEnd: 11, threads: 12, profile: 1,
      quantGScale: 0.5, quantHScale: 0.0625, quantPackRows: 13, quantGLevels: 2, quantHLevels: 4, quantSeed: 14, quantRound: 0, quantRowStart: 15,
    };
    for (const [key, name] of Object.entries(GROW_PARAM_GLOBALS)) {
      expect(block[exported(name)], name).toBe(expected[key as keyof typeof GROW_PARAM_GLOBALS]);
    }
  });
});

describe('GrowerSession', () => {
  // 8 rows, 2 features: feature 1's bin is the label, feature 0 tells less about it.
  const labels = [0, 1, 0, 1, 0, 1, 0, 1];
  const feature0 = [0, 1, 1, 1, 0, 0, 1, 1];

  /** A stump session over the 8 rows' bins (row-major, `binStride` bytes a row), gradients set for squared loss. */
  function stumpSession(scope: Scope): { session: GrowerSession; bins: number; n: number } {
    const n = labels.length;
    const nf = 2;
    const stride = kernels.binStride(nf);
    const bins = scope.alloc(n * stride + 16);
    const b = heap.u8(bins, n * stride + 16);
    b.fill(0);
    for (let i = 0; i < n; i++) {
      b[i * stride] = feature0[i];
      b[i * stride + 1] = labels[i];
    }
    const session = new GrowerSession(scope, { bins, stride, nRows: n, nFeatures: nf, nBins: Uint32Array.of(2, 2) }, stump, planGrowth(stump, n, nf));
    const gh = session.gradientView();
    for (let i = 0; i < n; i++) {
      gh[2 * i] = -labels[i];
      gh[2 * i + 1] = 1;
    }
    return { session, bins, n };
  }

  it('grows a stump on the informative feature and returns it as named arrays', () => {
    heap.scoped((scope) => {
      const { session, bins, n } = stumpSession(scope);
      expect(session.grow(0, n, 0)).toBe(2);
      const tree = session.tree();
      expect(Array.from(tree.feature)).toEqual([1]);
      expect(Array.from(tree.bin)).toEqual([0]);
      expect([tree.left[0], tree.right[0]]).toEqual([~0, ~1]);
      expect(Array.from(tree.leafValue, (v) => v + 0)).toEqual([0, 1]);
      expect(Array.from(tree.leafCover)).toEqual([4, 4]);
      expect(Array.from(tree.cover)).toEqual([8]);
      expect(Array.from(tree.value)).toEqual([0.5]);
      expect(tree.gain[0]).toBeGreaterThan(0);
      expect(tree.defaultLeft.length).toBe(1);

      const scores = scope.alloc(n * 8);
      heap.f64(scores, n).fill(0);
      session.addTree(bins, n, scores);
      expect(Array.from(heap.f64(scores, n))).toEqual(labels);
    });
  });

  it('grows only on the features of its mask', () => {
    heap.scoped((scope) => {
      const { session, n } = stumpSession(scope);
      session.setFeatureMask(Uint8Array.of(1, 0));
      session.grow(0, n, 0);
      expect(Array.from(session.tree().feature)).toEqual([0]);
    });
  });
});

describe('one home for the grower', () => {
  const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
    });
  const sources = files(srcDir).map((path) => ({ path: path.slice(srcDir.length).replaceAll('\\', '/'), text: readFileSync(path, 'utf8') }));

  it('only src/wasm/grower.ts calls the grower kernels (the training worker drives a GrowerSession too)', () => {
    const callers = sources
      .filter((s) => /\b(?:kernels|k)\.(growTree|growTreeCart|treeOutBytes|nodeRecordBytes|growStageTimes|resetStageTimes)\(/.test(s.text))
      .map((s) => s.path)
      .sort();
    expect(callers).toEqual(['wasm/grower.ts']);
  });

  it('no source sizes histograms with literal bin counts', () => {
    const literal = /\b256 \* 16\b|\* 512\b|\b512 \*/;
    expect(sources.filter((s) => literal.test(s.text)).map((s) => s.path)).toEqual([]);
  });

  it('the tree models do not import the GBDT model', () => {
    const trees = ['cartGrower.ts', 'decisionTree.ts', 'randomForest.ts', 'adaBoost.ts', 'treeEnsemble.ts', 'packedTreeModel.ts', 'grownTree.ts'];
    for (const name of trees) {
      const s = sources.find((f) => f.path === `models/trees/${name}`);
      expect(s, name).toBeDefined();
      expect(s!.text, name).not.toMatch(/from '[^']*gbdt[^']*'/);
    }
  });
});
