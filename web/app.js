// The demo page: collects the choices, hands the work to the worker, shows
// progress and draws the results. Charts are Vega-Lite specs built by the
// worker (creditkit's src/report/charts/) and rendered here with Vega.
/* global vega, vegaLite */

const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const FILE = 'file';
let loadedInfo = null;
const modelDescriptions = new Map();

const setState = (s) => { document.body.dataset.state = s; };

/** Hides and empties the results, so nothing from an earlier run stays on screen under a new error or new data. */
function clearResults() {
  $('results').hidden = true;
  for (const id of ['metrics', 'riskiest', 'lending-summary', 'lending-ratings', 'loans']) $(id).replaceChildren();
  for (const id of ['roc-chart', 'importance-chart']) $(id).replaceChildren();
  delete $('metrics').dataset.auc;
  delete document.body.dataset.charts;
  setProgress(0, '');
}

function showError(error) {
  clearResults();
  const where = error.where && Object.keys(error.where).length
    ? ` (${Object.entries(error.where).map(([k, v]) => `${k} ${v}`).join(', ')})` : '';
  $('error').textContent = `${error.code}: ${error.message}${where}`;
  $('error').hidden = false;
}

function setProgress(fraction, text) {
  $('progress').value = Math.max(0, Math.min(1, fraction));
  $('progress-text').textContent = text;
}

function option(value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

function busy(on) {
  for (const id of ['source', 'target', 'model', 'train']) $(id).disabled = on || (id !== 'source' && !loadedInfo);
}

function load() {
  const source = $('source').value;
  loadedInfo = null;
  $('error').hidden = true;
  clearResults();
  $('target').replaceChildren();
  if (source === FILE) {
    const file = $('file').files[0];
    $('file').hidden = false;
    if (!file) {
      $('data-info').textContent = 'choose a CSV file (plain or gzipped) with a header row and a 0/1 target column';
      busy(false);
      return;
    }
    worker.postMessage({ type: 'load', source, file });
  } else {
    $('file').hidden = true;
    worker.postMessage({ type: 'load', source });
  }
  setState('loading');
  $('data-info').textContent = 'loading…';
  busy(true);
}

/** The options the data set suggests for the chosen model (defaultModelOptions in pipeline.js), into the options field. */
function suggestOptions() {
  const options = loadedInfo?.modelOptions?.[$('model').value] ?? {};
  $('options').value = JSON.stringify(options);
  $('model-info').textContent = `${modelDescriptions.get($('model').value) ?? ''}${Object.keys(options).length ? '; options suggested for this data' : '; library defaults'}`;
}

function train() {
  let options;
  try {
    options = JSON.parse($('options').value || '{}');
    if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new Error('must be a JSON object, e.g. {"nEstimators": 200}');
  } catch (e) {
    showError({ code: 'E_OPTION', message: `model options: ${e.message}` });
    setState('error');
    return;
  }
  $('error').hidden = true;
  setState('training');
  busy(true);
  setProgress(0, 'starting');
  worker.postMessage({
    type: 'train',
    target: $('target').value,
    model: $('model').value,
    options,
    trainRatio: Number($('ratio').value),
    seed: Number($('seed').value),
  });
}

worker.onmessage = ({ data: msg }) => {
  if (msg.type === 'ready') {
    for (const s of msg.sources) $('source').append(option(s.id, s.label));
    $('source').append(option(FILE, 'CSV file…'));
    // The drop-down shows the head of each description (up to a bracket, a colon or "over"), short enough
    // for a phone screen; the full description goes below it.
    for (const m of msg.models) {
      $('model').append(option(m.name, `${m.name}: ${m.description.split(/ \(|:| over /)[0]}`));
      modelDescriptions.set(m.name, m.description);
    }
    $('reasons-note').textContent = msg.reasonCodes ? '' : 'Reason codes appear here when the creditkit build exports reasonCodes.';
    load();
  } else if (msg.type === 'progress') {
    setProgress(msg.fraction, msg.text);
  } else if (msg.type === 'loaded') {
    loadedInfo = msg.info;
    const i = msg.info;
    $('data-info').textContent = `${i.name}: ${i.rows.toLocaleString('en-US')} rows, ${i.columns.length} columns`
      + `${i.idColumn ? ` (id column ${i.idColumn}, not a feature)` : ''}${i.note ? `; ${i.note}` : ''}`;
    for (const t of i.targets) $('target').append(option(t, t));
    if (i.defaultTarget) $('target').value = i.defaultTarget;
    suggestOptions();
    busy(false);
    if (i.targets.length === 0) {
      $('train').disabled = true;
      showError({ code: 'E_TARGET_MISSING', message: 'no column holds exactly two values (0/1 or two labels) without missing cells: there is nothing to predict' });
    }
    setState('ready');
  } else if (msg.type === 'result') {
    busy(false);
    showResult(msg.result);
    setProgress(1, `done in ${msg.result.seconds.toFixed(1)} s`);
    setState('done');
  } else if (msg.type === 'error') {
    busy(false);
    showError(msg.error);
    setProgress(0, '');
    setState('error');
  }
};
worker.onerror = (e) => { showError({ code: 'E_INTERNAL', message: `the worker failed: ${e.message}` }); setState('error'); };

$('source').addEventListener('change', load);
$('file').addEventListener('change', load);
$('model').addEventListener('change', suggestOptions);
$('train').addEventListener('click', train);

// ---------------------------------------------------------------------------
// Results

const f4 = (x) => (x === null || x === undefined ? '–' : x.toFixed(4));
const pct = (x, d = 1) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(d)}%`);
const money = (x) => (x === null || x === undefined ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: 1 }));

function fillTable(table, head, rows, classes = []) {
  const thead = document.createElement('thead');
  const hr = document.createElement('tr');
  head.forEach((h, j) => {
    const th = document.createElement('th');
    th.textContent = h;
    if (classes[j]) th.className = classes[j];
    hr.append(th);
  });
  thead.append(hr);
  const tbody = document.createElement('tbody');
  for (const r of rows) {
    const tr = document.createElement('tr');
    if (r.className) tr.className = r.className;
    (r.cells ?? r).forEach((c, j) => {
      const td = document.createElement('td');
      td.textContent = c;
      if (classes[j]) td.className = classes[j];
      tr.append(td);
    });
    tbody.append(tr);
  }
  table.replaceChildren(thead, tbody);
}

async function draw(container, spec) {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'svg', container, hover: true });
  await view.runAsync();
}

async function showResult(r) {
  const m = r.metrics;
  fillTable($('metrics'), ['metric', 'value'], [
    ['AUC', f4(m.auc)], ['Gini', f4(m.gini)], ['KS', f4(m.ks)], ['average precision', f4(m.averagePrecision)],
    ['log loss', f4(m.logLoss)], ['Brier', f4(m.brier)], ['train AUC', f4(m.trainAuc)],
    ['rows (train / test)', `${m.trainRows.toLocaleString('en-US')} / ${m.testRows.toLocaleString('en-US')}`],
    ['test default rate', pct(m.defaultRate)], ['fit time', `${m.fitSeconds.toFixed(2)} s`],
  ], ['', 'num']);
  $('metrics').dataset.auc = String(m.auc);

  const rk = r.riskiest;
  $('riskiest-title').textContent = rk.title;
  const sme = rk.rows.length > 0 && 'rating' in rk.rows[0];
  const head = ['#', 'id', ...(sme ? ['name', 'rating by PD band'] : ['outcome']), 'PD', ...(rk.hasReasons ? ['reason codes'] : [])];
  const classes = ['num', '', ...(sme ? ['', ''] : ['outcome']), 'num', ...(rk.hasReasons ? ['reasons'] : [])];
  fillTable($('riskiest'), head, rk.rows.map((x) => ({
    className: x.outcome === 'defaulted' ? 'defaulted' : '',
    cells: [String(x.rank), x.id, ...(sme ? [x.name, x.rating] : [x.outcome]), pct(x.pd, 1), ...(rk.hasReasons ? [x.reasons.join('; ')] : [])],
  })), classes);
  if (rk.reasonError) $('reasons-note').textContent = `${rk.reasonsUnavailable ? 'no reason codes for this model' : 'reason codes failed'}: ${rk.reasonError}`;
  else if (rk.hasReasons) $('reasons-note').textContent = '';

  const L = r.lending;
  $('lending').hidden = !L;
  if (L) showLending(L);
  $('results').hidden = false;
  await Promise.all([draw($('roc-chart'), r.roc), draw($('importance-chart'), r.importance.spec)]);
  document.body.dataset.charts = 'drawn';
}

function showLending(L) {
  const b = L.bank;
  $('lending-terms').textContent = `CUMCM 2020 C question 2 (amounts in 万元 = 10,000 CNY): budget ${money(b.budget)}, loans of ${b.minAmount}–${b.maxAmount}, `
    + `${b.rates} with attachment 3's churn curves, LGD ${b.lgd}; applicants rated A–D by PD bands fitted so the held-out rated firms' PDs reproduce the bank's grades, D excluded. `
    + `Solved by ${L.solver === 'highs' ? 'HiGHS (WebAssembly)' : L.solver}: ${L.status}${L.gap === null ? '' : `, gap ${L.gap === 0 ? '0' : pct(L.gap, 3)}`} in ${L.seconds.toFixed(2)} s.`;
  const s = L.summary;
  if (!s) {
    fillTable($('lending-summary'), ['strategy', 'value'], [['status', `${L.status}${L.message ? `: ${L.message}` : ''}`]]);
    fillTable($('lending-ratings'), [], []);
    fillTable($('loans'), [], []);
    return;
  }
  fillTable($('lending-summary'), ['strategy', 'value'], [
    ['loans', String(s.loans)], ['total offered', money(s.totalAmount)], ['expected taken up', money(s.expectedAmount)],
    ['mean rate', pct(s.meanRate, 2)], ['expected return', money(s.expectedReturn)], ['expected loss', money(s.expectedLoss)],
    ['average PD of the loans', pct(s.averagePd, 2)],
  ], ['', 'num']);
  fillTable($('lending-ratings'), ['rating', 'applicants', 'loans', 'amount', 'mean rate'],
    Object.entries(L.byRating).map(([k, v]) => [k, String(v.applicants), String(v.loans), money(v.amount), pct(v.meanRate, 2)]),
    ['', 'num', 'num', 'num', 'num']);
  const shown = L.loans.slice(0, 12);
  $('loans-title').textContent = `Loans by expected return (${shown.length} of ${L.loans.length})`;
  fillTable($('loans'), ['id', 'rating', 'PD', 'amount', 'rate', 'churn', 'expected return', 'expected loss'],
    shown.map((d) => [d.id, d.rating, pct(d.pd, 2), money(d.amount), pct(d.rate, 2), pct(d.churn, 1), money(d.expectedReturn), money(d.expectedLoss)]),
    ['', '', 'num', 'num', 'num', 'num', 'num', 'num']);
}
