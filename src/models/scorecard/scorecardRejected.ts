/** Why a scorecard left a characteristic out, in the order the fit decides. */
export const REJECTED_REASONS = ['single-value', 'low-iv', 'high-iv', 'correlated', 'stepwise', 'l1', 'zero-coefficient'] as const;

/** A characteristic the fit left out, and why. */
export interface RejectedCharacteristic {
  feature: string;
  /** Its information value (0 for a single value: it carries none). */
  iv: number;
  /**
   * One value in all training rows (nothing to bin); below `minIv`; above `maxIv`; its WOE column
   * correlated beyond `maxCorrelation` with a higher-IV characteristic's; not chosen by forward
   * selection; dropped by the L1 penalty; or a zero coefficient without L1 (a WOE column without information).
   */
  reason: (typeof REJECTED_REASONS)[number];
  /** `correlated`: the kept characteristic it correlates with, and the correlation r of their WOE columns. */
  correlatedWith?: { feature: string; r: number };
}

/** The reason as a reader sees it, e.g. `IV 0.0113, below minIv`. */
function reasonText(r: RejectedCharacteristic): string {
  switch (r.reason) {
    case 'single-value':
      return 'single value';
    case 'low-iv':
      return `IV ${r.iv.toFixed(4)}, below minIv`;
    case 'high-iv':
      return `IV ${r.iv.toFixed(4)}, above maxIv`;
    case 'correlated':
      return `IV ${r.iv.toFixed(4)}, WOE correlated with ${r.correlatedWith?.feature ?? 'a higher-IV characteristic'}${r.correlatedWith ? ` (r = ${r.correlatedWith.r.toFixed(3)})` : ''}`;
    case 'stepwise':
      return `IV ${r.iv.toFixed(4)}, not chosen by forward selection`;
    case 'l1':
    case 'zero-coefficient':
      return `IV ${r.iv.toFixed(4)}, coefficient 0`;
  }
}

/** The characteristics left out as the CLI prints them: `grp (single value), age (IV 0.0113, below minIv)`. */
export function scorecardLeftOutText(rejected: readonly RejectedCharacteristic[]): string {
  return rejected.map((r) => `${r.feature} (${reasonText(r)})`).join(', ');
}
