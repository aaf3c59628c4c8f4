import { HIST_FEATURE_VALUES } from '../../wasm/layout.js';
import type { ThreadTimes } from './threadTimes.js';

/** f64 values of one published split candidate (see the layout below). */
const SLOT_VALUES = 8;
/** Bytes of the failure message at the end of the shared buffer. */
const TEXT_BYTES = 1024;
/** f64 values of one thread's timing record (see ThreadTimes). */
export const THREAD_TIME_VALUES = 10;

/**
 * The lock-step protocol of multi-threaded training: the worker threads
 * (trainingWorker.ts) and the calling thread (trainingThreads.ts) each make
 * one exchange over the same shared buffer, so both sides run one
 * implementation.
 *
 * Shared state (one SharedArrayBuffer, EXCHANGE_BYTES(nThreads) bytes):
 *   Int32 [0] barrier arrivals   [1] barrier generation
 *         [2] command: the round to grow, or -1 = stop
 *         [3] failed: 1 when a thread failed (its message is in the text area)
 *   Float64 from byte 64: two sets (used alternately) of 2 × nThreads slots
 *         (two nodes per exchange) of SLOT_VALUES values: gain (-Infinity = no split), feature, bin,
 *         defaultLeft, leftG, leftH, leftW, rightW;
 *         then two sets (used alternately) of nThreads (sumG, sumH) pairs;
 *         then nThreads histograms of histValues values (each thread's rows);
 *         then nThreads timing records of THREAD_TIME_VALUES values (ThreadTimes order);
 *         then two sets (used alternately) of nThreads CPU times, one per thread, of the
 *         interval before a meeting (with a CPU clock, see CpuAccount)
 *   the last TEXT_BYTES bytes: the failure message, UTF-8, zero-padded.
 *
 * `reduceSums(node)` and `reduceHistogram(hist)` publish this thread's sums
 * or histogram, wait for every thread, and add them up (in thread order;
 * the sums are exact anyway, see assembly/loss.ts). A thread adds up only its
 * own features' entries [featureStart, featureEnd): they are all its split
 * search reads. The shared histograms are not overwritten too early: every
 * reduceHistogram is followed by an exchange, which no thread leaves before
 * all have finished adding up.
 *
 * `exchange(a, b)` publishes the splits this thread found for one or two
 * nodes (b = 0: one; its own features only), waits for every thread, and
 * writes the best candidate for each back into its node record: the largest
 * gain, ties to the lowest thread (= the lowest feature), which is the split
 * one thread scanning every feature picks. The two slot sets alternate so a
 * thread that is one exchange ahead never overwrites slots another thread is
 * still reading: it cannot get two exchanges ahead without that thread
 * arriving at the barrier in between. (Every thread summing and searching
 * every feature instead, which needs no exchange, halves the meetings but
 * was measured slower: bench/RESULTS.md §24.)
 */
export function makeTrainingExchange(
  sab: SharedArrayBuffer, thread: number, nThreads: number, getMemory: () => WebAssembly.Memory, off: NodeOffsets,
  featureStart: number, featureEnd: number, histValues: number, cpuAccount: CpuAccount | null = null,
): TrainingExchange {
  const ctrl = new Int32Array(sab, 0, 16);
  const slots = new Float64Array(sab, 64, 2 * 2 * nThreads * SLOT_VALUES);
  const sums = new Float64Array(sab, 64 + slots.byteLength, 2 * 2 * nThreads);
  const hists = new Float64Array(sab, 64 + slots.byteLength + sums.byteLength, nThreads * histValues);
  const times = new Float64Array(sab, hists.byteOffset + hists.byteLength, nThreads * THREAD_TIME_VALUES);
  const cpuSlots = new Float64Array(sab, times.byteOffset + times.byteLength, 2 * nThreads);
  const text = new Uint8Array(sab, sab.byteLength - TEXT_BYTES, TEXT_BYTES);
  // A partner silent this long has died without saying so (a thread waits
  // for the others only between two split searches, never for a whole fit).
  const STALL_MS = 120000;
  let parity = 0;
  // Time this thread spent waiting for its partners, and how often they met.
  let waited = 0;
  let meetings = 0;
  // With a CPU clock: this thread's CPU time between meetings (its waits
  // apart) and, kept by thread 0, the critical path (see ThreadTimes).
  const clock = cpuAccount?.clock ?? null;
  let lastCpu = cpuAccount?.start ?? 0;
  let cpu = 0;
  let critical = 0;
  let cpuSet = 0;
  // reduceSums may be called several times in a row (quantized training
  // refits every leaf): its two sets alternate, so a thread that is one call
  // ahead never overwrites sums another thread is still adding up.
  let sumsParity = 0;

  function failedMessage(): string {
    let end = text.indexOf(0);
    if (end < 0) end = text.length;
    return new TextDecoder().decode(text.slice(0, end)) || 'a training thread failed';
  }

  function checkFailed(): void {
    if (Atomics.load(ctrl, 3) !== 0) throw new Error(failedMessage());
  }

  function fail(message: string): void {
    if (Atomics.compareExchange(ctrl, 3, 0, 1) === 0) {
      const bytes = new TextEncoder().encode(String(message)).subarray(0, TEXT_BYTES - 1);
      text.fill(0);
      text.set(bytes);
    }
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }

  function barrier(): void {
    checkFailed();
    meetings++;
    if (clock) {
      const now = clock();
      cpuSlots[cpuSet * nThreads + thread] = now - lastCpu;
      cpu += now - lastCpu;
    }
    const gen = Atomics.load(ctrl, 1);
    if (Atomics.add(ctrl, 0, 1) === nThreads - 1) {
      Atomics.store(ctrl, 0, 0);
      Atomics.add(ctrl, 1, 1);
      Atomics.notify(ctrl, 1);
    } else {
      const t0 = performance.now();
      awaitGeneration(gen);
      waited += performance.now() - t0;
    }
    if (clock) {
      // Every thread wrote its interval before arriving. A thread one meeting
      // ahead writes the other set; two ahead, it would have to pass a meeting
      // this thread has not reached.
      if (thread === 0) {
        let longest = 0;
        for (let t = 0; t < nThreads; t++) longest = Math.max(longest, cpuSlots[cpuSet * nThreads + t]);
        critical += longest;
      }
      cpuSet ^= 1;
      lastCpu = clock();
    }
  }

  function awaitGeneration(gen: number): void {
    // Partners are usually microseconds behind: spin briefly before sleeping.
    for (let i = 0; i < 2000; i++) if (Atomics.load(ctrl, 1) !== gen) return checkFailed();
    const since = Date.now();
    while (Atomics.load(ctrl, 1) === gen) {
      Atomics.wait(ctrl, 1, gen, 1000);
      checkFailed();
      if (Date.now() - since > STALL_MS) {
        fail('a training thread stopped responding');
        checkFailed();
      }
    }
    checkFailed();
  }

  function reduceSums(node: number): void {
    const dv = new DataView(getMemory().buffer);
    const set = sumsParity * 2 * nThreads;
    sumsParity ^= 1;
    sums[set + 2 * thread] = dv.getFloat64(node + off.sumG, true);
    sums[set + 2 * thread + 1] = dv.getFloat64(node + off.sumH, true);
    barrier();
    let g = 0;
    let h = 0;
    for (let t = 0; t < nThreads; t++) {
      g += sums[set + 2 * t];
      h += sums[set + 2 * t + 1];
    }
    dv.setFloat64(node + off.sumG, g, true);
    dv.setFloat64(node + off.sumH, h, true);
  }

  function reduceHistogram(hist: number): void {
    const mine = new Float64Array(getMemory().buffer, hist, histValues);
    hists.set(mine, thread * histValues);
    barrier();
    const from = featureStart * HIST_FEATURE_VALUES;
    const to = featureEnd * HIST_FEATURE_VALUES;
    for (let i = from; i < to; i++) {
      let acc = hists[i];
      for (let t = 1; t < nThreads; t++) acc += hists[t * histValues + i];
      mine[i] = acc;
    }
  }

  function publish(dv: DataView, node: number, k: number): void {
    if (node === 0) return;
    const s = ((parity * nThreads + thread) * 2 + k) * SLOT_VALUES;
    slots[s] = dv.getInt32(node + off.splittable, true) !== 0 ? dv.getFloat64(node + off.gain, true) : -Infinity;
    slots[s + 1] = dv.getInt32(node + off.feature, true);
    slots[s + 2] = dv.getInt32(node + off.bin, true);
    slots[s + 3] = dv.getInt32(node + off.defaultLeft, true);
    slots[s + 4] = dv.getFloat64(node + off.leftG, true);
    slots[s + 5] = dv.getFloat64(node + off.leftH, true);
    slots[s + 6] = dv.getFloat64(node + off.leftW, true);
    slots[s + 7] = dv.getFloat64(node + off.rightW, true);
  }

  function adopt(dv: DataView, node: number, k: number): void {
    if (node === 0) return;
    let best = -1;
    let bestGain = -Infinity;
    for (let t = 0; t < nThreads; t++) {
      const g = slots[((parity * nThreads + t) * 2 + k) * SLOT_VALUES];
      if (g > bestGain) { bestGain = g; best = t; }
    }
    if (best < 0) {
      dv.setInt32(node + off.splittable, 0, true);
    } else {
      const s = ((parity * nThreads + best) * 2 + k) * SLOT_VALUES;
      dv.setInt32(node + off.splittable, 1, true);
      dv.setFloat64(node + off.gain, slots[s], true);
      dv.setInt32(node + off.feature, slots[s + 1], true);
      dv.setInt32(node + off.bin, slots[s + 2], true);
      dv.setInt32(node + off.defaultLeft, slots[s + 3], true);
      dv.setFloat64(node + off.leftG, slots[s + 4], true);
      dv.setFloat64(node + off.leftH, slots[s + 5], true);
      dv.setFloat64(node + off.leftW, slots[s + 6], true);
      dv.setFloat64(node + off.rightW, slots[s + 7], true);
    }
  }

  function exchange(a: number, b: number): void {
    let dv = new DataView(getMemory().buffer);
    publish(dv, a, 0);
    publish(dv, b, 1);
    barrier();
    dv = new DataView(getMemory().buffer);
    adopt(dv, a, 0);
    adopt(dv, b, 1);
    parity ^= 1;
  }

  function writeTimes(t: Omit<ThreadTimes, MeasuredByExchange>): void {
    const v = [waited, meetings, t.gradients, t.grow, t.histogram, t.split, t.partition, t.leaves, clock ? cpu : NaN, clock && thread === 0 ? critical : NaN];
    times.set(v, thread * THREAD_TIME_VALUES);
  }

  function readTimes(): ThreadTimes[] {
    return Array.from({ length: nThreads }, (_, t) => {
      const v = times.subarray(t * THREAD_TIME_VALUES, (t + 1) * THREAD_TIME_VALUES);
      return {
        wait: v[0], meetings: v[1], gradients: v[2], grow: v[3], histogram: v[4], split: v[5], partition: v[6], leaves: v[7],
        cpu: Number.isNaN(v[8]) ? null : v[8], criticalPath: Number.isNaN(v[9]) ? null : v[9],
      };
    });
  }

  return { ctrl, barrier, reduceSums, reduceHistogram, exchange, fail, checkFailed, writeTimes, readTimes };
}

/** The ThreadTimes fields the exchange itself keeps. */
export type MeasuredByExchange = 'wait' | 'meetings' | 'cpu' | 'criticalPath';

/**
 * A thread's CPU clock (milliseconds, threadRunClock's `now`) and its reading
 * from which the first interval counts: the fit's start on the calling
 * thread, the thread's start on a worker.
 */
export interface CpuAccount {
  clock: () => number;
  start: number;
}

/** Bytes of the shared exchange buffer for `nThreads` threads and histograms of `histValues` f64 (see the layout above). */
export function exchangeBytes(nThreads: number, histValues: number): number {
  return 64 + 2 * 2 * nThreads * SLOT_VALUES * 8 + 2 * 2 * nThreads * 8 + nThreads * histValues * 8 + nThreads * THREAD_TIME_VALUES * 8 +
    2 * nThreads * 8 + TEXT_BYTES;
}

/** Node record offsets the exchange reads and writes, from the module's exported globals. */
export interface NodeOffsets {
  sumG: number;
  sumH: number;
  splittable: number;
  feature: number;
  bin: number;
  defaultLeft: number;
  gain: number;
  leftG: number;
  leftH: number;
  leftW: number;
  rightW: number;
}

export interface TrainingExchange {
  ctrl: Int32Array;
  barrier(): void;
  reduceSums(node: number): void;
  reduceHistogram(hist: number): void;
  exchange(a: number, b: number): void;
  fail(message: string): void;
  checkFailed(): void;
  /** Publishes this thread's times so far (with its waits and meetings). */
  writeTimes(times: Omit<ThreadTimes, MeasuredByExchange>): void;
  /** Every thread's last published times, in thread order. */
  readTimes(): ThreadTimes[];
}

/** Reads the NODE_* globals creditkit.wasm exports. */
export function nodeOffsets(exports: Record<string, unknown>): NodeOffsets {
  const g = (name: string): number => Number((exports[name] as WebAssembly.Global).value);
  return {
    sumG: g('NODE_SUM_G'),
    sumH: g('NODE_SUM_H'),
    splittable: g('NODE_SPLITTABLE'),
    feature: g('NODE_FEATURE'),
    bin: g('NODE_BIN'),
    defaultLeft: g('NODE_DEFAULT_LEFT'),
    gain: g('NODE_GAIN'),
    leftG: g('NODE_LEFT_G'),
    leftH: g('NODE_LEFT_H'),
    leftW: g('NODE_LEFT_W'),
    rightW: g('NODE_RIGHT_W'),
  };
}
