// Every count option has a documented maximum (the option tables of docs/guides/), checked by
// the library, by the model loader (options read back from a file) and by the CLI.
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../src/index.js';
import { Dataset } from '../src/data/dataset.js';
import { FOLD_RANGE, stratifiedKFold } from '../src/data/split.js';
import { calibrationTable, CALIBRATION_BIN_RANGE } from '../src/metrics/calibration.js';
import { createModel } from '../src/models/factory.js';
import { GradientBoostingClassifier } from '../src/models/gbdt/gbdt.js';
import { GBDT_RANGES } from '../src/models/gbdt/gbdtOptions.js';
import { LOGISTIC_RANGES } from '../src/models/linear/logistic.js';
import { MLP_RANGES } from '../src/models/neural/mlp.js';
import { loadModel } from '../src/models/registry.js';
import { SVM_RANGES } from '../src/models/linear/svm.js';
import { ADABOOST_RANGES, RANDOM_FOREST_RANGES, TREE_RANGES } from '../src/models/trees/treeOptions.js';
import { numericPsi, PSI_BIN_RANGE } from '../src/monitor/psi.js';
import { THREAD_RANGE } from '../src/parallel/threadRange.js';
import { COMPARE_REPEAT_RANGE, compareModels } from '../src/selection/compare.js';
import { QUANTILE_BIN_RANGE, quantileCuts } from '../src/binning/discretize.js';
import { PERMUTATION_REPEAT_RANGE, permutationImportance } from '../src/selection/importance.js';
import { ITERATION_RANGE, parseSearchSpace, randomCandidates } from '../src/selection/space.js';
import { CHUNK_ROWS_RANGE } from '../src/stream/csvChunks.js';
import { scoreStream } from '../src/stream/scoreStream.js';
import { scoreCsvFile } from '../src/stream/scoreCsvFile.js';
import { errorOf } from './errorOf.js';

const TABLES: [kind: string, ranges: Readonly<Record<string, { min: number; max: number }>>][] = [
  ['gbdt', GBDT_RANGES], ['tree', TREE_RANGES], ['rf', RANDOM_FOREST_RANGES], ['adaboost', ADABOOST_RANGES],
  ['logistic', LOGISTIC_RANGES], ['svm', SVM_RANGES],
  ['mlp', { batchSize: MLP_RANGES.batchSize, maxEpochs: MLP_RANGES.maxEpochs, patience: MLP_RANGES.patience }],
];

/** A small fitted model of each kind, as JSON. */
function fittedJson(kind: string): Record<string, unknown> {
  const n = 60;
  const x0 = Float32Array.from({ length: n }, (_, i) => i % 10);
  const x1 = Float32Array.from({ length: n }, (_, i) => (i * 7) % 13);
  const y = Float64Array.from({ length: n }, (_, i) => (x0[i] + x1[i] > 10 ? 1 : 0));
  const small: Record<string, Record<string, unknown>> = { gbdt: { nEstimators: 3 }, rf: { nEstimators: 3 }, adaboost: { nEstimators: 3 }, mlp: { maxEpochs: 2 } };
  const m = createModel(kind, small[kind] ?? {});
  m.fit(new Dataset([{ name: 'x0', kind: 'numeric', values: x0 }, { name: 'x1', kind: 'numeric', values: x1 }]), y);
  return JSON.parse(JSON.stringify(m.toJSON()));
}

describe('documented maxima of the model options', () => {
  for (const [kind, ranges] of TABLES) {
    it(`${kind}: every integer option accepts its maximum and rejects one more, in the constructor and in a model file`, () => {
      const json = fittedJson(kind);
      for (const [key, { max }] of Object.entries(ranges)) {
        expect(() => createModel(kind, { [key]: max }), key).not.toThrow();
        const e = errorOf(() => createModel(kind, { [key]: max + 1 }));
        expect(e.code, key).toBe('E_OPTION');
        expect(e.message, key).toContain(`${key} must be an integer in `);
        // The same bound on options read back from a file.
        const bad = errorOf(() => loadModel({ ...json, options: { ...(json.options as object), [key]: max + 1 } }));
        expect(bad.code, key).toBe('E_MODEL_FORMAT');
        expect(bad.where.path, key).toBe('options');
        expect(bad.message, key).toContain(key);
      }
    });
  }

  it('rejects the huge values of the issue: 1e12 rounds, a 5,000-unit layer, 100,000 Fourier features', () => {
    expect(errorOf(() => createModel('gbdt', { nEstimators: 1e12 })).message).toContain('nEstimators must be an integer in 1..100000, got 1000000000000');
    expect(errorOf(() => createModel('gbdt', { maxLeaves: 1e9 })).code).toBe('E_OPTION');
    expect(errorOf(() => createModel('mlp', { hiddenLayerSizes: [MLP_RANGES.hiddenUnits.max + 1] })).code).toBe('E_OPTION');
    expect(errorOf(() => createModel('svm', { kernel: 'rbf', nComponents: 100_000 })).code).toBe('E_OPTION');
    expect(errorOf(() => createModel('rf', { nEstimators: 1e6 })).code).toBe('E_OPTION');
  });

  it('tune spaces are held to the same bounds (both ends of a range are checked)', () => {
    const e = errorOf(() => parseSearchSpace('gbdt', { nEstimators: { int: [10, 1e12] } }));
    expect(e.code).toBe('E_OPTION');
    expect(e.where.path).toBe('nEstimators.int[1]');
    expect(errorOf(() => parseSearchSpace('rf', { maxLeaves: [8, 1e9] })).where.path).toBe('maxLeaves[1]');
  });
});

describe('documented maxima of the other count options', () => {
  const y = Float64Array.from({ length: 400 }, (_, i) => i % 2);
  const X = new Dataset([{ name: 'x', kind: 'numeric', values: Float32Array.from(y, (v, i) => v + (i % 7)) }]);

  it('threads and rows per block of batch scoring, threads of training', async () => {
    const model = createModel('gbdt', { nEstimators: 2 }).fit(X, y);
    const input = () => Readable.from([Buffer.from('x\n1\n')]);
    const sink = { write: () => true, end: () => undefined, once: () => undefined, removeListener: () => undefined };
    const dir = mkdtempSync(join(tmpdir(), 'creditkit-ranges-'));
    const file = join(dir, 'x.csv');
    writeFileSync(file, 'x\n1\n');
    try {
      for (const options of [{ threads: 100_000 }, { threads: THREAD_RANGE.max + 1 }, { chunkRows: CHUNK_ROWS_RANGE.max + 1 }, { chunkRows: 0 }]) {
        // Refused before a byte is read or written (the sink here never calls back).
        const e = await scoreStream(model, input(), sink, options).catch((err) => err);
        expect(e.code, JSON.stringify(options)).toBe('E_OPTION');
        const f = await scoreCsvFile(model, file, sink, options).catch((err) => err);
        expect(f.code, `scoreCsvFile ${JSON.stringify(options)}`).toBe('E_OPTION');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(errorOf(() => new GradientBoostingClassifier({ nEstimators: 2 }).fit(X, y, { nthreads: THREAD_RANGE.max + 1 })).code).toBe('E_OPTION');
  });

  it('folds, random-search iterations, repeats and bins', async () => {
    expect(errorOf(() => stratifiedKFold(y, FOLD_RANGE.max + 1, 0)).code).toBe('E_OPTION');
    expect(stratifiedKFold(y, FOLD_RANGE.max, 0)).toHaveLength(FOLD_RANGE.max);
    const space = parseSearchSpace('gbdt', { maxDepth: [2, 3] });
    expect(errorOf(() => randomCandidates(space, ITERATION_RANGE.max + 1, 0)).code).toBe('E_OPTION');
    expect(errorOf(() => compareModels(X, y, { models: ['logistic'], repeats: COMPARE_REPEAT_RANGE.max + 1 })).code).toBe('E_OPTION');
    const model = createModel('logistic').fit(X, y);
    expect(errorOf(() => permutationImportance(model, X, y, { repeats: PERMUTATION_REPEAT_RANGE.max + 1 })).code).toBe('E_OPTION');
    expect(errorOf(() => quantileCuts([1, 2, 3], QUANTILE_BIN_RANGE.max + 1)).code).toBe('E_OPTION');
    expect(errorOf(() => numericPsi('x', [1, 2, 3], [1, 2, 3], { bins: PSI_BIN_RANGE.max + 1 })).code).toBe('E_OPTION');
    expect(errorOf(() => calibrationTable([0, 1], [0.2, 0.7], { bins: CALIBRATION_BIN_RANGE.max + 1 })).code).toBe('E_OPTION');
  });
});
