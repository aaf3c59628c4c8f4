// 'creditkit/sme': the CUMCM 2020 Problem C study — SME invoices turned into borrower features,
// PD estimates for the rated and unrated firms, and the bank's lending problem of that contest.
// Like every subpath entry it does not load the wasm: import 'creditkit' (or call init() from
// 'creditkit/core') before fitting.

// ── Invoices: the contest's tables ──────────────────────────────────────────
export { loadSmeData, loadSmeTables, invoiceTable, invoicesFromDataset, enterprisesFromDataset, monthIndex, monthLabel } from './invoices.js';
export type { Enterprises, InvoiceTable, InvoiceRecord, SmeTables, SmeData, SmeTextOptions } from './invoices.js';
export { smeTablesFromCsv } from './fromText.js';
export type { SmeCsvTexts } from './fromText.js';

// ── Features and PDs ────────────────────────────────────────────────────────
export { smeFeatures, smeDatasets, withCreditRating, latestInvoiceMonth, SME_FEATURES, CREDIT_RATINGS } from './features.js';
export type { SmeFeatureOptions, RatedSme, UnratedSme } from './features.js';
export { smeSector, SME_SECTORS, SME_SECTOR_KEYWORDS } from './sector.js';
export { estimateSmePds, outOfFoldPds, SME_PD_OPTIONS } from './smePd.js';
export type { SmePdEstimate, SmePdOptions } from './smePd.js';

// ── Lending problem: the contest's question 2 ───────────────────────────────
export { cumcmQ2Problem, CUMCM_EPIDEMIC_STRESS } from '../lending/cumcm.js';

// ── Question 1: the 123 rated firms ─────────────────────────────────────────
export { cumcmQ1Problem, CUMCM_Q1_BUDGET } from '../lending/cumcm.js';
