const LF = 0x0a;
const CR = 0x0d;

/** The number of line ends (LF, CRLF or a lone CR) in text[from, to). */
export function countLineEnds(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === CR || (c === LF && (i === 0 || text.charCodeAt(i - 1) !== CR))) n++;
  }
  return n;
}
