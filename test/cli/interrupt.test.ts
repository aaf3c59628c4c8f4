// The creditkit executable as a process, interrupted: a signal in the middle of
// `score` removes the temporary output and ends the process by that signal; a
// reader that closes the pipe early stops the printing, not the work.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, createWriteStream, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, GERMAN, tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

function start(args: string[], stdout: 'pipe' | number = 'pipe'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', BIN, ...args], { stdio: ['ignore', stdout, 'pipe'] });
}

function ended(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> {
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, err }));
  });
}

/** Waits (polling, up to a minute) until `ready()` holds. */
async function until(ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const tempFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('creditkit interrupted', () => {
  const tmp = tempDir();
  const model = tmp.file('model.json');
  const csv = gunzipSync(readFileSync(GERMAN)).toString('utf8');

  beforeAll(async () => {
    const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', model, '--n-estimators', '3', '--max-depth', '2');
    expect(r.code).toBe(0);
  });
  afterAll(() => tmp.cleanup());

  for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it(`${signal} in the middle of score: no temporary file, the old output intact, ended by ${signal} (status ${status})`, async () => {
      // The rows come through a named pipe that stays open: the run is surely mid-score when the signal comes.
      const fifo = join(tmp.dir, `rows-${signal}.csv`);
      execFileSync('mkfifo', [fifo]);
      const out = tmp.file(`scores-${signal}.csv`, 'old\n');
      chmodSync(out, 0o600);
      const child = start(['score', '--model', model, '--data', fifo, '--out', out]);
      const result = ended(child);
      const rows = createWriteStream(fifo);
      rows.on('error', () => undefined); // the reader goes away
      rows.write(csv);
      await until(() => tempFiles(tmp.dir).length > 0);
      child.kill(signal);
      const r = await result;
      rows.destroy();
      expect(r.signal).toBe(signal);
      expect(tempFiles(tmp.dir)).toEqual([]);
      expect(readFileSync(out, 'utf8')).toBe('old\n');
      expect(statSync(out).mode & 0o777).toBe(0o600);
    });
  }

  it('train | head -1: the model is still written, exit 0, no temporary file', async () => {
    const out = join(tmp.dir, 'head-model.json');
    const child = start(['train', '--data', GERMAN, '--target', 'is_bad', '--out', out, '--n-estimators', '3', '--max-depth', '2']);
    const result = ended(child);
    let first = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (d: Buffer) => {
        first += d.toString();
        if (first.includes('\n')) {
          child.stdout!.destroy(); // head -1 has its line and exits
          resolve();
        }
      });
    });
    const r = await result;
    expect(r.err).not.toMatch(/EPIPE|Error/);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).trees).toHaveLength(3);
    expect(tempFiles(tmp.dir)).toEqual([]);
  });

  it.runIf(existsSync('/dev/full'))('standard output on a full disk: E_FILE_WRITE and exit 2, not an internal error', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await ended(start(['evaluate', '--model', model, '--data', GERMAN, '--target', 'is_bad'], full));
      expect(r.err).toContain('[E_FILE_WRITE]');
      expect(r.err).toMatch(/standard output.*ENOSPC/);
      expect(r.err).not.toMatch(/internal error/);
      expect(r.code).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});
