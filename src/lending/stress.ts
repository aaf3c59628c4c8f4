/**
 * A PD stress by sector: what a sudden event (an epidemic, CUMCM 2020 C
 * question 3) does to each sector's default risk. Part of the problem model
 * (`LendingProblem.stress`), so the same strategy code solves the base and
 * the stressed case and a config file can carry it.
 *
 * For an applicant in sector s (keys are sector names; `'*'` covers every
 * sector not named and applicants without a sector):
 *
 *     PD' = min(1, PD · sectorPdMultiplier[s])                   then
 *     PD'' = σ(logit(PD') + sectorLogOddsShift[s])
 *
 * A multiplier suits "PDs in catering double"; a log-odds shift moves
 * small and large PDs consistently (it never pushes a PD to 1). Either may be
 * left out (multiplier 1, shift 0). PDs of exactly 0 or 1 stay put under a shift.
 */
export interface PdStress {
  sectorPdMultiplier?: Record<string, number>;
  sectorLogOddsShift?: Record<string, number>;
}

/** The stressed PD of one applicant. */
export function stressedPd(pd: number, sector: string | undefined, stress: PdStress): number {
  const m = factor(stress.sectorPdMultiplier, sector, 1);
  const s = factor(stress.sectorLogOddsShift, sector, 0);
  let p = Math.min(1, pd * m);
  if (s !== 0 && p > 0 && p < 1) p = 1 / (1 + Math.exp(-(Math.log(p / (1 - p)) + s)));
  return p;
}

function factor(table: Record<string, number> | undefined, sector: string | undefined, neutral: number): number {
  if (!table) return neutral;
  if (sector !== undefined && Object.prototype.hasOwnProperty.call(table, sector)) return table[sector];
  return Object.prototype.hasOwnProperty.call(table, '*') ? table['*'] : neutral;
}
