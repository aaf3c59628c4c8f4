/** Small helpers shared by the benchmark scripts. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './io.js';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Seconds elapsed while running `fn`, and its result. */
export function timed<T>(fn: () => T): { seconds: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}

export function mean(y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i];
  return s / y.length;
}

/** Elements of `a` at `idx`. */
export function gather(a: ArrayLike<number>, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = a[idx[i]];
  return out;
}

/** Peak resident set size of this process in MiB (includes the data held in memory). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Difference between two prediction vectors: max and mean |Δ|, Pearson correlation. */
export function comparePredictions(a: ArrayLike<number>, b: ArrayLike<number>): { maxAbs: number; meanAbs: number; corr: number } {
  if (a.length !== b.length) throw new Error(`prediction lengths differ: ${a.length} vs ${b.length}`);
  const n = a.length;
  let maxAbs = 0;
  let sumAbs = 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > maxAbs) maxAbs = d;
    sumAbs += d;
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return { maxAbs, meanAbs: sumAbs / n, corr: sab / Math.sqrt(saa * sbb) };
}

/** A one-line description of the machine (no paths). */
export function machine(): string {
  const c = cpus();
  const model = c.length > 0 ? c[0].model.trim() : 'unknown CPU';
  return `${model}, ${c.length} logical CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ${process.platform}-${process.arch}`;
}

/** The command line as a user would type it (relative script path, no absolute paths). */
export function commandLine(script: string): string {
  return ['npx tsx', script, ...process.argv.slice(2)].join(' ');
}

export function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  return s < 10 ? s.toFixed(3) : s.toFixed(2);
}

export function fmtRate(r: number): string {
  if (!Number.isFinite(r)) return '—';
  if (r >= 1e6) return `${(r / 1e6).toFixed(2)}M`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(0)}k`;
  return r.toFixed(0);
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '—';
}

/** A markdown table from a header and rows of cells. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Which creditkit was measured: the commit, whether src/ or assembly/ differ
 * from it, and a digest of the wasm binary loaded. Read-only git commands.
 */
export function codeVersion(): string {
  const git = (args: string[]): string | undefined => {
    const r = spawnSync('git', ['--no-optional-locks', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  const head = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--', 'src', 'assembly']);
  const wasm = join(REPO_ROOT, 'build', 'creditkit.wasm');
  const digest = existsSync(wasm) ? createHash('sha256').update(readFileSync(wasm)).digest('hex').slice(0, 12) : 'missing';
  const commit = head === undefined ? 'no commit' : `commit ${head}${dirty ? ' + uncommitted changes in src/ or assembly/' : ''}`;
  return `${commit}; creditkit.wasm sha256 ${digest}`;
}

/** The value after `--name` on this script's command line, or undefined. */
export function flagValue(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** CPU seconds of each thread of this process so far (Linux: /proc/self/task/<tid>/schedstat, run time in ns), by thread id; {} elsewhere. */
export function threadCpuSeconds(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) out[tid] = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e9;
  } catch {
    // not Linux
  }
  return out;
}

/**
 * The main thread's CPU seconds between two readings, then the other threads', largest first.
 * (Both are also pasted by source into the benches' child scripts, which import readdirSync and readFileSync.)
 */
export function threadDelta(a: Record<string, number>, b: Record<string, number>): number[] {
  const main = String(process.pid);
  const others = Object.keys(b).filter((t) => t !== main).map((t) => b[t] - (a[t] ?? 0)).sort((x, y) => y - x);
  return [b[main] - (a[main] ?? 0), ...others];
}
