// `-` for standard input or output wherever a file is read or written, and
// --delimiter on the lending commands (issue 19, item 5).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { openOutput } from '../../src/cli/standardOutput.js';
import { CHURN_CSV } from '../lending/instances.js';
import { cli, GERMAN, runBin, tempDir } from './helpers.js';

/** Outputs that stay files: the demo's report and strategy folder. */
const FILE_ONLY = ['demo'];

const PORTFOLIO = [
  'id;pd;lgd;ead;exposure_class',
  'c1;0.01;0.45;100;corporate',
  'm1;0.02;0.15;200;residential-mortgage',
  'o1;0.05;0.6;20;other-retail',
].join('\n') + '\n';

const PANEL = ['id\tperiod\trating', 'a\t2018\tA', 'a\t2019\tB', 'b\t2018\tB', 'b\t2019\tD', 'c\t2018\tA', 'c\t2019\tA'].join('\n') + '\n';

describe('- for standard input and output', () => {
  const t = tempDir();
  const model = t.file('model.json');
  beforeAll(async () => {
    expect((await cli('train', '--data', GERMAN, '--target', 'is_bad', '--kind', 'logistic', '--out', model)).code).toBe(0);
  }, 60_000);
  afterAll(() => t.cleanup());

  it('every command that writes an output accepts - for it', () => {
    for (const c of COMMANDS) {
      const outputs = c.files(Object.fromEntries(Object.keys(c.options).map((k) => [k, 'x']))).outputs.map((f) => f.flag);
      if (FILE_ONLY.includes(c.name)) continue;
      for (const flag of new Set(outputs)) expect(c.files({ [flag]: '-' }).standardOutput, `${c.name} --${flag}`).toContain(flag);
    }
  });

  it('train --out - writes the model to standard output and the summary to stderr; evaluate reads it from --model -', async () => {
    const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--kind', 'logistic', '--out', '-');
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync(model, 'utf8'));
    expect(r.err).toMatch(/^data\s+.*1,000 rows[\s\S]*\nsaved\s+standard output\n$/);
    expect(existsSync(join(t.dir, '-'))).toBe(false);
    const piped = await runBin(['evaluate', '--model', '-', '--data', GERMAN, '--target', 'is_bad', '--json'], r.out);
    expect(piped.code).toBe(0);
    const fromFile = await cli('evaluate', '--model', model, '--data', GERMAN, '--target', 'is_bad', '--json');
    expect(JSON.parse(piped.out)).toEqual(JSON.parse(fromFile.out));
    const bad = await runBin(['evaluate', '--model', '-', '--data', GERMAN, '--target', 'is_bad'], '{"format": 1');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/\[E_MODEL_FORMAT\]: standard input/);
  }, 60_000);

  it('convert, points, scorecard and select write their file to standard output', async () => {
    const converted = await cli('convert', '--model', model, '--out', '-');
    expect(converted.code).toBe(0);
    expect(JSON.parse(converted.out)).toEqual(JSON.parse(readFileSync(model, 'utf8')));
    const pointsFile = t.file('points.csv');
    expect((await cli('points', '--model', model, '--data', GERMAN, '--out', pointsFile)).code).toBe(0);
    const points = await cli('points', '--model', model, '--data', GERMAN, '--out', '-');
    expect(points.out).toBe(readFileSync(pointsFile, 'utf8'));
    expect(points.err).toMatch(/1,000 rows scored/);
    const tables = await cli('select', '--data', GERMAN, '--target', 'is_bad', '--tables', '-');
    expect(tables.out.split('\n')[0]).toMatch(/^feature,/);
    const explained = t.file('reasons.csv');
    expect((await cli('explain', '--model', model, '--data', GERMAN, '--top', '2', '--out', explained)).code).toBe(0);
    const streamed = await cli('explain', '--model', model, '--data', GERMAN, '--top', '2', '--out', '-');
    expect(streamed.code).toBe(0);
    expect(streamed.out).toBe(readFileSync(explained, 'utf8'));
    expect(streamed.err).toMatch(/explained 1,000 rows .*wrote standard output/);
  }, 60_000);

  it('capital reads a semicolon portfolio from standard input; migration a tab-separated panel', async () => {
    const fromFile = await cli('capital', '--portfolio', t.file('loans.csv', PORTFOLIO.replace(/;/g, ',')), '--json');
    const semi = await runBin(['capital', '--portfolio', '-', '--delimiter', ';', '--json'], PORTFOLIO);
    expect(semi.err).toBe('');
    expect(JSON.parse(semi.out).totals).toEqual(JSON.parse(fromFile.out).totals);
    const commas = await cli('capital', '--portfolio', t.file('loans-semi.csv', PORTFOLIO));
    expect(commas.code).toBe(2);
    const panel = await cli('migration', '--panel', t.file('panel.tsv', PANEL), '--delimiter', 'tab', '--order', 'A,B,C,D', '--json');
    expect(panel.code).toBe(0);
    expect(JSON.parse(panel.out).matrix.counts[0]).toEqual([1, 1, 0, 0]);
  }, 60_000);

  it('optimize reads --applicants - with --delimiter and writes the strategy to --out -', async () => {
    t.file('churn.csv', readFileSync(CHURN_CSV, 'utf8'));
    const config = t.file('bank.json', JSON.stringify({ bank: { budget: 300, minAmount: 10, maxAmount: 100, rates: [0.04, 0.0625, 0.0865, 0.1105], lgd: 0.6 }, churn: 'churn.csv' }));
    const applicants = 'id;pd;rating\nf1;0.02;A\nf2;0.05;B\nf3;0.1;C\n';
    const r = await runBin(['optimize', '--applicants', '-', '--delimiter', ';', '--config', config, '--out', '-'], applicants);
    expect(r.err).toMatch(/wrote standard output/);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^id,/);
    expect(r.out.trim().split('\n')).toHaveLength(4);
  }, 60_000);

  it('optimize reads --config - (a churn path in it relative to the working folder, and inside it)', async () => {
    const bank = { budget: 300, minAmount: 10, maxAmount: 100, rates: [0.04, 0.0625, 0.0865, 0.1105], lgd: 0.6 };
    t.file('churn.csv', readFileSync(CHURN_CSV, 'utf8'));
    const applicants = t.file('pd.csv', 'id,pd,rating\nf1,0.02,A\nf2,0.05,B\nf3,0.1,C\n');
    const fromFile = await cli('optimize', '--applicants', applicants, '--config', t.file('bank.json', JSON.stringify({ bank, churn: 'churn.csv' })), '--out', t.file('a.csv'), '--json');
    expect(fromFile.code).toBe(0);
    // The test runs in the repository's root folder: data/ holds the same churn table.
    const fromStdin = await runBin(['optimize', '--applicants', applicants, '--config', '-', '--out', t.file('b.csv'), '--json'], JSON.stringify({ bank, churn: 'data/cumcm-rate-churn.csv' }));
    expect(fromStdin.err).toBe('');
    expect(fromStdin.code).toBe(0);
    expect(JSON.parse(fromStdin.out).objective).toBe(JSON.parse(fromFile.out).objective);
    expect(readFileSync(t.file('b.csv'), 'utf8')).toBe(readFileSync(t.file('a.csv'), 'utf8'));
    const outside = await runBin(['optimize', '--applicants', applicants, '--config', '-', '--out', t.file('c.csv')], JSON.stringify({ bank, churn: '../churn.csv' }));
    expect(outside.code).toBe(2);
    expect(outside.err).toMatch(/\[E_PROBLEM\]: standard input.*the churn path "\.\.\/churn\.csv" is outside the working folder/);
  }, 60_000);

  it('refuses two outputs on standard output, and --json with one', async () => {
    const two = await cli('select', '--data', GERMAN, '--target', 'is_bad', '--tables', '-', '--out', '-');
    expect(two.code).toBe(2);
    expect(two.err).toMatch(/\[E_USAGE\]: --out and --tables both write standard output \("-"\); only one can|--tables and --out both write/);
    const json = await cli('points', '--model', model, '--data', GERMAN, '--out', '-', '--json');
    expect(json.code).toBe(2);
    expect(json.err).toMatch(/\[E_USAGE\]: --json and --out - both print to standard output/);
  });
});

describe('backpressure on standard output', () => {
  it('openOutput("-") resolves a write only when standard output has taken it (a slow reader no longer makes the output pile up)', async () => {
    const released: (() => void)[] = [];
    const written: string[] = [];
    const io = { out: () => undefined, err: () => undefined, isTTY: false, write: (s: string) => {
      written.push(s);
      return new Promise<void>((resolve) => released.push(resolve));
    } };
    const writer = await openOutput('-', io);
    let settled = false;
    const pending = writer.write('a,b\n').then(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(written).toEqual(['a,b\n']);
    expect(settled).toBe(false);
    released[0]();
    await pending;
    expect(settled).toBe(true);
  });
});
