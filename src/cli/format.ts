/** Plain-text table with right-aligned numeric columns. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths = headers.map((h, j) => Math.max(h.length, ...cells.map((r) => r[j].length)));
  const numeric = headers.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number'));
  const line = (r: string[]) => r.map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(4);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** An amount (money, EAD, a CVaR) with thousands separators and at most 4 decimals: 12,345.6789. */
export function amount(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** A share as a percentage with `digits` decimals (0.1234 → "12.34%"); "-" when there is none. */
export function percent(x: number | null, digits = 2): string {
  return x === null ? '-' : `${(100 * x).toFixed(digits)}%`;
}

/** A number in a CSV file: 12 significant digits (no float noise such as 0.30000000000000004), "" when absent. */
export function csvNumberCell(x: number | null | undefined): string {
  return x === undefined || x === null ? '' : String(Number(x.toPrecision(12)));
}
