import { LF, CR } from './csvBytes.js';

/** The number of line ends (LF, CRLF or a lone CR) in text[from, to). */
export function countLineEnds(text: string, from = 0, to = text.length): number {
  // To the end of the text (a decoded piece of a stream): the engine's string search, which
  // cannot run past the range.
  if (to === text.length && to - from > 256) return countToEnd(text, from);
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === CR || (c === LF && (i === 0 || text.charCodeAt(i - 1) !== CR))) n++;
  }
  return n;
}

function countToEnd(text: string, from: number): number {
  let n = 0;
  for (let i = text.indexOf('\r', from); i >= 0; i = text.indexOf('\r', i + 1)) n++;
  for (let i = text.indexOf('\n', from); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i === 0 || text.charCodeAt(i - 1) !== CR) n++;
  }
  return n;
}
