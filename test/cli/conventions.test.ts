// The command-line conventions users expect from any tool (issue 19, item 5):
// --version, did-you-mean, negative numbers as values, --delimiter, `-` for
// standard input and output, 1-based rows and shortest decimals in messages.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { numbersAsFlagValues } from '../../src/cli/args.js';
import { cli, GERMAN, runBin, tempDir } from './helpers.js';

const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('--version', () => {
  it('prints the version of package.json, with -V too', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await cli(flag);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`${PACKAGE_VERSION}\n`);
    }
    expect((await cli('--help')).out).toMatch(/--version/);
  });

  it('works from the executable', async () => {
    const r = await runBin(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${PACKAGE_VERSION}\n`);
  }, 60_000);
});

describe('did you mean', () => {
  it('names the closest commands for an unknown one', async () => {
    const r = await cli('trian', '--data', 'x.csv');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[E_USAGE\]: unknown command "trian"; did you mean train\? \(commands: train, score/);
    expect((await cli('valdate')).err).toMatch(/did you mean validate or evaluate\?/);
    expect((await cli('zzzzzzzz')).err).not.toMatch(/did you mean/);
  });

  it('names the closest flags of the command for an unknown flag, not Node\'s parse message', async () => {
    const r = await cli('train', '--data', 'x.csv', '--lerning-rate', '0.1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[E_USAGE\]: unknown flag --lerning-rate for creditkit train; did you mean --learning-rate\? \(see: creditkit train --help\)/);
    expect(r.err).not.toMatch(/positional/);
    expect((await cli('train', '--tagret', 'is_bad')).err).toMatch(/unknown flag --tagret .*did you mean --target\?/);
    expect((await cli('score', '--outt', 'x.csv')).err).toMatch(/unknown flag --outt for creditkit score; did you mean --out\?/);
    // An abbreviation lists the flags it starts (at most three).
    const abbreviated = await cli('train', '--early', '5');
    expect(abbreviated.err).toMatch(/did you mean --early-stopping or --early-stopping-rounds\?/);
    // A single-dash flag the command does not have is unknown too.
    expect((await cli('evaluate', '-x')).err).toMatch(/unknown flag -x for creditkit evaluate/);
    expect((await cli('evaluate', '--qqqqqqqqqq')).err).toMatch(/unknown flag --qqqqqqqqqq for creditkit evaluate \(see/);
  });

  it('lists up to three close flags', async () => {
    const r = await cli('train', '--max-dept', '3');
    const listed = /did you mean (.*)\?/.exec(r.err)![1].split(/, | or /);
    expect(listed[0]).toBe('--max-depth');
    expect(listed.length).toBeGreaterThanOrEqual(1);
    expect(listed.length).toBeLessThanOrEqual(3);
  });
});

describe('negative numbers as flag values', () => {
  it('reach the option\'s range check instead of "argument is ambiguous"', async () => {
    const train = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--learning-rate', '-1');
    expect(train.code).toBe(2);
    expect(train.err).toMatch(/\[E_OPTION\]: learningRate must be in \(0, 1\], got -1/);
    expect(train.err).not.toMatch(/ambiguous/);
    const points = await cli('points', '--model', 'model.json', '--data', GERMAN, '--pdo', '-20');
    expect(points.err).toMatch(/\[E_USAGE\]: pdo must be > 0, got -20/);
    const compare = await cli('compare', '--data', GERMAN, '--target', 'is_bad', '--repeats', '-2.5e0');
    expect(compare.err).toMatch(/\[E_USAGE\]: --repeats must be an integer in 1\.\.1000, got -2\.5/);
  });

  it('are joined only to flags that take a value, and never after --', () => {
    const options = { rate: { type: 'string' as const }, json: { type: 'boolean' as const } };
    expect(numbersAsFlagValues(['--rate', '-1e-3', '--json', '-2'], options)).toEqual(['--rate=-1e-3', '--json', '-2']);
    expect(numbersAsFlagValues(['--rate', '-abc'], options)).toEqual(['--rate', '-abc']);
    expect(numbersAsFlagValues(['--', '--rate', '-1'], options)).toEqual(['--', '--rate', '-1']);
  });

  it('a value starting with "-" that is not a number says how to pass it', async () => {
    const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--learning-rate', '-abc');
    expect(r.err).toMatch(/\[E_USAGE\]: --learning-rate needs a value \(one starting with "-" is written --learning-rate=-value\)/);
  });
});

/** A small labelled table (deterministic), its fields joined by `sep`. */
function loansCsv(sep: string, rows = 120): string {
  const lines = [['id', 'income', 'debt_ratio', 'region', 'defaulted'].join(sep)];
  for (let i = 0; i < rows; i++) {
    const income = 20 + ((i * 37) % 80);
    const debt = ((i * 53) % 100) / 100;
    lines.push([`A${i}`, income, debt, ['north', 'south', 'east'][i % 3], debt > 0.6 && income < 60 ? 1 : i % 11 === 0 ? 1 : 0].join(sep));
  }
  return lines.join('\n') + '\n';
}

describe('--delimiter', () => {
  it('train and score read semicolon- and tab-separated files like comma-separated ones', async () => {
    const t = tempDir();
    try {
      const comma = t.file('loans.csv', loansCsv(','));
      const semi = t.file('loans-semicolon.csv', loansCsv(';'));
      const tabbed = t.file('loans.tsv', loansCsv('\t'));
      const commaModel = t.file('comma.json');
      const semiModel = t.file('semi.json');
      expect((await cli('train', '--data', comma, '--target', 'defaulted', '--drop', 'id', '--kind', 'logistic', '--out', commaModel)).code).toBe(0);
      const trained = await cli('train', '--data', semi, '--delimiter', ';', '--target', 'defaulted', '--drop', 'id', '--kind', 'logistic', '--out', semiModel);
      expect(trained.err).toBe('');
      expect(trained.code).toBe(0);
      expect(readFileSync(semiModel, 'utf8')).toBe(readFileSync(commaModel, 'utf8'));

      const fromComma = t.file('comma-scores.csv');
      const fromSemi = t.file('semi-scores.csv');
      const fromTab = t.file('tab-scores.csv');
      expect((await cli('score', '--model', semiModel, '--data', comma, '--id', 'id', '--out', fromComma)).code).toBe(0);
      expect((await cli('score', '--model', semiModel, '--data', semi, '--delimiter', ';', '--id', 'id', '--out', fromSemi)).code).toBe(0);
      expect((await cli('score', '--model', semiModel, '--data', tabbed, '--delimiter', 'tab', '--id', 'id', '--out', fromTab)).code).toBe(0);
      const scores = readFileSync(fromComma, 'utf8');
      expect(scores.split('\n')[1]).toMatch(/^A0,0\.\d+/);
      expect(readFileSync(fromSemi, 'utf8')).toBe(scores);
      expect(readFileSync(fromTab, 'utf8')).toBe(scores);
      // Read as commas, the semicolon file is one text column: no target.
      expect((await cli('train', '--data', semi, '--target', 'defaulted')).err).toMatch(/E_TARGET_MISSING|E_COLUMN_UNKNOWN/);
    } finally {
      t.cleanup();
    }
  }, 60_000);

  it('refuses a delimiter that is not one character', async () => {
    const r = await cli('evaluate', '--model', 'm.json', '--data', 'x.csv', '--target', 'y', '--delimiter', ';;');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[E_USAGE\]: --delimiter must be one character other than a quote or a line end, or "tab" \(got ";;"\)/);
    expect((await cli('score', '--model', 'm.json', '--data', 'x.csv', '--out', 'o.csv', '--delimiter', '"')).err).toMatch(/--delimiter must be one character/);
  });
});

describe('- for standard input and output', () => {
  it('score --data - --out - reads CSV from stdin and writes the scores to stdout, the summary to stderr', async () => {
    const t = tempDir();
    try {
      const data = t.file('loans.csv', loansCsv(','));
      const model = t.file('model.json');
      const scores = t.file('scores.csv');
      expect((await cli('train', '--data', data, '--target', 'defaulted', '--drop', 'id', '--kind', 'logistic', '--out', model)).code).toBe(0);
      expect((await cli('score', '--model', model, '--data', data, '--id', 'id', '--out', scores)).code).toBe(0);
      const piped = await runBin(['score', '--model', model, '--data', '-', '--out', '-', '--id', 'id'], loansCsv(','));
      expect(piped.code).toBe(0);
      expect(piped.out).toBe(readFileSync(scores, 'utf8'));
      expect(piped.err).toMatch(/^scored 120 rows in .*wrote standard output\n$/);
      expect(existsSync(join(t.dir, '-'))).toBe(false);
      // Semicolons on stdin, too; an error names standard input and its 1-based line.
      const semi = await runBin(['score', '--model', model, '--data', '-', '--out', '-', '--delimiter', ';'], loansCsv(';'));
      expect(semi.out.split('\n').length).toBe(122);
      const bad = await runBin(['score', '--model', model, '--data', '-', '--out', '-'], 'income,debt_ratio,region\n30,x,north\n');
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/\[E_CSV_NOT_NUMERIC\]: standard input, line 2, column "debt_ratio"/);
    } finally {
      t.cleanup();
    }
  }, 60_000);

  it('evaluate reads --data - from stdin through the shared reader', async () => {
    const t = tempDir();
    try {
      const data = t.file('loans.csv', loansCsv(','));
      const model = t.file('model.json');
      expect((await cli('train', '--data', data, '--target', 'defaulted', '--drop', 'id', '--kind', 'logistic', '--out', model)).code).toBe(0);
      const fromFile = await cli('evaluate', '--model', model, '--data', data, '--target', 'defaulted', '--json');
      const fromStdin = await runBin(['evaluate', '--model', model, '--data', '-', '--target', 'defaulted', '--json'], loansCsv(','));
      expect(fromStdin.code).toBe(0);
      expect(JSON.parse(fromStdin.out).auc).toBe(JSON.parse(fromFile.out).auc);
      const text = await runBin(['evaluate', '--model', model, '--data', '-', '--target', 'defaulted'], loansCsv(','));
      expect(text.out).toMatch(/^standard input: 120 rows, default rate/);
    } finally {
      t.cleanup();
    }
  }, 60_000);

  it('refuses - for a folder of outputs, and two flags reading stdin', async () => {
    const demo = await cli('demo', '--strategy-dir', '-');
    expect(demo.code).toBe(2);
    expect(demo.err).toMatch(/\[E_USAGE\]: --strategy-dir names a folder for three CSV files; it cannot be "-" \(standard output\)/);
    const twice = await cli('train', '--data', '-', '--valid', '-', '--target', 'is_bad');
    expect(twice.err).toMatch(/\[E_USAGE\]: --data and --valid both read standard input \("-"\); only one can/);
  });
});

describe('numbers and rows shown to a person', () => {
  it('a bad label is shown as written (no float32 noise), with its 1-based line', async () => {
    const t = tempDir();
    try {
      const data = t.file('loans.csv', 'income,defaulted\n30,0\n40,17.27\n50,1\n');
      const r = await cli('train', '--data', data, '--target', 'defaulted');
      expect(r.code).toBe(2);
      expect(r.err).toBe(`creditkit: error [E_TARGET_INVALID]: ${data}, line 3, column "defaulted": the target has label 17.27; labels must be 0 or 1\n`);
    } finally {
      t.cleanup();
    }
  });

  it('an error located by row counts rows from 1', async () => {
    const { validateLabels, CreditkitError } = await import('../../src/core.js');
    let caught: unknown;
    try {
      validateLabels([0, 1, 0.5]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CreditkitError);
    expect((caught as InstanceType<typeof CreditkitError>).where.row).toBe(2);
    expect((caught as Error).message).toBe('row 3: y has label 0.5; labels must be 0 or 1');
  });
});

describe('bin edges in binning tables', () => {
  it('are the shortest decimals of the float32 data values', async () => {
    const t = tempDir();
    try {
      const lines = ['income,defaulted'];
      for (let i = 0; i < 300; i++) {
        const income = (500 + ((i * 7919) % 2500)) / 100; // two decimals, like amounts
        lines.push(`${income},${income < 12 ? (i % 4 === 0 ? 0 : 1) : i % 9 === 0 ? 1 : 0}`);
      }
      const data = t.file('loans.csv', lines.join('\n') + '\n');
      const tables = t.file('tables.csv');
      expect((await cli('select', '--data', data, '--target', 'defaulted', '--tables', tables)).code).toBe(0);
      const edges = readFileSync(tables, 'utf8').split('\n').slice(1)
        .flatMap((l) => /^income,"\[([^,]+), ([^)]+)\)"/.exec(l)?.slice(1) ?? [])
        .filter((e) => e !== '-inf' && e !== 'inf');
      expect(edges.length).toBeGreaterThan(1);
      for (const e of edges) expect(e).toMatch(/^\d+(\.\d{1,2})?$/);
    } finally {
      t.cleanup();
    }
  });
});
