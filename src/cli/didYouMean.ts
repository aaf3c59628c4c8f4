/**
 * Optimal string alignment distance: insertions, deletions, substitutions
 * and swaps of two neighbours each cost 1 (`--lerning-rate`, `--tagret`).
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

/**
 * Up to `max` of `candidates` close to `typed`, closest first: within an edit
 * distance of a third of the longer name (at least 2), or starting with
 * what was typed (an abbreviation such as `--learning`).
 */
export function closestNames(typed: string, candidates: readonly string[], max = 3): string[] {
  const t = typed.toLowerCase();
  const scored = candidates.map((name) => {
    const n = name.toLowerCase();
    const d = editDistance(t, n);
    const close = d <= Math.max(2, Math.floor(Math.max(t.length, n.length) / 3));
    const prefix = t.length >= 3 && n.startsWith(t);
    return { name, d: prefix ? Math.min(d, 1) : d, keep: close || prefix };
  });
  return scored
    .filter((s) => s.keep)
    .sort((x, y) => x.d - y.d || x.name.localeCompare(y.name))
    .slice(0, max)
    .map((s) => s.name);
}

/** "; did you mean a, b or c?" for the names given, "" for none. */
export function didYouMean(names: readonly string[]): string {
  if (names.length === 0) return '';
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return `; did you mean ${list}?`;
}
