/**
 * A clock, in milliseconds, of the calling thread's time not spent waiting
 * for a CPU: wall time minus the thread's run-queue delay (the second field
 * of Linux's /proc/thread-self/schedstat, the time it was runnable but not
 * running). Over an interval in which the thread never blocks, its reading
 * advances by the thread's CPU time, however busy the machine is: time other
 * processes hold the CPU is not counted. (Linux's own CPU time of a thread
 * is brought up to date only at scheduler ticks, too coarse for intervals
 * of a millisecond; Node 20 has no per-thread CPU clock.) Each call costs a
 * system call (a few microseconds): for profiling only. `cpuSoFar` is the
 * thread's CPU time since it started (as of the last scheduler tick: fine
 * for long spans). Null where there is no such file (other systems,
 * browsers, Deno).
 */
export function threadRunClock(): { now: () => number; cpuSoFar: () => number } | null {
  const proc = (globalThis as { process?: { platform?: string; getBuiltinModule?: (id: string) => unknown } }).process;
  if (proc?.platform !== 'linux' || 'Deno' in globalThis) return null;
  const fs = proc.getBuiltinModule?.('node:fs') as typeof import('node:fs') | undefined;
  if (fs === undefined) return null;
  let fd: number;
  try {
    fd = fs.openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    return null;
  }
  const buf = new Uint8Array(96);
  const text = new TextDecoder();
  // Run time and run-queue delay, in nanoseconds.
  const fields = (): number[] => {
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return text.decode(buf.subarray(0, n)).split(' ').slice(0, 2).map(Number);
  };
  const now = (): number => {
    // A read the thread was preempted in (likely on a busy machine: a system
    // call's end is where the scheduler switches) pairs a run-queue delay
    // and a wall time from either side of the preemption: read again.
    for (let attempt = 0; ; attempt++) {
      const before = performance.now();
      const [, queued] = fields();
      const after = performance.now();
      if (after - before < 0.05 || attempt === 8) return after - queued / 1e6;
    }
  };
  const cpuSoFar = (): number => fields()[0] / 1e6;
  try {
    if (!Number.isFinite(now()) || !Number.isFinite(cpuSoFar())) throw new Error('unreadable');
  } catch {
    fs.closeSync(fd);
    return null;
  }
  return { now, cpuSoFar };
}
