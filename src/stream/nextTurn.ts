/**
 * Lets the event loop run pending I/O callbacks and worker messages (Node, Deno:
 * setImmediate); elsewhere nothing. A loop that scores block after block awaits
 * it between blocks, so a read stream's next read and a worker's answer are seen.
 */
export function nextTurn(): Promise<void> | void {
  if (setImmediateOf !== undefined) return new Promise<void>((resolve) => setImmediateOf!(resolve));
}

const setImmediateOf = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
