import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { churnTableFromCsv } from '../../src/lending/churn.js';
import { CUMCM_EPIDEMIC_STRESS, cumcmQ2Problem } from '../../src/lending/cumcm.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import type { LendingApplicant } from '../../src/lending/problem.js';
import { ratingForPd } from '../../src/lending/ratingBands.js';
import { GradientBoostingClassifier } from '../../src/index.js';
import { smeDatasets } from '../../src/sme/features.js';
import { type SmeData, loadSmeData } from '../../src/sme/invoices.js';
import { estimateSmePds, outOfFoldPds, SME_PD_OPTIONS, type SmePdEstimate } from '../../src/sme/smePd.js';

const DIR = fileURLToPath(new URL('../../data/cumcm', import.meta.url));
const CHURN = fileURLToPath(new URL('../../data/cumcm-rate-churn.csv', import.meta.url));

describe('PDs and ratings for the 302 unrated CUMCM firms', () => {
  let data: SmeData;
  let est: SmePdEstimate;
  beforeAll(async () => {
    data = await loadSmeData(DIR);
    est = estimateSmePds(data);
  });

  it('scores every unrated firm with a PD from the model fitted on all rated firms', () => {
    expect(est.unrated.ids).toHaveLength(302);
    expect(est.unrated.ids[0]).toBe('E124');
    for (const p of est.unrated.pd) expect(p > 0 && p < 1).toBe(true);
    const d = smeDatasets(data);
    const again = new GradientBoostingClassifier({ ...SME_PD_OPTIONS, seed: 0 }).fit(d.rated.X, d.rated.y);
    expect(again.predictProba(d.unrated.X)).toEqual(est.unrated.pd);
    // the unrated firms do not all look alike
    const sorted = Float64Array.from(est.unrated.pd).sort();
    expect(sorted[271] / sorted[30]).toBeGreaterThan(5);
  });

  it('cross-validated PDs separate defaulters on the rated firms (out-of-sample, not the training fit)', () => {
    expect(est.cv.folds).toBe(5);
    expect(est.cv.auc).toBeGreaterThan(0.8);
    expect(est.cv.logLoss).toBeLessThan(0.4); // the default rate alone gives 0.526
    expect(est.cv.defaultRate).toBeCloseTo(27 / 123, 12);
    const d = smeDatasets(data);
    const inSample = new GradientBoostingClassifier({ ...SME_PD_OPTIONS, seed: 0 }).fit(d.rated.X, d.rated.y).predictProba(d.rated.X);
    expect(est.rated.pd).not.toEqual(inSample);
    expect(outOfFoldPds(d.rated.X, d.rated.y, SME_PD_OPTIONS, 5, 0)).toEqual(est.rated.pd);
  });

  it('rating bands reproduce the rated grade mix and order grades by PD', () => {
    const count = (rs: readonly string[], g: string): number => rs.filter((r) => r === g).length;
    for (const g of ['A', 'B', 'C', 'D']) expect(count(est.rated.bandRating, g), g).toBe(count(est.rated.rating, g));
    expect(est.bands.map((b) => b.rating)).toEqual(['A', 'B', 'C', 'D']);
    est.unrated.pd.forEach((p, i) => expect(est.unrated.rating[i]).toBe(ratingForPd(p, est.bands)));
    // the bands agree with the bank's grades far more often than grades drawn with the same mix would (≈ 27%)
    const agree = est.rated.bandRating.filter((r, i) => r === est.rated.rating[i]).length;
    expect(agree / 123).toBeGreaterThan(0.4);
    // most D-rated firms (all defaulted) land in D (drawn with the mix: about 24 · 24/123 ≈ 5), no A-rated firm does
    const banded = (bank: string, band: string): number => est.rated.rating.filter((r, i) => r === bank && est.rated.bandRating[i] === band).length;
    expect(banded('D', 'D')).toBeGreaterThanOrEqual(15);
    expect(banded('A', 'D')).toBe(0);
  });

  it('Q2 and the epidemic stress: proven optimal strategies within the bank terms; the stress costs return', async () => {
    const churn = churnTableFromCsv(readFileSync(CHURN, 'utf8'), CHURN);
    const applicants: LendingApplicant[] = est.unrated.ids.map((id, i) => ({ id, pd: est.unrated.pd[i], rating: est.unrated.rating[i], sector: est.unrated.sector[i] }));
    const base = cumcmQ2Problem(applicants, churn);
    const q2 = await optimizeLending(base);
    const q3 = await optimizeLending({ ...base, stress: CUMCM_EPIDEMIC_STRESS });
    for (const r of [q2, q3]) {
      expect(r.status).toBe('optimal');
      expect(r.gap!).toBeLessThanOrEqual(1e-4);
      const loans = r.strategy!.filter((d) => d.decision === 'lend');
      expect(loans.length).toBe(r.summary!.loans);
      for (const d of loans) {
        expect(d.rating).not.toBe('D');
        expect(d.amount).toBeGreaterThanOrEqual(10 - 1e-9);
        expect(d.amount).toBeLessThanOrEqual(100 + 1e-9);
        expect(d.rate! >= 0.04 - 1e-12 && d.rate! <= 0.15 + 1e-12).toBe(true);
      }
      expect(r.summary!.totalAmount).toBeLessThanOrEqual(10_000 + 1e-6);
      expect(r.strategy!.filter((d) => d.rating === 'D').every((d) => d.decision === 'excluded')).toBe(true);
    }
    expect(q3.objective!).toBeLessThan(q2.objective!);
    const stressedPd = new Map(q3.strategy!.map((d) => [d.id, d.pd]));
    for (const d of q2.strategy!) expect(stressedPd.get(d.id)!).toBeGreaterThan(d.pd);
  });
});
