/**
 * xxHash32 with seed 0 of bytes[from, to): the checksum of the LZ4 frame
 * format (its header, block and content checksums).
 */

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));
const word = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
const round = (acc: number, lane: number): number => Math.imul(rotl((acc + Math.imul(lane, P2)) | 0, 13), P1);

export function xxHash32(bytes: Uint8Array, from = 0, to = bytes.length): number {
  const length = to - from;
  let i = from;
  let acc: number;
  if (length >= 16) {
    let v1 = (P1 + P2) | 0;
    let v2 = P2 | 0;
    let v3 = 0;
    let v4 = -P1 | 0;
    for (; i + 16 <= to; i += 16) {
      v1 = round(v1, word(bytes, i));
      v2 = round(v2, word(bytes, i + 4));
      v3 = round(v3, word(bytes, i + 8));
      v4 = round(v4, word(bytes, i + 12));
    }
    acc = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    acc = P5 | 0;
  }
  acc = (acc + length) | 0;
  for (; i + 4 <= to; i += 4) acc = Math.imul(rotl((acc + Math.imul(word(bytes, i), P3)) | 0, 17), P4);
  for (; i < to; i++) acc = Math.imul(rotl((acc + Math.imul(bytes[i], P5)) | 0, 11), P1);
  acc = Math.imul(acc ^ (acc >>> 15), P2);
  acc = Math.imul(acc ^ (acc >>> 13), P3);
  return (acc ^ (acc >>> 16)) >>> 0;
}
