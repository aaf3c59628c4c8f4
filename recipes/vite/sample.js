// A synthetic loan book, so the recipe runs without anyone's data: income,
// utilisation and late payments drive a default flag. Seeded, so every run
// (and every runtime) builds the same CSV text.
export function sampleCsv(rows = 2000, seed = 7) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const lines = ['id,income,utilisation,late_payments,default'];
  for (let i = 0; i < rows; i++) {
    const income = 15 + Math.floor(next() * 120);
    const utilisation = Math.round(next() * 1200) / 1000;
    const late = next() < 0.7 ? 0 : Math.floor(next() * 4) + 1;
    const z = -1.5 + 0.8 * late + 2.5 * Math.max(0, utilisation - 0.7) - income / 90;
    const defaulted = next() < 0.5 + (0.5 * z) / (1 + Math.abs(z)) ? 1 : 0; // a sigmoid without Math.exp: the same bits everywhere
    lines.push(`${i + 1},${income},${utilisation},${late},${defaulted}`);
  }
  return lines.join('\n') + '\n';
}
