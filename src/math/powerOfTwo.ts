/**
 * The smallest power of two >= x (1 when x is not positive), by exact
 * doubling and halving: no Math.log2, whose last bit may differ between
 * engines, so every engine gets the same answer.
 */
export function powerOfTwoAtLeast(x: number): number {
  if (!(x > 0)) return 1; // the halving below would not end
  let p = 1;
  while (p / 2 >= x) p /= 2;
  while (p < x) p *= 2;
  return p;
}
