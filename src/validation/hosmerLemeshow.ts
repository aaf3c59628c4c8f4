import { CreditkitError } from '../errors.js';
import { chiSquareSf } from '../stats/chiSquare.js';

/**
 * The Hosmer–Lemeshow goodness-of-fit test. Rows fall into groups (equal-count
 * groups of rows sorted by PD, "deciles of risk", or given groups such as
 * rating grades); with n_g rows, O_g observed and E_g = Σ PD expected
 * defaults in group g,
 *
 *   HL = Σ_g (O_g − E_g)² / (E_g · (1 − E_g / n_g))
 *
 * compared with χ²(G − 2) as Hosmer and Lemeshow define it for the fitting
 * sample, or with χ²(G) for a sample the model never saw (`df: 'groups'`,
 * Hosmer, Lemeshow & Sturdivant 2013, §5.2.2). A group whose PDs are all 0 or
 * all 1 has no variance and is left out (counted in `skippedGroups`).
 */
export interface HosmerLemeshowGroup {
  group: string;
  count: number;
  observed: number;
  expected: number;
}

export interface HosmerLemeshow {
  statistic: number | null;
  df: number | null;
  p: number | null;
  groups: HosmerLemeshowGroup[];
  skippedGroups: number;
  note?: string;
}

export type HosmerLemeshowDf = 'groups-2' | 'groups';

/** Equal-count groups of rows sorted by PD (ties broken by row order), `groups` of them. */
export function riskGroups(pd: ArrayLike<number>, groups = 10): { index: Int32Array; names: string[] } {
  if (!(Number.isInteger(groups) && groups >= 2)) throw new CreditkitError('E_OPTION', `Hosmer–Lemeshow needs at least 2 groups, got ${groups}`);
  const n = pd.length;
  const g = Math.min(groups, n);
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => pd[a] - pd[b] || a - b);
  const index = new Int32Array(n);
  for (let r = 0; r < n; r++) index[order[r]] = Math.floor((r * g) / n);
  return { index, names: Array.from({ length: g }, (_, k) => `${k + 1}`) };
}

export function hosmerLemeshow(y: ArrayLike<number>, pd: ArrayLike<number>, group: ArrayLike<number>, names: readonly string[], df: HosmerLemeshowDf = 'groups-2'): HosmerLemeshow {
  const k = names.length;
  const count = new Float64Array(k);
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  for (let i = 0; i < y.length; i++) {
    const j = group[i];
    count[j]++;
    observed[j] += y[i];
    expected[j] += pd[i];
  }
  let statistic = 0;
  let used = 0;
  let skippedGroups = 0;
  const rows: HosmerLemeshowGroup[] = [];
  for (let j = 0; j < k; j++) {
    if (count[j] === 0) continue;
    rows.push({ group: names[j], count: count[j], observed: observed[j], expected: expected[j] });
    const v = expected[j] * (1 - expected[j] / count[j]);
    if (!(v > 0)) {
      skippedGroups++;
      continue;
    }
    statistic += (observed[j] - expected[j]) ** 2 / v;
    used++;
  }
  const dof = df === 'groups' ? used : used - 2;
  if (dof < 1) return { statistic: null, df: null, p: null, groups: rows, skippedGroups, note: `${used} usable groups: too few for ${df === 'groups' ? 'χ²(G)' : 'χ²(G − 2)'}` };
  return { statistic, df: dof, p: chiSquareSf(statistic, dof), groups: rows, skippedGroups };
}
