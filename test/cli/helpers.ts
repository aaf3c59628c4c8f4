import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runCli } from '../../src/cli/main.js';

export const GERMAN = fileURLToPath(new URL('../../data/german-credit.csv.gz', import.meta.url));

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process and captures what it prints. */
export async function cli(...argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => { out += s + '\n'; }, err: (s) => { err += s; }, write: (s) => { out += s; }, isTTY: false });
  return { code, out, err };
}

/** A run that failed with a coded error (exit 2, `[code]` and `message` on stderr) and left no file at `out`. */
export function expectCodedFailure(r: CliResult, code: string, message: RegExp, out: string): void {
  expect(r.code).toBe(2);
  expect(r.err).toContain(`[${code}]`);
  expect(r.err).toMatch(message);
  expect(existsSync(out)).toBe(false);
}

/** A temporary folder removed by the returned cleanup function. */
export function tempDir(): { dir: string; file(name: string, text?: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'creditkit-cli-'));
  return {
    dir,
    file(name, text) {
      const p = join(dir, name);
      if (text !== undefined) writeFileSync(p, text);
      return p;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

/** Runs the executable as a process (from its sources), feeding `stdin`. */
export function runBin(args: string[], stdin = ''): Promise<{ code: number | null; out: string; err: string }> {
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
