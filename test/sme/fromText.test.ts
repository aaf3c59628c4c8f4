import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { smeTablesFromCsv } from '../../src/sme/fromText.js';
import { loadSmeTables } from '../../src/sme/invoices.js';
import { errorOf } from '../errorOf.js';

const DIR = new URL('../../data/cumcm/', import.meta.url);
const text = (name: string) => gunzipSync(readFileSync(new URL(name, DIR))).toString('utf8');

/** Typed arrays of one type with the same bytes (a deep equal on 200k-element arrays takes seconds). */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return a.constructor === b.constructor && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('smeTablesFromCsv', () => {
  it('builds the same tables from CSV text as loadSmeTables reads from the files', async () => {
    const fromText = smeTablesFromCsv({
      enterprises: text('a1_enterprises.csv.gz'),
      input: text('a1_input_invoices.csv.gz'),
      output: text('a1_output_invoices.csv.gz'),
    });
    const fromFiles = await loadSmeTables(new URL('.', DIR).pathname, 'a1');
    expect(fromText.enterprises.ids).toHaveLength(123);
    expect(fromText.input.length).toBe(210_947);
    expect(fromText.output.length).toBe(162_484);
    expect(fromText.enterprises).toEqual(fromFiles.enterprises);
    for (const dir of ['input', 'output'] as const) {
      const a = fromText[dir];
      const b = fromFiles[dir];
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      for (const [key, value] of Object.entries(a)) {
        const other = (b as unknown as Record<string, unknown>)[key];
        if (ArrayBuffer.isView(value)) expect(sameBytes(value, other as ArrayBufferView), `${dir}.${key}`).toBe(true);
        else expect(value, `${dir}.${key}`).toEqual(other);
      }
    }
  });

  it('names the file, row and column of a bad invoice', () => {
    const enterprises = 'enterprise_id,enterprise_name\nE1,a\n';
    const output = 'enterprise_id,invoice_no,invoice_date,buyer_id,amount,tax,total,status\nE1,1,2019-01-05,B1,100,3,103,valid\nE1,2,2019-02-05,B2,50,1.5,51.5,lost\n';
    const input = 'enterprise_id,invoice_no,invoice_date,seller_id,amount,tax,total,status\nE1,1,2019-01-05,S1,80,2.4,82.4,valid\n';
    const e = errorOf(() => smeTablesFromCsv({ enterprises, input, output, files: { output: 'out.csv' } }));
    expect(e.code).toBe('E_CSV_PARSE');
    expect(e.where).toMatchObject({ file: 'out.csv', row: 1, column: 'status' });
    const missing = errorOf(() => smeTablesFromCsv({ enterprises, input: output, output: input }));
    expect(missing.code).toBe('E_COLUMN_UNKNOWN');
    expect(missing.message).toContain('seller_id');
  });
});
