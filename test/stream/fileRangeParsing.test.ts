import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random, parseCsv } from '../../src/index.js';
import { Dataset } from '../../src/data/dataset.js';
import { RowOrigin } from '../../src/data/rowOrigin.js';
import { ColumnAssembler } from '../../src/stream/columnAssembler.js';
import { fileAt, rangeCount, readCsvFileHead, readRange } from '../../src/stream/csvFileRanges.js';
import { parseCsvRange } from '../../src/stream/parseCsvRange.js';
import { tempDir } from '../cli/helpers.js';

/** A plain CSV: LF or CRLF, blank lines here and there, a last line with or without its line end. */
function plainCsv(rng: Random, nRows: number): string {
  const eol = rng.next() < 0.4 ? '\r\n' : '\n';
  let text = 'id,a,b' + eol;
  for (let i = 0; i < nRows; i++) {
    while (rng.next() < 0.15) text += eol;
    text += `r${i},${rng.next() < 0.1 ? '' : rng.int(1000) / 8},${Math.fround(rng.next())}`;
    if (i < nRows - 1 || rng.next() < 0.7) text += eol;
  }
  while (rng.next() < 0.3) text += eol;
  return text;
}

describe('file ranges parsed without counting their lines first', () => {
  it('give the rows and line ends a count of the range gives, and the same columns', () => {
    const { dir, cleanup } = tempDir();
    const rng = new Random(41);
    for (let k = 0; k < 80; k++) {
      const path = join(dir, `r${k}.csv`);
      writeFileSync(path, plainCsv(rng, rng.int(200)));
      const fd = openSync(path, 'r');
      try {
        const file = fileAt(readSync, fd, fstatSync(fd).size);
        const head = readCsvFileHead(file);
        if (head === null) continue;
        const rangeBytes = 1 + rng.int(rng.next() < 0.5 ? 40 : 2000);
        for (let r = 0; r < rangeCount(rangeBytes, head, file.size); r++) {
          const counted = readRange(file, r, rangeBytes, head, { buffer: new Uint8Array(0), scratch: new Uint8Array(64) })!;
          const uncounted = readRange(file, r, rangeBytes, head, { buffer: new Uint8Array(0), scratch: new Uint8Array(64) }, false)!;
          expect(uncounted.rows).toBe(-1);
          const fromCount = parseCsvRange(counted, { types: { id: 'categorical' } });
          const fromRows = parseCsvRange(uncounted, { types: { id: 'categorical' } });
          const where = `file ${k}, range ${r} of ${rangeBytes} bytes`;
          expect({ rows: fromRows.rows, lineEnds: fromRows.lineEnds }, where).toEqual({ rows: counted.rows, lineEnds: counted.lineEnds });
          expect(fromRows.parsed.lines, where).toEqual(fromCount.parsed.lines);
          expect(fromRows.parsed.columns.map((c) => Array.from(c.values)), where).toEqual(fromCount.parsed.columns.map((c) => Array.from(c.values)));
        }
      } finally {
        closeSync(fd);
      }
    }
    cleanup();
  });
});

describe('ColumnAssembler', () => {
  /** Blocks of a CSV cut every `every` rows, each read as a CSV of its own (kinds inferred per block). */
  function blocks(text: string, every: number, options: Parameters<typeof parseCsv>[1] = {}): Dataset[] {
    const [header, ...rows] = text.trimEnd().split('\n');
    const out: Dataset[] = [];
    for (let s = 0; s < rows.length; s += every) {
      const ds = parseCsv([header, ...rows.slice(s, s + every)].join('\n'), { ...options, lineOffset: s, rowOffset: s });
      out.push(new Dataset(ds.columns, ds.nRows, new RowOrigin(undefined, s + 2, s)));
    }
    return out;
  }

  function assembled(parts: Dataset[], fixed: string[], reserveAfter: number, rows: number): Dataset | false {
    const a = new ColumnAssembler(new Set(fixed));
    for (let b = 0; b < parts.length; b++) {
      if (b === reserveAfter) a.reserve(rows);
      if (!a.add(parts[b])) return false;
    }
    return a.finish(undefined);
  }

  const view = (ds: Dataset | false): unknown => ds === false ? false : ds.columns.map((c) => ({ name: c.name, kind: c.kind, values: Array.from(c.values, (v) => (v === v ? v : null)), categories: c.categories }));

  it('writes blocks into reserved columns as they come with the same outcome as joining them at the end, however much room', () => {
    const rng = new Random(5);
    for (let k = 0; k < 60; k++) {
      const n = 1 + rng.int(40);
      // g: missing for a while then labels (categorical in the blocks that have them); h: numbers with a gap of missing cells.
      const lines = ['a,g,h'];
      const labelsFrom = rng.int(n + 1);
      for (let i = 0; i < n; i++) lines.push(`${rng.int(100)},${i >= labelsFrom && rng.next() < 0.8 ? 'L' + rng.int(4) : ''},${i % 7 < 3 ? '' : rng.next()}`);
      const text = lines.join('\n');
      const fixed = rng.next() < 0.5;
      const options = fixed ? { categories: { g: ['L0', 'L1', 'L2', 'L3'] } } : {};
      const parts = blocks(text, 1 + rng.int(8), options);
      const joined = assembled(parts, fixed ? ['g'] : [], -1, 0);
      for (const room of [1, Math.max(1, n >> 1), n, 2 * n + 5]) {
        const reserveAfter = rng.int(parts.length);
        expect(view(assembled(parts, fixed ? ['g'] : [], reserveAfter, room)), `case ${k}, room ${room} after block ${reserveAfter}`).toEqual(view(joined));
      }
    }
  });
});
