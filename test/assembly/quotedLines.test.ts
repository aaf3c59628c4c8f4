import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random.js';
import { getRuntime, init } from '../../src/wasm/load.js';

await init();
const { kernels, heap } = getRuntime();

/** The kernel (SIMD and its scalar twin) on `text`, placed at a random offset so 16-byte loads start anywhere. */
function run(text: string, offset: number): [number, number] {
  const bytes = new TextEncoder().encode(text);
  return heap.scoped((scope) => {
    const p = scope.alloc(bytes.length + offset + 16) + offset;
    heap.u8(p, bytes.length).set(bytes);
    return [kernels.quotesCloseOnEachLine(p, bytes.length), kernels.quotesCloseOnEachLineNaive(p, bytes.length)];
  });
}

/** The definition: no LF while inside quotes, and outside quotes at the end. */
function reference(text: string): number {
  let open = false;
  for (const c of text) {
    if (c === '"') open = !open;
    else if (c === '\n' && open) return 0;
  }
  return open ? 0 : 1;
}

describe('quotesCloseOnEachLine (an LF inside quotes, or quotes open at the end)', () => {
  it('answers as its definition on hand-picked CSV', () => {
    const cases: [string, number][] = [
      ['', 1],
      ['a,b\n1,2\n', 1],
      ['"a, b",c\n"x ""y""",2\n', 1],
      ['"a\nb",c\n', 0],
      ['a,"b', 0],
      ['a,"b"\n', 1],
      ['x'.repeat(40) + '"' + 'y'.repeat(30) + '\n"\n', 0],
      ['x'.repeat(15) + '"' + '\n' + '"', 0],
      ['x'.repeat(15) + '""' + '\n', 1],
      ['"'.repeat(32) + '\n', 1],
      ['"'.repeat(31) + '\n"', 0],
    ];
    for (const [text, want] of cases) {
      for (const offset of [0, 3, 15]) expect(run(text, offset), JSON.stringify(text)).toEqual([want, want]);
    }
  });

  it('SIMD and scalar twin agree with the definition on 3,000 random byte strings of quotes, LFs and text', () => {
    const rng = new Random(12);
    const alphabet = ['"', '"', '\n', 'a', ',', '\r', '1'];
    let passes = 0;
    for (let k = 0; k < 3000; k++) {
      const n = rng.int(k % 10 === 0 ? 400 : 70);
      // Mostly quote-balanced lines (so that both answers come often), with a stray quote or LF now and then.
      let text = '';
      while (text.length < n) {
        const r = rng.next();
        text += r < 0.15 ? `"${'a,\n'.charAt(rng.int(3)).repeat(rng.int(3))}"` : alphabet[rng.int(alphabet.length)];
      }
      const want = reference(text);
      passes += want;
      expect(run(text, rng.int(16)), JSON.stringify(text)).toEqual([want, want]);
    }
    expect(passes).toBeGreaterThan(300);
    expect(passes).toBeLessThan(2700);
  });
});
