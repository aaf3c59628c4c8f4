import { Random } from '../../src/random.js';

/**
 * Synthetic loans over six months: two informative features, a region with a
 * tiny one-class segment, and a month (2024-06) without a single default.
 */
export function loansCsv(n: number, seed: number, firstMonth = 0, months = 6): string {
  const rnd = new Random(seed);
  const lines = ['x1,x2,date,region,default'];
  for (let i = 0; i < n; i++) {
    const x1 = normal(rnd);
    const x2 = normal(rnd);
    const m = firstMonth + (i % months);
    const year = 2024 + Math.floor(m / 12);
    const month = (m % 12) + 1;
    const date = `${year}-${String(month).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const region = i % 200 === 7 ? 'tiny' : i % 2 === 0 ? 'north' : 'south';
    const pd = 1 / (1 + Math.exp(-(-2 + 1.2 * x1 - 0.8 * x2)));
    const y = region === 'tiny' || (months === 6 && m === 5) ? 0 : rnd.next() < pd ? 1 : 0;
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${date},${region},${y}`);
  }
  return lines.join('\n') + '\n';
}

/** The loans with a `rating` column: a coarse bank rating from x1 (the main risk driver), or `rate(i, x1)`. */
export function withRating(csv: string, rate: (i: number, x1: number) => string = (_i, x1) => (x1 < -0.5 ? 'A' : x1 < 0.5 ? 'B' : 'C')): string {
  const [header, ...lines] = csv.trimEnd().split('\n');
  return [`${header},rating`, ...lines.map((l, i) => `${l},${rate(i, Number(l.split(',')[0]))}`)].join('\n') + '\n';
}

/** A standard normal draw (Box–Muller). */
function normal(rnd: Random): number {
  return Math.sqrt(-2 * Math.log(1 - rnd.next())) * Math.cos(2 * Math.PI * rnd.next());
}

