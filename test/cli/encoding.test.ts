import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

/** Windows-1252 bytes of text whose characters are all below U+0100. */
const cp1252 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** 40 rows: "Café" firms default, "Cafè" firms do not; x is noise. */
const csv = 'city,x,y\n' + Array.from({ length: 40 }, (_, i) => `${i % 2 === 0 ? 'Café' : 'Cafè'},${(i * 7) % 11},${i % 2 === 0 ? 1 : 0}`).join('\n') + '\n';

describe('--encoding on every command that reads CSV', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('is declared (and documented) by each of them', async () => {
    for (const name of ['train', 'score', 'evaluate', 'explain', 'select', 'tune', 'points', 'monitor', 'compare', 'report', 'optimize']) {
      const r = await cli(name, '--help');
      expect(r.out, name).toMatch(/--encoding E +text encoding of the CSV input: utf-8 \(default\), latin1, windows-1252/);
    }
    const bad = await cli('train', '--data', 'x.csv', '--target', 'y', '--encoding', 'ebcdic');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/\[E_USAGE\].*--encoding must be one of utf-8, latin1, windows-1252/);
  });

  it('train: a Windows-1252 file is E_ENCODING naming the line (no model), and trains with --encoding windows-1252', async () => {
    const data = tmp.file('firms.csv');
    writeFileSync(data, cp1252(csv));
    const model = tmp.file('model.json');
    const r = await cli('train', '--data', data, '--target', 'y', '--out', model, '--n-estimators', '3');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[E_ENCODING\]: .*firms\.csv, line 2: not valid UTF-8 at byte offset 12/);
    expect(readdirSync(tmp.dir)).toEqual(['firms.csv']);

    for (const encoding of ['windows-1252', 'cp1252', 'latin1']) {
      const ok = await cli('train', '--data', data, '--target', 'y', '--out', model, '--n-estimators', '3', '--encoding', encoding);
      expect(ok.code, ok.err).toBe(0);
      const saved = JSON.parse(readFileSync(model, 'utf8'));
      expect(JSON.stringify(saved)).toContain('["Cafè","Café"]');
    }

    // score reads the same file in blocks: same error, same cure
    const out = tmp.file('scores.csv');
    const s = await cli('score', '--model', model, '--data', data, '--out', out);
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/\[E_ENCODING\]: .*firms\.csv, line 2/);
    expect(readdirSync(tmp.dir).sort()).toEqual(['firms.csv', 'model.json']);
    const s2 = await cli('score', '--model', model, '--data', data, '--out', out, '--encoding', 'windows-1252');
    expect(s2.code, s2.err).toBe(0);
    const pd = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    expect(pd[0]).toBeGreaterThan(pd[1]); // Café (row 1) is riskier than Cafè (row 2): the two were not merged

    const e = await cli('evaluate', '--model', model, '--data', data, '--target', 'y', '--encoding', 'windows-1252');
    expect(e.code, e.err).toBe(0);
  });

  it('a UTF-16 file read as UTF-8 says to use --encoding utf-16', async () => {
    const data = tmp.file('u16.csv');
    writeFileSync(data, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
    const r = await cli('select', '--data', data, '--target', 'y', '--method', 'iv');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[E_ENCODING\]: .*u16\.csv, line 1: .*--encoding utf-16/);
    const ok = await cli('select', '--data', data, '--target', 'y', '--method', 'iv', '--encoding', 'utf-16');
    expect(ok.code, ok.err).toBe(0);
  });
});
