/**
 * The temporary files of atomic writes still in progress. A process armed with
 * `removeTempFilesOnSignals` (the CLI is) deletes them when a signal ends it,
 * so an interrupted run leaves every output as it was and no hidden file.
 * Handlers are installed only while a temporary file exists: the rest of the
 * time a signal ends the process at once, even in the middle of a long
 * synchronous computation.
 */

/** The one function of node:fs needed here (passed in: this module imports no Node module). */
interface Remover {
  rmSync(path: string, options: { force: boolean }): void;
}

const live = new Set<string>();
let remover: Remover | undefined;
let armedSignals: readonly NodeJS.Signals[] = [];
let listening = false;

/** Removes the live temporary files on these signals, then ends the process by the same signal. */
export function removeTempFilesOnSignals(signals: readonly NodeJS.Signals[]): void {
  stopListening();
  armedSignals = signals;
  if (live.size > 0) startListening();
}

/** Records a temporary file before it is created. */
export function trackTempFile(path: string, fs: Remover): void {
  remover = fs;
  live.add(path);
  if (live.size === 1) startListening();
}

/** Forgets a temporary file once it is renamed into place or removed. */
export function untrackTempFile(path: string): void {
  live.delete(path);
  if (live.size === 0) stopListening();
}

/** Deletes every live temporary file now (synchronously: it runs from a signal handler). */
export function removeLiveTempFiles(): void {
  for (const path of live) {
    try {
      remover?.rmSync(path, { force: true });
    } catch {
      // Nothing more can be done while the process is ending.
    }
  }
  live.clear();
  stopListening();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLiveTempFiles();
  // With no other listener the default action is back: re-raising ends the
  // process by this signal (a shell then reports 128 + its number).
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function startListening(): void {
  if (listening || armedSignals.length === 0) return;
  listening = true;
  for (const s of armedSignals) process.on(s, onSignal);
}

function stopListening(): void {
  if (!listening) return;
  listening = false;
  for (const s of armedSignals) process.removeListener(s, onSignal);
}
