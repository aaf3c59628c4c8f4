import type { CliIO } from './args.js';
import { seconds } from './format.js';

/**
 * Progress of a command that runs in phases (train: reading, binning, trees),
 * one line redrawn on stderr only when stderr is a terminal: the phase, a bar
 * with its rate and ETA when its size is known. Each phase's wall time is
 * kept, for `--verbose` and `--json`, terminal or not.
 */
export class PhaseProgress {
  private phase = '';
  private started = 0;
  private lastDraw = 0;
  private readonly times: { phase: string; ms: number }[] = [];

  constructor(private readonly io: CliIO) {}

  /** Ends the current phase (its time is kept) and starts `name`. */
  start(name: string): void {
    this.end();
    this.phase = name;
    this.started = performance.now();
    this.lastDraw = 0;
    this.draw(`${name}…`);
  }

  /**
   * `done` of `total` units of the current phase; `bytes` units are shown in
   * MiB with a rate. Redrawn at most every 50 ms, and at the end.
   */
  update(done: number, total: number, options: { bytes?: boolean; extra?: string } = {}): void {
    if (!this.io.isTTY) return;
    const now = performance.now();
    if (done < total && now - this.lastDraw < 50) return;
    this.lastDraw = now;
    const elapsed = (now - this.started) / 1000;
    const width = 30;
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(share * width);
    const mib = (b: number): string => (b / 2 ** 20).toFixed(b < 10 * 2 ** 20 ? 1 : 0);
    const amount = options.bytes ? `${mib(done)}/${mib(total)} MiB, ${elapsed > 0 ? mib(done / elapsed) : '-'} MiB/s` : `${done}/${total}`;
    const eta = done > 0 && done < total ? `, ETA ${((elapsed * (total - done)) / done).toFixed(1)}s` : '';
    const extra = options.extra ? ` ${options.extra}` : '';
    this.draw(`${this.phase} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${amount}${eta}${extra} ${elapsed.toFixed(1)}s`);
  }

  /** Ends the last phase and clears the line. */
  done(): void {
    this.end();
    if (this.io.isTTY) this.io.err('\r\x1b[K');
  }

  /** Each finished phase's wall time in milliseconds, in order. */
  phaseTimes(): readonly { phase: string; ms: number }[] {
    return this.times;
  }

  /** "reading 3.2 s, binning 0.4 s, …" */
  summary(): string {
    return this.times.map((t) => `${t.phase} ${seconds(t.ms)}`).join(', ');
  }

  private end(): void {
    if (this.phase !== '') this.times.push({ phase: this.phase, ms: performance.now() - this.started });
    this.phase = '';
  }

  private draw(line: string): void {
    if (this.io.isTTY) this.io.err(`\r${line}\x1b[K`);
  }
}
