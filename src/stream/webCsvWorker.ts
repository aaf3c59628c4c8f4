/**
 * A CSV block Web Worker (a module worker started by WebCsvPool in browsers
 * and Deno): it answers the pool's messages as webCsvBlocks.ts describes.
 * Nothing here reaches a Node built-in, so bundlers build it as a worker chunk.
 */
import { webCsvBlockReader, type WebCsvMessage } from './webCsvBlocks.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WebCsvMessage>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const answer = webCsvBlockReader();
scope.onmessage = (event) => {
  const { reply, transfer } = answer(event.data);
  scope.postMessage(reply, transfer);
};
