import { countLineEnds } from './lineEnds.js';
import { CreditkitError } from '../errors.js';
import { LF, CR } from './csvBytes.js';

/**
 * Bytes → text, for every file creditkit reads as text (CSV, model files,
 * configs), whole or in streamed pieces. Universal: no Node imports.
 *
 * Decoding is strict: bytes that are not text in the chosen encoding throw
 * E_ENCODING naming the line (and byte offset) where they are, instead of
 * becoming U+FFFD (which would silently merge labels such as "Café" and
 * "Cafè" into one category).
 *
 * - `utf-8` (default; alias `utf8`): a UTF-8 byte-order mark is skipped; a
 *   UTF-16 one is an error that says which encoding to use.
 * - `latin1` (alias `iso-8859-1`): ISO-8859-1 exactly, byte n → U+00nn.
 *   (WHATWG's TextDecoder takes the label "latin1" to mean windows-1252;
 *   creditkit does not.)
 * - `windows-1252` (alias `cp1252`): the WHATWG windows-1252 table, as
 *   browsers decode it: 0x80–0x9F are € ‚ ƒ … Ÿ, the five unassigned bytes
 *   map to U+0081, U+008D, U+008F, U+0090, U+009D. Done here, not by
 *   TextDecoder, because Node 20's TextDecoder decodes this label as latin1.
 *   Every byte is valid in either single-byte encoding, so they never fail.
 * - `utf-16le`, `utf-16be`: a matching byte-order mark is skipped;
 *   `utf-16` takes the byte order from the mark, which it requires.
 * - `auto`: by the byte-order mark (UTF-8, UTF-16LE, UTF-16BE), UTF-8 without one.
 */
export type TextEncoding = 'utf-8' | 'latin1' | 'windows-1252' | 'utf-16' | 'utf-16le' | 'utf-16be' | 'auto';

export const TEXT_ENCODINGS: readonly TextEncoding[] = ['utf-8', 'latin1', 'windows-1252', 'utf-16', 'utf-16le', 'utf-16be', 'auto'];

const ALIASES: Readonly<Record<string, TextEncoding>> = {
  utf8: 'utf-8',
  'iso-8859-1': 'latin1',
  cp1252: 'windows-1252',
  utf16: 'utf-16',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
};

/** The encoding a name (or alias, any case) means, or undefined when it means none. */
export function textEncodingNamed(name: string): TextEncoding | undefined {
  const n = name.trim().toLowerCase();
  if ((TEXT_ENCODINGS as readonly string[]).includes(n)) return n as TextEncoding;
  return Object.hasOwn(ALIASES, n) ? ALIASES[n] : undefined;
}

/** An `encoding` option checked: the encoding it names, E_OPTION otherwise. */
export function checkTextEncoding(encoding: string | undefined): TextEncoding {
  if (encoding === undefined) return 'utf-8';
  const e = typeof encoding === 'string' ? textEncodingNamed(encoding) : undefined;
  if (e === undefined) throw new CreditkitError('E_OPTION', `encoding must be one of ${TEXT_ENCODINGS.join(', ')} (got ${JSON.stringify(encoding)})`);
  return e;
}

/** Decodes a whole input at once (a plain or already-gunzipped file). */
export function decodeText(bytes: Uint8Array, encoding?: TextEncoding, file?: string): string {
  return new TextStreamDecoder(encoding, file).decodeLast(bytes);
}

/** The encodings bytes are finally decoded with, once a byte-order mark has been looked at. */
type Resolved = 'utf-8' | 'latin1' | 'windows-1252' | 'utf-16le' | 'utf-16be';

const EMPTY = new Uint8Array(0);
/** The bytes looked at for a byte-order mark (and for NULs that betray UTF-16 read as UTF-8). */
const SNIFF_BYTES = 4;

/**
 * Decodes an input given in pieces: `decode` each piece in order, then `end`.
 * A character cut between two pieces is carried to the next one, so the
 * text is the same whatever the cuts. Errors name the input's line, counted
 * over all the text decoded so far.
 */
export class TextStreamDecoder {
  private readonly encoding: TextEncoding;
  private resolved: Resolved | undefined;
  private native: TextDecoder | undefined;
  /** Bytes not decoded yet: the start of a cut character, or the first bytes until the mark is known. */
  private pending: Uint8Array = EMPTY;
  /** The text returned so far ends with CR (a LF starting the next text ends the same line). */
  private endsWithCr = false;
  /** Byte offset in the input of pending[0]. */
  private offset = 0;
  /** Line ends in the text returned so far, and characters after the last one. */
  private lineEnds = 0;
  private lineChars = 0;

  constructor(encoding: TextEncoding = 'utf-8', private readonly file?: string) {
    this.encoding = checkTextEncoding(encoding);
  }

  /**
   * A decoder for the rest of an input whose first `offset` bytes were ASCII
   * without NUL (text alike in utf-8, latin1 and windows-1252, with no mark)
   * holding `lineEnds` line ends, the last of them its last byte, an LF: it
   * decodes and reports errors as one that had decoded those bytes would.
   */
  static afterAscii(encoding: TextEncoding | undefined, file: string | undefined, offset: number, lineEnds: number): TextStreamDecoder {
    const decoder = new TextStreamDecoder(encoding, file);
    const enc = decoder.encoding;
    if (enc !== 'utf-8' && enc !== 'auto' && enc !== 'latin1' && enc !== 'windows-1252') throw new Error(`afterAscii: ${enc} is not ASCII-compatible`);
    decoder.resolved = enc === 'auto' ? 'utf-8' : enc;
    if (decoder.resolved === 'utf-8') decoder.native = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    decoder.offset = offset;
    decoder.lineEnds = lineEnds;
    return decoder;
  }

  /** The text of the next piece (possibly empty: bytes may be carried to the next piece). */
  decode(bytes: Uint8Array): string {
    const text = this.piece(bytes, false);
    this.countLines(text);
    return text;
  }

  /** The rest of the text; throws when the input ends inside a character. */
  end(): string {
    return this.piece(EMPTY, true);
  }

  /** decode(bytes) + end(), without counting lines when nothing fails. */
  decodeLast(bytes: Uint8Array): string {
    return this.piece(bytes, true);
  }

  private piece(bytes: Uint8Array, last: boolean): string {
    let buf = this.pending.length === 0 ? bytes : concat(this.pending, bytes);
    if (buf.length === 0) return ''; // an empty input has no mark to look for: the reader reports it empty
    if (this.resolved === undefined) {
      if (buf.length < SNIFF_BYTES && !last) {
        this.pending = buf.slice();
        return '';
      }
      const bom = this.resolve(buf);
      buf = buf.subarray(bom);
      this.offset += bom;
    }
    const cut = last ? buf.length : this.completeLength(buf);
    const whole = buf.subarray(0, cut);
    let text: string;
    try {
      text = this.decodeWhole(whole);
    } catch (e) {
      if (e instanceof CreditkitError) throw e;
      throw this.invalid(whole);
    }
    this.offset += cut;
    this.pending = cut === buf.length ? EMPTY : buf.slice(cut);
    return text;
  }

  /** Chooses the encoding from the byte-order mark; returns the mark's length. */
  private resolve(buf: Uint8Array): number {
    const mark = byteOrderMark(buf);
    const enc = this.encoding;
    const fail = (message: string): never => {
      throw new CreditkitError('E_ENCODING', message, { file: this.file, line: 1 });
    };
    let resolved: Resolved;
    if (mark !== undefined && (enc === 'auto' || enc === mark || (enc === 'utf-16' && mark !== 'utf-8'))) {
      resolved = mark;
    } else if (mark !== undefined) {
      const use = mark === 'utf-8' ? 'utf-8' : 'utf-16';
      fail(`the input starts with a ${mark.toUpperCase()} byte-order mark but is read as ${enc}; read it with encoding ${use} (--encoding ${use})`);
    } else if (enc === 'utf-16') {
      fail('encoding utf-16 takes the byte order from a byte-order mark, and the input has none; say utf-16le or utf-16be');
    } else {
      resolved = enc === 'auto' ? 'utf-8' : (enc as Resolved);
    }
    this.resolved = resolved!;
    if (resolved! === 'utf-8' && buf.subarray(0, SNIFF_BYTES).includes(0)) {
      fail('the input starts with NUL bytes, as UTF-16 text without a byte-order mark does; read it with encoding utf-16le or utf-16be (--encoding utf-16le)');
    }
    if (resolved! === 'utf-8' || resolved! === 'utf-16le' || resolved! === 'utf-16be') {
      this.native = new TextDecoder(resolved!, { fatal: true, ignoreBOM: true });
    }
    return mark === this.resolved ? (mark === 'utf-8' ? 3 : 2) : 0;
  }

  /** The length of buf's prefix that ends on a character boundary (the rest may continue in the next piece). */
  private completeLength(buf: Uint8Array): number {
    const n = buf.length;
    switch (this.resolved) {
      case 'utf-8': {
        // Back over at most 3 continuation bytes to the lead byte of the last character.
        for (let k = 1; k <= Math.min(4, n); k++) {
          const b = buf[n - k];
          if ((b & 0xc0) === 0x80) continue;
          const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
          return need > k ? n - k : n;
        }
        return n;
      }
      case 'utf-16le':
      case 'utf-16be': {
        let cut = n - (n % 2);
        if (cut >= 2) {
          const unit = this.resolved === 'utf-16le' ? buf[cut - 2] | (buf[cut - 1] << 8) : (buf[cut - 2] << 8) | buf[cut - 1];
          if (unit >= 0xd800 && unit <= 0xdbff) cut -= 2; // a high surrogate: its pair may follow
        }
        return cut;
      }
      default:
        return n;
    }
  }

  private decodeWhole(bytes: Uint8Array): string {
    if (this.native) return this.native.decode(bytes);
    return decodeSingleByte(bytes, this.resolved === 'windows-1252' ? WINDOWS_1252_HIGH : null);
  }

  /** The error for bytes that do not decode: where the first bad character starts. */
  private invalid(bytes: Uint8Array): CreditkitError {
    // Only the native decoders fail: every byte is valid in the single-byte encodings.
    const enc = this.resolved as 'utf-8' | 'utf-16le' | 'utf-16be';
    const bad = enc === 'utf-8' ? firstInvalidUtf8(bytes) : firstInvalidUtf16(bytes, enc === 'utf-16le');
    const before = this.native!.decode(bytes.subarray(0, bad));
    const line = this.lineEnds + this.lineEndsIn(before) + 1;
    const tail = afterLastLineEnd(before);
    const character = (tail >= 0 ? tail : this.lineChars + before.length) + 1;
    const shown = Array.from(bytes.subarray(bad, bad + (enc === 'utf-8' ? 4 : 2)), (b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
    const at = `at byte offset ${this.offset + bad} (character ${character} of the line; bytes ${shown})`;
    const hint = enc === 'utf-8'
      ? '; if the file was exported as Latin-1 or Windows-1252 (as Excel often does), read it with encoding windows-1252 (--encoding windows-1252)'
      : '';
    // A valid start of a character that the input cuts short.
    const cutShort = isPrefixOfCharacter(bytes.subarray(bad), enc);
    const what = cutShort ? `the input ends inside a ${enc.toUpperCase()} character` : `not valid ${enc.toUpperCase()}`;
    return new CreditkitError('E_ENCODING', `${what} ${at}${hint}`, { file: this.file, line });
  }

  private countLines(text: string): void {
    this.lineEnds += this.lineEndsIn(text);
    const tail = afterLastLineEnd(text);
    this.lineChars = tail >= 0 ? tail : this.lineChars + text.length;
    if (text.length > 0) this.endsWithCr = text.charCodeAt(text.length - 1) === CR;
  }

  /** Line ends in `text`, which follows the text returned so far (a CRLF cut between them counts once). */
  private lineEndsIn(text: string): number {
    const n = countLineEnds(text);
    return this.endsWithCr && text.charCodeAt(0) === LF ? n - 1 : n;
  }
}

function isPrefixOfCharacter(bytes: Uint8Array, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): boolean {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes, { stream: true }).length === 0;
  } catch {
    return false;
  }
}

/** Characters after the last line end (LF, CRLF or a lone CR) of `s`, or -1 when it has none. */
function afterLastLineEnd(s: string): number {
  // A CR is looked for after the last LF only (a file without CRs is not searched through).
  const lf = s.lastIndexOf('\n');
  const last = lf < 0 || s.indexOf('\r', lf + 1) >= 0 ? Math.max(lf, s.lastIndexOf('\r')) : lf;
  return last < 0 ? -1 : s.length - last - 1;
}

function byteOrderMark(b: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | undefined {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Offset of the first byte of the first ill-formed UTF-8 sequence (or of a
 * sequence cut by the end), following the WHATWG decoder's rules (which a
 * fatal TextDecoder applies): no overlong forms, no surrogates, nothing above
 * U+10FFFF. bytes.length when all is well.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const c = bytes[i + 1];
    if (c < lower || c > upper) return i;
    for (let k = 2; k <= need; k++) {
      const d = bytes[i + k];
      if (d < 0x80 || d > 0xbf) return i;
    }
    i += need + 1;
  }
  return n;
}

/** Offset of the first lone surrogate (or of a trailing odd byte) in UTF-16 bytes; bytes.length when all is well. */
function firstInvalidUtf16(bytes: Uint8Array, littleEndian: boolean): number {
  const n = bytes.length - (bytes.length % 2);
  const unit = (i: number): number => (littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  for (let i = 0; i < n; i += 2) {
    const u = unit(i);
    if (u >= 0xdc00 && u <= 0xdfff) return i;
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 2 >= n) return i;
      const next = unit(i + 2);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return i;
      i += 2;
    }
  }
  return n;
}

/** Windows-1252 (WHATWG) code points of bytes 0x80–0x9F; the other bytes are their own code points. */
const WINDOWS_1252_HIGH = Uint16Array.of(
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
);

/** Slices this long are widened to UTF-16LE bytes and decoded natively, one at a time. */
const SINGLE_BYTE_SLICE = 1 << 16;
let utf16Decoder: TextDecoder | undefined;

/** Latin-1 (high = null) or windows-1252 (high = its 0x80–0x9F table) bytes → text. */
function decodeSingleByte(bytes: Uint8Array, high: Uint16Array | null): string {
  utf16Decoder ??= new TextDecoder('utf-16le', { ignoreBOM: true });
  const wide = new Uint8Array(2 * Math.min(bytes.length, SINGLE_BYTE_SLICE));
  const parts: string[] = [];
  for (let s = 0; s < bytes.length; s += SINGLE_BYTE_SLICE) {
    const e = Math.min(bytes.length, s + SINGLE_BYTE_SLICE);
    for (let i = s; i < e; i++) {
      const b = bytes[i];
      const c = high !== null && b >= 0x80 && b <= 0x9f ? high[b - 0x80] : b;
      wide[2 * (i - s)] = c & 0xff;
      wide[2 * (i - s) + 1] = c >> 8;
    }
    parts.push(utf16Decoder.decode(wide.subarray(0, 2 * (e - s))));
  }
  return parts.join('');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
