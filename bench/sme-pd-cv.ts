/**
 * Chooses the GBDT settings for the CUMCM SME PDs (src/sme/smePd.ts,
 * SME_PD_OPTIONS) by repeated stratified cross-validation on the 123 rated
 * firms' invoice features: for each setting of a small grid, the mean
 * out-of-fold log loss and AUC over `--repeats` different 5-fold splits.
 * Prints the grid sorted by log loss (markdown) for bench/RESULTS.md.
 *
 *   npx tsx bench/sme-pd-cv.ts [--repeats 5] [--folds 5]
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import '../src/index.js';
import { rocAuc } from '../src/metrics/auc.js';
import { logLoss } from '../src/metrics/logloss.js';
import type { GBDTOptions } from '../src/models/gbdt/gbdtOptions.js';
import { smeDatasets } from '../src/sme/features.js';
import { loadSmeData } from '../src/sme/invoices.js';
import { outOfFoldPds, SME_PD_OPTIONS } from '../src/sme/smePd.js';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' }, folds: { type: 'string', default: '5' } } });
const repeats = Number(values.repeats);
const folds = Number(values.folds);

const data = await loadSmeData(fileURLToPath(new URL('../data/cumcm', import.meta.url)));
const { X, y } = smeDatasets(data).rated;

const grid: Partial<GBDTOptions>[] = [{}]; // the library defaults first
for (const maxDepth of [2, 3])
  for (const nEstimators of [100, 200, 400])
    for (const minChildWeight of [1, 3, 5, 8])
      for (const lambda of [1, 5])
        for (const subsample of [1, 0.8])
          grid.push({ nEstimators, maxDepth, learningRate: 0.1, minChildWeight, lambda, ...(subsample < 1 ? { subsample } : {}) });

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
const sd = (a: number[]): number => Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)));
const t0 = performance.now();
const rows = grid.map((g) => {
  const ll: number[] = [];
  const auc: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const pd = outOfFoldPds(X, y, g, folds, r + 1);
    ll.push(logLoss(y, pd));
    auc.push(rocAuc(y, pd));
  }
  return { g, ll: mean(ll), llSd: sd(ll), auc: mean(auc), aucSd: sd(auc) };
});
const seconds = (performance.now() - t0) / 1000;
const name = (g: Partial<GBDTOptions>): string => (Object.keys(g).length === 0 ? 'library defaults (100 trees, depth 6, min child weight 1)' : JSON.stringify(g).replace(/"/g, ''));
const chosen = JSON.stringify(SME_PD_OPTIONS);
console.log(`123 rated firms, ${X.nColumns} invoice features, ${grid.length} settings × ${repeats} × ${folds}-fold CV in ${seconds.toFixed(1)} s\n`);
console.log('| rank | GBDT options | out-of-fold log loss | out-of-fold AUC |');
console.log('|---|---|---|---|');
[...rows].sort((a, b) => a.ll - b.ll).forEach((r, k) => {
  if (k < 10 || Object.keys(r.g).length === 0 || JSON.stringify(r.g) === chosen) {
    console.log(`| ${k + 1} | ${name(r.g)}${JSON.stringify(r.g) === chosen ? ' **(SME_PD_OPTIONS)**' : ''} | ${r.ll.toFixed(4)} ± ${r.llSd.toFixed(4)} | ${r.auc.toFixed(4)} ± ${r.aucSd.toFixed(4)} |`);
  }
});
