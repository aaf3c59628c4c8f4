import { readdirSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { Dataset } from '../../src/data/dataset.js';
import { CreditkitError } from '../../src/errors.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { informationGain } from '../../src/selection/infoGain.js';
import { woeBinning } from '../../src/binning/woe.js';
import { readCsvChunks } from '../../src/stream/csvChunks.js';
import { cli, tempDir } from '../cli/helpers.js';
import { errorOf } from '../errorOf.js';

/** The smallest magnitude that float32 rounds to Infinity: 2^128 − 2^103. */
const OVERFLOW = 3.4028235677973366e38;

/** n rows of `x,y` with `cell` as x on data row `at` (0-based). */
function rowsWith(n: number, at: number, cell: string): string {
  const rows = Array.from({ length: n }, (_, i) => `${i === at ? cell : (i % 7) / 3},${i % 2}`);
  return `x,y\n${rows.join('\n')}\n`;
}

describe('numbers beyond float32 are rejected where they are read', () => {
  it('parseCsv: E_CSV_NONFINITE with file, line, row and column, for cells float32 rounds to ±Infinity', () => {
    for (const cell of ['1e39', '-1e39', '3.4028236e38', '1' + '0'.repeat(40)]) {
      const e = errorOf(() => parseCsv(rowsWith(20, 12, cell), { file: 'big.csv' }));
      expect(e.code, cell).toBe('E_CSV_NONFINITE');
      expect(e.where).toEqual({ file: 'big.csv', line: 14, row: 12, column: 'x' });
      expect(e.message).toContain(`"${cell}"`);
      expect(e.message).toContain('float32');
    }
    expect(Math.fround(OVERFLOW)).toBe(Infinity);
    // The largest values that round to float32's maximum are kept.
    for (const cell of ['3.4028235e38', '-3.4028235e38', String(OVERFLOW * (1 - 2 ** -53))]) {
      expect(parseCsv(rowsWith(5, 2, cell)).column('x').values[2]).toBe(Math.fround(Number(cell)));
    }
    // A categorical column's labels are text: "1e39" there is only a label.
    expect(parseCsv('x,y\na,1\n1e39,0\n', { types: { x: 'categorical' } }).column('x').categories).toEqual(['1e39', 'a']);
  });

  it('readCsvChunks: the line and row are those of the whole input, past the first blocks', async () => {
    const text = rowsWith(25_000, 23_456, '1e39');
    const input = Readable.from([Buffer.from(text)], { objectMode: false });
    let e: unknown;
    try {
      for await (const _ of readCsvChunks(input, { file: 'big.csv', types: { x: 'numeric', y: 'numeric' } })) void _;
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(CreditkitError);
    expect((e as CreditkitError).code).toBe('E_CSV_NONFINITE');
    expect((e as CreditkitError).where).toEqual({ file: 'big.csv', line: 23_458, row: 23_456, column: 'x' });
  });

  it('typed arrays: Dataset.fromRows / fromColumns (and so fit) name the value, its row and column', () => {
    const r = errorOf(() => Dataset.fromRows([[1, 2], [3, -1e39]], ['a', 'b']));
    expect(r.code).toBe('E_NONFINITE');
    expect(r.where).toEqual({ row: 1, column: 'b' });
    expect(r.message).toContain('-1e+39');
    expect(r.message).toContain('float32');
    const c = errorOf(() => Dataset.fromColumns({ a: [0, 1, 2e38, 5e38] }));
    expect(c.where).toEqual({ row: 3, column: 'a' });
    const f = errorOf(() => new GradientBoostingClassifier({ nEstimators: 2 }).fit([[0], [1e39], [2], [3]], [0, 1, 0, 1]));
    expect(f.code).toBe('E_NONFINITE');
    expect(f.message).toContain('1e+39');
    // ±Infinity itself is still a value fit rejects (E_NONFINITE), not fromRows.
    expect(Dataset.fromRows([[Infinity]]).column('f0').values[0]).toBe(Infinity);
  });

  it('information value and information gain reject ±Infinity in a Dataset', () => {
    const X = new Dataset([{ name: 'x', kind: 'numeric', values: Float32Array.of(1, 2, Infinity, 4) }]);
    for (const run of [() => woeBinning(X, [0, 1, 0, 1]), () => informationGain(X, [0, 1, 0, 1])]) {
      const e = errorOf(run);
      expect(e.code).toBe('E_NONFINITE');
      expect(e.where).toEqual({ row: 2, column: 'x' });
    }
  });
});

describe('CLI', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('select --method iv and score reject 1e39 with the file, line and column', async () => {
    const data = tmp.file('big.csv');
    writeFileSync(data, rowsWith(40, 30, '1e39'));
    const s = await cli('select', '--data', data, '--target', 'y', '--method', 'iv');
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/\[E_CSV_NONFINITE\]: .*big\.csv, line 32, column "x": "1e39"/);

    const good = tmp.file('good.csv');
    writeFileSync(good, rowsWith(40, 0, '0'));
    const model = tmp.file('model.json');
    expect((await cli('train', '--data', good, '--target', 'y', '--out', model, '--n-estimators', '2')).code).toBe(0);
    const many = tmp.file('many.csv');
    writeFileSync(many, rowsWith(12_000, 11_000, '-1e39'));
    const out = tmp.file('scores.csv');
    const r = await cli('score', '--model', model, '--data', many, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[E_CSV_NONFINITE\]: .*many\.csv, line 11002, column "x": "-1e39"/);
    expect(readdirSync(tmp.dir).sort()).toEqual(['big.csv', 'good.csv', 'many.csv', 'model.json']);
  });
});
