/**
 * The 302-applicant lending problem of CUMCM 2020 C, question 2, with real
 * PDs: the firms of attachment 2 (E124–E425, bundled in data/cumcm/) scored
 * by `estimateSmePds` — a GBDT on the invoice features of the 123 rated firms
 * (SME_PD_OPTIONS), ratings from PD bands fitted to the rated firms' grade mix,
 * sectors from the firm names (`smeSector`). Bank terms from `cumcmQ2Problem`:
 * 10,000 万元 (100M CNY) budget, loans of 10–100 万元, the 29 rates of
 * attachment 3 (4%–15%) with its churn table (data/cumcm-rate-churn.csv),
 * rating D excluded, LGD 1, no funding cost.
 *
 * `seed` seeds the PD model (its row subsampling and the cross-validation
 * folds behind the rating bands): other seeds give other, equally valid PDs,
 * which shows how solve times vary with the instance.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import '../src/index.js';
import { churnTableFromCsv } from '../src/lending/churn.js';
import { cumcmQ2Problem } from '../src/lending/cumcm.js';
import type { LendingApplicant, LendingLimits, LendingProblem } from '../src/lending/problem.js';
import { loadSmeData, type SmeData } from '../src/sme/invoices.js';
import { estimateSmePds, type SmePdEstimate } from '../src/sme/smePd.js';

const CUMCM = fileURLToPath(new URL('../data/cumcm', import.meta.url));
const CHURN = fileURLToPath(new URL('../data/cumcm-rate-churn.csv', import.meta.url));

export interface InstanceInfo {
  estimate: SmePdEstimate;
  problem: LendingProblem;
}

let data: SmeData | undefined;
const estimates = new Map<number, SmePdEstimate>();

export async function cumcmInstance(limits: LendingLimits = {}, seed = 0): Promise<InstanceInfo> {
  data ??= await loadSmeData(CUMCM);
  let estimate = estimates.get(seed);
  if (!estimate) {
    estimate = estimateSmePds(data, { seed });
    estimates.set(seed, estimate);
  }
  const u = estimate.unrated;
  const applicants: LendingApplicant[] = u.ids.map((id, i) => ({ id, pd: u.pd[i], rating: u.rating[i], sector: u.sector[i] }));
  const churn = churnTableFromCsv(readFileSync(CHURN, 'utf8'), CHURN);
  return { estimate, problem: cumcmQ2Problem(applicants, churn, limits) };
}
