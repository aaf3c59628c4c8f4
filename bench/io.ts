/**
 * Files shared by the TypeScript benchmarks and `bench/xgb_runner.py`.
 *
 * A dataset directory (under `bench/out/`, gitignored) holds:
 *
 *   X.f32      nRows × nFeatures float32, row-major, little-endian, NaN = missing
 *   y.f64      nRows float64 labels (0/1), little-endian
 *   meta.json  { nRows, nFeatures, names, ... }
 *   train.u32  row indices of the training set, uint32 little-endian
 *   test.u32   row indices of the test set, uint32 little-endian
 *
 * Both libraries read the same rows and the same split, so their figures are
 * directly comparable.
 */
import { existsSync, mkdirSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../src/data/dataset.js';

/** The repository root (the parent of bench/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where benchmark outputs go (gitignored). */
export const OUT_DIR = join(REPO_ROOT, 'bench', 'out');

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * Give Me Some Credit: the shared copy next to the repository
 * (`../shared/datasets/give-me-some-credit/cs_training.csv`) when present,
 * otherwise the copy bundled with the repository (`data/give-me-some-credit.csv.gz`).
 */
export function gmscPath(): string {
  const candidates = [
    join(REPO_ROOT, '..', 'shared', 'datasets', 'give-me-some-credit', 'cs_training.csv'),
    join(REPO_ROOT, '..', 'shared', 'datasets', 'give-me-some-credit', 'cs_training.csv.gz'),
    join(REPO_ROOT, 'data', 'give-me-some-credit.csv.gz'),
    join(REPO_ROOT, 'data', 'give-me-some-credit.csv'),
  ];
  for (const p of candidates) if (existsSync(p)) return p;
  throw new Error(
    'Give Me Some Credit not found: looked for ../shared/datasets/give-me-some-credit/cs_training.csv ' +
      '(relative to the repository root) and data/give-me-some-credit.csv.gz',
  );
}

/** A directory under bench/out/, created if needed. */
export function outDir(name: string): string {
  const dir = join(OUT_DIR, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Bytes of a typed array in little-endian order (swapped on a big-endian host). */
function leBytes(a: Float32Array | Float64Array | Uint32Array): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const out = new Uint8Array(bytes.length);
  const w = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += w) for (let k = 0; k < w; k++) out[i + k] = bytes[i + w - 1 - k];
  return out;
}

/**
 * Writes `X.f32` (row-major), `y.f64` and `meta.json` into `dir`.
 * `extra` is merged into meta.json (source, seed, …).
 */
export function writeDataset(dir: string, X: Dataset, y: ArrayLike<number>, extra: Record<string, unknown> = {}): void {
  const n = X.nRows;
  const f = X.nColumns;
  if (y.length !== n) throw new Error(`y has ${y.length} values, X has ${n} rows`);
  mkdirSync(dir, { recursive: true });

  // Row-major conversion in blocks of rows, so memory stays bounded for large X.
  const cols = X.columns.map((c) => c.values);
  const blockRows = Math.max(1, Math.floor((1 << 22) / Math.max(1, f)));
  const block = new Float32Array(blockRows * f);
  const fd = openSync(join(dir, 'X.f32'), 'w');
  try {
    for (let start = 0; start < n; start += blockRows) {
      const end = Math.min(n, start + blockRows);
      let k = 0;
      for (let i = start; i < end; i++) for (let j = 0; j < f; j++) block[k++] = cols[j][i];
      const bytes = leBytes(block.subarray(0, k));
      writeSync(fd, bytes, 0, bytes.length);
    }
  } finally {
    closeSync(fd);
  }

  writeFileSync(join(dir, 'y.f64'), leBytes(Float64Array.from(y)));
  const meta = { ...extra, nRows: n, nFeatures: f, names: X.names };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
}

/** Writes row indices as `<name>.u32` (e.g. train.u32, test.u32). */
export function writeIndices(dir: string, name: string, idx: ArrayLike<number>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.u32`), leBytes(Uint32Array.from(idx)));
}

/** Writes a dataset and its train/test split: everything xgb_runner.py needs. */
export function writeSplitDataset(
  dir: string,
  X: Dataset,
  y: ArrayLike<number>,
  split: { train: ArrayLike<number>; test: ArrayLike<number> },
  extra: Record<string, unknown> = {},
): void {
  writeDataset(dir, X, y, { ...extra, nTrain: split.train.length, nTest: split.test.length });
  writeIndices(dir, 'train', split.train);
  writeIndices(dir, 'test', split.test);
}

/** Writes a Float64Array (e.g. test predictions) as little-endian float64. */
export function writeF64(path: string, a: Float64Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, leBytes(a));
}
