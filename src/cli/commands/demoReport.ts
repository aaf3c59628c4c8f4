import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic, compareOnHoldout } from '../../core.js';
import { lendingFrontier, strategyFile } from '../../lending/index.js';
import { collectModelReport, buildReport } from '../../report/index.js';
import { smeDatasets } from '../../sme/index.js';
import type { LendingDemoResult } from './demoLending.js';
import type { CliIO } from '../args.js';
import { isStandardStream } from '../standardInput.js';
import { writeStandardOutput } from '../standardOutput.js';

/**
 * Frontier points drawn in the demo's report (each is one more MILP solve),
 * solved to a 0.1% gap: a chart needs no more, and it keeps npm start quick.
 */
const FRONTIER_POINTS = 5;
const FRONTIER_GAP = 1e-3;

/**
 * The SME report of `creditkit demo`: the PD model on the 123 rated CUMCM
 * firms (figures on its out-of-fold PDs), a comparison with the tree
 * baselines, the Q1 strategy for the 123 rated firms, and the Q2 strategy
 * with its frontier and the stressed Q3 strategy for the 302 unrated firms,
 * each titled with its optimum under both budget readings. Returns the HTML's size in bytes.
 */
export async function writeSmeReport(demo: LendingDemoResult, outPath: string, io?: CliIO): Promise<number> {
  const { est, data, runs, base, readings } = demo;
  const { X, y } = smeDatasets(data).rated;
  const model = await collectModelReport(est.model, X, y, {
    dataName: 'CUMCM 2020 C: the 123 rated firms (invoice features)',
    modelName: `gradient boosting, ${est.options.nEstimators} trees of depth ${est.options.maxDepth}`,
    pd: est.rated.pd,
    pdNote: `The figures below use out-of-fold PDs: each firm is scored by the model of a ${est.cv.folds}-fold cross-validation that did not see it. Importance and SHAP explain the model fitted on all 123 firms, which scores the 302 unrated ones.`,
  });
  const holdout = compareOnHoldout(X, y, ['gbdt', 'adaboost', 'rf', 'tree'], { seed: 0 });
  const frontier = await lendingFrontier(base, { points: FRONTIER_POINTS, relGap: FRONTIER_GAP, timeLimit: 30 });
  const [q1, q2, q3] = runs;
  // Both budget readings in each title: the optimum counting offered amounts (shown) and counting expected take-ups.
  const title = (j: number): string => {
    const r = readings[j];
    const f = (x: number | null): string => (x === null ? '-' : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    return `Lending strategy, ${runs[j][0]} (budget counts offered amounts: expected return ${f(r.offered)}; counting expected take-ups instead: ${f(r.expected)})`;
  };
  const html = await buildReport({
    title: 'creditkit: SME credit report (CUMCM 2020 C)',
    subtitle: 'PD model on the 123 rated firms; lending strategies for the 123 rated firms (Q1) and the 302 unrated firms (Q2, Q3), take-up from a smooth curve by PD (amounts in 万元 = 10,000 CNY)',
    model,
    comparison: { holdout },
    strategies: [
      { title: title(0), file: strategyFile(q1[2], null, '万元') },
      { title: title(1), file: strategyFile(q2[2], frontier, '万元') },
      { title: title(2), file: strategyFile(q3[2], null, '万元') },
    ],
  });
  if (isStandardStream(outPath) && io) {
    await writeStandardOutput(html, io);
    return html.length;
  }
  await mkdir(dirname(outPath), { recursive: true });
  await writeFileAtomic(outPath, html);
  return html.length;
}
