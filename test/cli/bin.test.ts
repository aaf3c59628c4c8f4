// The creditkit executable as a process: a reader that closes the pipe early
// (`creditkit ... | head`) ends it quietly instead of with an EPIPE stack trace.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GERMAN } from './helpers.js';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the first line is written
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, err }));
  });
}

describe('creditkit executable', () => {
  it('exits 0 without a stack trace when its output pipe is closed early', async () => {
    const r = await runWithClosedStdout(['select', '--data', GERMAN, '--target', 'is_bad']);
    expect(r.err).not.toMatch(/EPIPE|Error/);
    expect(r.code).toBe(0);
  }, 60_000);
});
