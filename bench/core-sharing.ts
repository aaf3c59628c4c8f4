/**
 * Do this machine's logical CPUs share a physical core (or its memory
 * bandwidth)? Runs the same single-threaded work in one process alone, then
 * in two processes at once pinned to two different logical CPUs, and
 * compares the CPU time each unit of work costs. CPU time, unlike wall time,
 * does not grow when other processes take turns on the same CPU, so a shared
 * machine does not hide the answer: a unit costs more CPU time only when what
 * runs beside it on the other logical CPU slows it down (SMT siblings share
 * execution units; every core shares the memory bus).
 *
 *   npx tsx bench/core-sharing.ts [--seconds 20] [--rows 200000] [--cpus 0,1]
 *
 * Two kinds of unit, each timed alone and in pairs:
 *   alu  an integer loop that stays in registers (shared execution units only)
 *   fit  a one-thread GBDT fit of --rows × 30 (makeCreditLike, 10 trees,
 *        depth 6): histograms and row partitions, memory-bound like training
 * For each, the median CPU ms per unit alone (one process; the phases before
 * and after the pair phase) and with a partner (two processes), the ratio,
 * and how busy the machine was (share of CPU time not idle in /proc/stat:
 * other jobs count too). A ratio near 1 means separate cores; ~1.6–2 on the
 * alu unit means the two logical CPUs are SMT siblings of one core.
 * Linux only (taskset, /proc/stat); without taskset the processes are not pinned.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machine, median } from './util.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    rows: { type: 'string', default: '200000' },
    cpus: { type: 'string', default: '0,1' },
    child: { type: 'string' },
  },
});

type Kind = 'alu' | 'fit';
interface ChildResult { kind: Kind; cpuMs: number[]; wallMs: number[] }

/**
 * An integer loop of ~30 ms that touches no memory: four independent
 * xorshift chains, enough to keep a core's integer units busy (one chain
 * waits on its own results and would leave room for an SMT sibling).
 */
function aluUnit(): number {
  let a = 0x9e3779b9 | 0;
  let b = 0x7f4a7c15 | 0;
  let c = 0x6a09e667 | 0;
  let d = 0x3c6ef372 | 0;
  for (let i = 0; i < 10_000_000; i++) {
    a ^= a << 13; b ^= b << 13; c ^= c << 13; d ^= d << 13;
    a ^= a >>> 17; b ^= b >>> 17; c ^= c >>> 17; d ^= d >>> 17;
    a ^= a << 5; b ^= b << 5; c ^= c << 5; d ^= d << 5;
  }
  return (a + b + c + d) | 0;
}

async function runChild(kind: Kind, seconds: number): Promise<void> {
  let unit: () => unknown = aluUnit;
  if (kind === 'fit') {
    const [{ init }, { GradientBoostingClassifier }, { makeCreditLike }] = await Promise.all([
      import('../src/wasm/load.js'), import('../src/models/gbdt/gbdt.js'), import('./synthetic.js'),
    ]);
    await init();
    const { X, y } = makeCreditLike(Number(flags.rows), 30, 0);
    unit = () => new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 6, seed: 0 }).fit(X, y);
  }
  unit(); // warm-up (JIT, wasm tiers)
  const out: ChildResult = { kind, cpuMs: [], wallMs: [] };
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    unit();
    const c = process.cpuUsage(c0);
    out.wallMs.push(performance.now() - t0);
    out.cpuMs.push((c.user + c.system) / 1000);
  }
  process.stdout.write(JSON.stringify(out));
}

/** Busy share of all CPUs between two /proc/stat readings (user+nice+system+irq+softirq+steal over the total). */
function cpuTimes(): number[] {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  return line.trim().split(/\s+/).slice(1, 9).map(Number);
}
function busyShare(a: number[], b: number[]): number {
  const d = b.map((v, i) => v - a[i]);
  const total = d.reduce((s, v) => s + v, 0);
  return total > 0 ? 1 - (d[3] + d[4]) / total : NaN;
}

const hasTaskset = spawnSync('taskset', ['--version']).status === 0;

function startChild(kind: Kind, cpu: string, seconds: number): Promise<ChildResult> {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--child', kind, '--seconds', String(seconds), '--rows', String(flags.rows)];
  const cmd = hasTaskset ? 'taskset' : process.execPath;
  const full = hasTaskset ? ['-c', cpu, process.execPath, ...args] : args;
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, full, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    p.stdout.on('data', (d: Buffer) => (text += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(text) as ChildResult) : reject(new Error(`${kind} child exited with ${code}`))));
  });
}

async function phase(kind: Kind, cpus: string[], seconds: number): Promise<{ results: ChildResult[]; busy: number; load: string }> {
  const s0 = cpuTimes();
  const results = await Promise.all(cpus.map((c) => startChild(kind, c, seconds)));
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return { results, busy: busyShare(s0, cpuTimes()), load };
}

if (flags.child) {
  await runChild(flags.child as Kind, Number(flags.seconds));
} else {
  const seconds = Number(flags.seconds);
  const [c0, c1] = flags.cpus.split(',');
  console.log(`# core-sharing, ${new Date().toISOString()}, ${machine()}; pinned with taskset: ${hasTaskset ? `yes (CPUs ${c0} and ${c1})` : 'no'}`);
  console.log('| unit | phase | processes | units | median CPU ms / unit | median wall ms / unit | machine busy | load average (1, 5, 15 min) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const kind of ['alu', 'fit'] as const) {
    const alone: number[] = [];
    const paired: number[] = [];
    for (const [name, cpus] of [['alone', [c0]], ['pair', [c0, c1]], ['alone again', [c0]]] as const) {
      const { results, busy, load } = await phase(kind, [...cpus], seconds);
      const cpu = results.flatMap((r) => r.cpuMs);
      const wall = results.flatMap((r) => r.wallMs);
      (name === 'pair' ? paired : alone).push(...cpu);
      console.log(`| ${kind} | ${name} | ${cpus.length} | ${cpu.length} | ${median(cpu).toFixed(1)} | ${median(wall).toFixed(1)} | ${(100 * busy).toFixed(0)}% | ${load} |`);
    }
    console.log(`| ${kind} | **pair ÷ alone** | | | **${(median(paired) / median(alone)).toFixed(2)}×** | | | |`);
  }
}
