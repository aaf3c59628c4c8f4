/**
 * A float32 value (a Dataset cell, a bin edge, a threshold) as the shortest
 * decimal that reads back as the same float32: `17.27`, not the double
 * `17.270000457763672` that widening it to a JavaScript number prints.
 * Integers up to 2^24, infinities and NaN print as JavaScript prints them.
 */
export function float32Text(v: number): string {
  // Up to 2^24 every integer is a float32 and prints exactly.
  if (!Number.isFinite(v) || (Number.isInteger(v) && Math.abs(v) <= 2 ** 24)) return String(v);
  const target = Math.fround(v);
  for (let digits = 1; digits <= 9; digits++) {
    const s = Number(v.toPrecision(digits));
    if (Math.fround(s) === target) return String(s);
  }
  return String(v);
}
