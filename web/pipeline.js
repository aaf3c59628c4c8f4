// The web demo's computations, separate from the page and the worker so that
// Node tests run them too. Every function takes the creditkit module (`ck`)
// as an argument: the worker passes the compiled package (dist/web.js and the subpath entries), the
// tests pass the TypeScript source. Results are plain data (no class
// instances, no typed arrays) so they cross postMessage unchanged.

/** Bundled datasets the demo offers, served from the repository's data/ folder. */
export const BUNDLED = {
  sme: {
    label: 'SME sample (CUMCM 2020 C), 425 firms',
    files: {
      rated: ['a1_enterprises', 'a1_input_invoices', 'a1_output_invoices'],
      unrated: ['a2_enterprises', 'a2_input_invoices', 'a2_output_invoices'],
    },
    churn: 'cumcm-rate-churn.csv',
  },
  german: { label: 'German credit (UCI), 1,000 borrowers', file: 'german-credit.csv.gz', target: 'is_bad' },
  gmsc: { label: 'Give Me Some Credit, 150,000 borrowers', file: 'give-me-some-credit.csv.gz', target: 'SeriousDlqin2yrs' },
};

const TOP_ROWS = 15;

/**
 * Model options the page starts from, per bundled dataset and model kind (the
 * user may edit them). Library defaults suit large data but overfit small
 * samples: on the 86 training firms of the SME sample every kind reaches train
 * AUC 1.0 with them. GBDT on the SME sample gets the settings cross-validation
 * chose for it (the sme entry's SME_PD_OPTIONS, which `npm start` uses too);
 * the other values won on out-of-fold log loss (3 × 5-fold stratified CV)
 * against the library defaults: `npx tsx scripts/web-demo-defaults.ts`
 * prints that comparison. A kind not listed, and a user's file, start from `{}`.
 */
export function defaultModelOptions(ck, source) {
  if (source === 'sme') {
    return {
      gbdt: { ...ck.SME_PD_OPTIONS },
      tree: { maxDepth: 2, minSamplesLeaf: 10 },
      rf: { minSamplesLeaf: 5 },
      adaboost: { nEstimators: 50, learningRate: 0.1 },
      logistic: { C: 0.1 },
      svm: { C: 0.1 },
      mlp: { alpha: 1 },
    };
  }
  if (source === 'german') return { gbdt: { maxDepth: 3, learningRate: 0.05, minChildWeight: 3, subsample: 0.8 } };
  return {};
}

/** What the page needs to offer targets and describe the data. */
export function describeTable(table, { fixedTarget } = {}) {
  const columns = table.columns.map((c) => ({ name: c.name, kind: c.kind, binary: isBinary(c) }));
  const binary = columns.filter((c) => c.binary).map((c) => c.name);
  const targets = fixedTarget ? [fixedTarget] : binary;
  return {
    rows: table.nRows,
    columns,
    targets,
    defaultTarget: fixedTarget ?? pickTarget(targets),
    idColumn: findIdColumn(table),
  };
}

/** A column with exactly two values: 0/1 numbers, or two text labels. Missing cells disqualify it. */
function isBinary(c) {
  const seen = new Set();
  for (const v of c.values) {
    if (Number.isNaN(v)) return false;
    seen.add(v);
    if (seen.size > 2) return false;
  }
  if (seen.size !== 2) return false;
  return c.kind === 'categorical' || (seen.has(0) && seen.has(1));
}

/** The most likely target among binary columns: a name that says default, bad, delinquent, target or label. */
function pickTarget(names) {
  const hint = /default|bad|dlq|delinq|target|label|class|outcome|^y$/i;
  return names.find((n) => hint.test(n)) ?? names[0] ?? null;
}

/** Names that mark an identifier column (id, loan_id, id_number, …). */
export const ID_NAME = /^id$|_id$|^id_/i;

/**
 * CSV options that read identifier-named columns as text, so long numeric ids
 * keep every digit (numeric columns are Float32: exact only up to 2^24).
 */
export function idColumnTypes(csvText) {
  const header = csvText.slice(0, csvText.search(/\r?\n|$/)).replace(/^\uFEFF/, '');
  const names = header.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
  return Object.fromEntries(names.filter((n) => ID_NAME.test(n)).map((n) => [n, 'categorical']));
}

/** An identifier column: named id / *_id / id_* with a distinct value on every row. Not a feature. */
function findIdColumn(table) {
  for (const c of table.columns) {
    if (!ID_NAME.test(c.name)) continue;
    if (new Set(c.values).size === table.nRows && !c.values.some(Number.isNaN)) return c.name;
  }
  return null;
}

function cellText(column, i) {
  const v = column.values[i];
  if (Number.isNaN(v)) return '';
  return column.kind === 'categorical' ? column.categories[v] : String(v);
}

/**
 * The SME sample as one table: the rated firms' invoice features plus
 * `defaulted`, and the unrated firms' features (the applicants).
 */
export function smeSample(ck, rated, unrated) {
  const { rated: r, unrated: u, asOf } = ck.smeDatasets({ rated, unrated });
  const table = new ck.Dataset([...r.X.columns, { name: 'defaulted', kind: 'numeric', values: Float32Array.from(r.y) }], r.X.nRows);
  const names = new Map(unrated.enterprises.ids.map((id, i) => [id, unrated.enterprises.names[i]]));
  return { table, ids: r.ids, ratings: r.creditRating, applicants: { ids: u.ids, names: u.ids.map((id) => names.get(id) ?? ''), X: u.X }, asOf };
}

/**
 * Trains and evaluates a model the way the page asks, and (for the SME sample)
 * scores the applicants and optimizes the lending strategy.
 *
 * input: { table, target, idColumn?, model, options, trainRatio, seed,
 *          ids? (row labels), applicants? ({ ids, names, X }), ratings? (the
 *          bank's A–D rating of each row of `table`, needed with applicants), churnCsv? }
 * report(progress): { phase, fraction, text } for the progress bar.
 */
export async function trainAndReport(ck, input, report = () => {}) {
  const t0 = now();
  const { table, target, model: kind, trainRatio, seed } = input;
  const drop = input.idColumn && input.idColumn !== target ? [input.idColumn] : [];
  const { X, y } = ck.splitTarget(drop.length > 0 ? table.drop(drop) : table, target);
  if (!(trainRatio > 0 && trainRatio < 1)) throw new ck.CreditkitError('E_OPTION', `the training share must be between 0 and 1 (got ${trainRatio})`);
  const { train, test } = ck.stratifiedSplit(y, trainRatio, seed);
  if (test.length === 0 || train.length === 0) throw new ck.CreditkitError('E_OPTION', 'the split leaves no training or no test rows: use more data or another share');
  const Xtrain = X.take(train);
  const ytrain = Float64Array.from(train, (i) => y[i]);
  const Xtest = X.take(test);
  const ytest = Float64Array.from(test, (i) => y[i]);

  const model = ck.createModel(kind, input.options ?? {});
  report({ phase: 'train', fraction: 0, text: `training ${kind} on ${fmtInt(train.length)} rows` });
  const fitStart = now();
  model.fit(Xtrain, ytrain, {
    onProgress: ({ iteration, total }) => report({ phase: 'train', fraction: iteration / total, text: `training ${kind}: round ${iteration} of ${total}` }),
  });
  const fitSeconds = (now() - fitStart) / 1000;
  report({ phase: 'evaluate', fraction: 1, text: 'evaluating on the test rows' });

  const pTest = model.predictProba(Xtest);
  const pTrain = model.predictProba(Xtrain);
  const m = ck.evaluateBinary(ytest, pTest);
  const metrics = {
    trainRows: train.length, testRows: test.length, defaultRate: m.defaultRate,
    auc: m.auc, gini: m.gini, ks: m.ks, averagePrecision: m.averagePrecision, logLoss: m.logLoss, brier: m.brier,
    trainAuc: ck.rocAuc(ytrain, pTrain), fitSeconds,
  };
  const roc = ck.rocChartSpec(ck.rocCurve(ytest, pTest), { auc: m.auc, width: 260, height: 260, title: `ROC curve on ${fmtInt(test.length)} test rows (AUC ${m.auc.toFixed(3)})` });
  const importance = featureImportance(ck, model, Xtest, ytest, seed);
  const explain = reasonCodesOf(ck);

  let riskiest;
  let lending = null;
  let ratingBands = null;
  if (input.applicants) {
    report({ phase: 'score', fraction: 1, text: `scoring ${fmtInt(input.applicants.ids.length)} applicants` });
    const pd = model.predictProba(input.applicants.X);
    ratingBands = ratingBandsOnTest(ck, pTest, test, input.ratings);
    const ratings = Array.from(pd, (p) => ck.ratingForPd(p, ratingBands) ?? ck.CREDIT_RATINGS.at(-1));
    riskiest = riskiestTable(input.applicants.X, pd, explain, model, (i) => ({ id: input.applicants.ids[i], name: input.applicants.names[i], rating: ratings[i] }));
    riskiest.title = `Riskiest of the ${fmtInt(pd.length)} applicants (unrated firms, scored by the model)`;
    if (input.churnCsv) {
      report({ phase: 'lending', fraction: 1, text: 'optimizing the lending strategy (HiGHS)' });
      lending = await lendingStrategy(ck, input.applicants.ids, pd, ratings, input.churnCsv, input.solver);
    }
  } else {
    const ids = input.ids ?? (input.idColumn ? table.column(input.idColumn) : null);
    const label = (i) => {
      const row = test[i];
      return { id: ids ? (Array.isArray(ids) ? ids[row] : cellText(ids, row)) : `row ${row + 1}`, outcome: ytest[i] === 1 ? 'defaulted' : 'repaid' };
    };
    riskiest = riskiestTable(Xtest, pTest, explain, model, label);
    riskiest.title = `Riskiest ${Math.min(TOP_ROWS, test.length)} of the ${fmtInt(test.length)} test rows (with what happened)`;
  }
  return { kind, target, metrics, roc, importance, riskiest, ratingBands, lending, seconds: (now() - t0) / 1000 };
}

/** The model's own importance (total split gain) when it has one; otherwise permutation importance on the test rows. */
function featureImportance(ck, model, Xtest, ytest, seed) {
  if ((model.importanceKinds ?? []).includes('gain')) {
    return { method: 'gain', spec: ck.featureImportanceChartSpec(model.featureImportances('gain'), { width: 240, title: 'Feature importance (share of total split gain)' }) };
  }
  // Permutation importance: the test AUC lost when one feature's values are shuffled (seeded).
  const base = ck.rocAuc(ytest, model.predictProba(Xtest));
  const rng = new ck.Random(seed);
  const list = Xtest.columns.map((c) => {
    const perm = Uint32Array.from({ length: Xtest.nRows }, (_, i) => i);
    for (let i = perm.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const shuffled = { ...c, values: Float32Array.from(perm, (i) => c.values[i]) };
    const Xp = new ck.Dataset(Xtest.columns.map((d) => (d.name === c.name ? shuffled : d)), Xtest.nRows);
    return { feature: c.name, importance: base - ck.rocAuc(ytest, model.predictProba(Xp)) };
  });
  return { method: 'permutation', spec: ck.featureImportanceChartSpec(list, { normalize: false, width: 240, measure: 'test AUC lost when shuffled', title: 'Feature importance (permutation)' }) };
}

/**
 * Reason codes, when this build of creditkit has them: the features that push
 * each applicant's PD up the most (TreeSHAP for tree models, linear SHAP for
 * logistic regression and the linear SVM). Wiring a library function is this one line.
 */
function reasonCodesOf(ck) {
  return typeof ck.reasonCodes === 'function' ? (model, X) => ck.reasonCodes(model, X, { top: 3 }) : null;
}

/** Reason codes of one applicant (`ApplicantReasons` from the library) as short texts: feature = value (+PD points). */
function reasonTexts(applicant) {
  return applicant.reasons.map((r) => `${r.feature} = ${r.value} (+${(100 * r.pdImpact).toFixed(1)} pp)`);
}

function riskiestTable(X, pd, explain, model, label) {
  const order = Array.from(pd, (_, i) => i).sort((a, b) => pd[b] - pd[a] || a - b).slice(0, TOP_ROWS);
  let reasons = null;
  let reasonError = null;
  let reasonsUnavailable = false;
  if (explain) {
    try {
      const codes = explain(model, X.take(order));
      reasons = order.map((_, k) => reasonTexts(codes[k]));
    } catch (e) {
      reasonError = String(e?.message ?? e);
      // No explainer covers this model kind (an MLP, an RBF SVM): not a failure, a limit.
      reasonsUnavailable = e?.code === 'E_NOT_EXPLAINABLE';
    }
  }
  return {
    hasReasons: reasons !== null,
    reasonError,
    reasonsUnavailable,
    rows: order.map((i, k) => ({ rank: k + 1, pd: pd[i], ...label(i), ...(reasons ? { reasons: reasons[k] } : {}) })),
  };
}

/**
 * The library's rating rule (as in estimateSmePds): PD bands fitted so that
 * out-of-sample PDs of rated firms, here the test rows', reproduce the bank's
 * grade mix among them; the applicants then get the band of their PD.
 */
function ratingBandsOnTest(ck, pTest, test, ratings) {
  if (!ratings) throw new ck.CreditkitError('E_OPTION', 'rating applicants needs the bank\'s ratings of the table\'s rows');
  return ck.fitRatingBands(pTest, Array.from(test, (row) => ratings[row]), ck.CREDIT_RATINGS);
}

/** CUMCM question 2: who among the applicants gets a loan, how much, at which rate. */
async function lendingStrategy(ck, ids, pd, ratings, churnCsv, solver = 'highs') {
  const churn = ck.churnTableFromCsv(churnCsv, BUNDLED.sme.churn);
  // The bank of question 2 (amounts in 万元), as the library states it.
  const problem = ck.cumcmQ2Problem(ids.map((id, i) => ({ id, pd: Math.min(1, Math.max(0, pd[i])), rating: ratings[i] })), churn);
  const { rates: _rates, ...bank } = problem.bank;
  const r = await ck.optimizeLending(problem, { solver, timeLimit: 30 });
  const loans = (r.strategy ?? []).filter((d) => d.decision === 'lend');
  const byRating = {};
  for (const rating of ck.CREDIT_RATINGS) {
    const mine = loans.filter((d) => d.rating === rating);
    byRating[rating] = {
      applicants: ratings.filter((x) => x === rating).length,
      loans: mine.length,
      amount: mine.reduce((s, d) => s + d.amount, 0),
      meanRate: mine.length ? mine.reduce((s, d) => s + d.rate * d.amount, 0) / mine.reduce((s, d) => s + d.amount, 0) : null,
    };
  }
  return {
    status: r.status, solver: r.solver, seconds: r.seconds, gap: r.gap, bound: r.bound, message: r.message ?? null,
    bank: { ...bank, rates: `${churn.rates.length} rates, ${pct(churn.rates[0])}–${pct(churn.rates.at(-1))}` },
    summary: r.summary,
    byRating,
    loans: loans
      .sort((a, b) => b.expectedReturn - a.expectedReturn || (a.id < b.id ? -1 : 1))
      .map((d) => ({ id: d.id, rating: d.rating, pd: d.pd, amount: d.amount, rate: d.rate, churn: d.churn, expectedReturn: d.expectedReturn, expectedLoss: d.expectedLoss })),
  };
}

function now() {
  return globalThis.performance?.now() ?? Date.now();
}

function fmtInt(n) {
  return n.toLocaleString('en-US');
}

function pct(x) {
  return `${(x * 100).toFixed(x * 100 === Math.round(x * 100) ? 0 : 2)}%`;
}
