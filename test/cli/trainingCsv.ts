/**
 * A small labelled CSV for the train tests: numeric x1 and x2, a numeric-looking
 * code grp (1-3), a text column sex, a weight w (1 or 3) and the target y, in
 * rows that depend on x1 and x2 (a fixed formula: the same file every run).
 */
export function trainingCsv(n: number, offset = 0): string {
  const lines = ['id,x1,x2,grp,sex,w,y'];
  for (let i = offset; i < offset + n; i++) {
    const x1 = ((i * 37) % 101) / 10;
    const x2 = ((i * 53) % 97) / 10;
    const noise = ((i * 7919) % 13) / 13;
    const y = x1 - 0.5 * x2 + 4 * noise > 5 ? 1 : 0;
    lines.push(`${i},${x1},${x2},${1 + (i % 3)},${i % 2 === 0 ? 'F' : 'M'},${1 + 2 * (i % 2)},${y}`);
  }
  return lines.join('\n') + '\n';
}
