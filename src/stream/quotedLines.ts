import { getRuntime } from '../wasm/load.js';

/**
 * Whether CSV bytes read from a record's start keep every quoted field on one
 * line: no LF inside quotes, none open at the end (the wasm kernel
 * quotesCloseOnEachLine, assembly/quotedLines.ts, on a copy of the bytes).
 * Input cut at LFs into parts read apart (file ranges, Web Worker blocks) is
 * cut right when every part before one passes: the first starts outside
 * quotes, and so does each part after parts that pass. Records of such parts
 * hold no line end, so their lines count as plain ones do.
 */
export function quotedFieldsOnOneLine(bytes: Uint8Array): boolean {
  const { kernels, heap } = getRuntime();
  return heap.scoped((scope) => kernels.quotesCloseOnEachLine(scope.copyIn(bytes), bytes.length) === 1);
}
