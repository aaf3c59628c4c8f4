import type { CliIO } from './args.js';

/**
 * A one-line progress bar redrawn on stderr, only when stderr is a terminal
 * (so logs and pipes stay clean).
 */
export class ProgressBar {
  private readonly io: CliIO;
  private readonly label: string;
  private readonly started = performance.now();
  private lastDraw = 0;

  constructor(io: CliIO, label: string) {
    this.io = io;
    this.label = label;
  }

  update(done: number, total: number, extra = ''): void {
    if (!this.io.isTTY) return;
    const now = performance.now();
    if (done < total && now - this.lastDraw < 50) return;
    this.lastDraw = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const secs = ((now - this.started) / 1000).toFixed(1);
    this.io.err(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${extra} ${secs}s\x1b[K`);
  }

  done(): void {
    if (this.io.isTTY) this.io.err('\r\x1b[K');
  }
}
