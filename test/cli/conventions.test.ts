// The command-line conventions users expect from any tool (issue 19, item 5):
// --version, did-you-mean, negative numbers as values, --delimiter, `-` for
// standard input and output, 1-based rows and shortest decimals in messages.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Runs the executable as a process (from its sources), feeding `stdin`. */
function runBin(args: string[], stdin = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}

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
