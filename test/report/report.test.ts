import { describe, expect, it } from 'vitest';
import { readCsvFileSync } from '../readCsvFileSync.js';
import { splitTarget } from '../../src/data/target.js';
import { strategyFile } from '../../src/lending/strategyJson.js';
import { optimizeLending } from '../../src/lending/optimize.js';
import { lendingFrontier } from '../../src/lending/frontier.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { LogisticRegression } from '../../src/models/linear/logistic.js';
import { MLPClassifier } from '../../src/models/neural/mlp.js';
import { compareOnHoldout } from '../../src/selection/holdoutComparison.js';
import { compareChampionChallenger, trainChallengers } from '../../src/selection/championChallenger.js';
import { stratifiedSplit } from '../../src/data/split.js';
import { collectModelReport, sampleRows } from '../../src/report/modelReport.js';
import { buildReport } from '../../src/report/report.js';
import { isUnavailable, shapSource } from '../../src/report/sources.js';
import '../../src/index.js';
import { GERMAN } from '../cli/helpers.js';
import { smallProblem } from '../lending/instances.js';
import { exactShapley } from './exactShapley.js';

/** The HTML of each <section>, by id. */
function sections(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<section id="([^"]+)">([\s\S]*?)<\/section>/g)) out.set(m[1], m[2]);
  return out;
}

/** Inline SVG charts with drawn marks: every chart must contain paths (lines, bars, dots, axes). */
function charts(html: string): string[] {
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

function expectDrawn(svgs: string[]): void {
  for (const svg of svgs) {
    expect(svg).toMatch(/class="marks"/);
    expect((svg.match(/<path\b[^>]* d="M/g) ?? []).length).toBeGreaterThan(3);
  }
}

// German credit, four numeric features (so the exact Shapley brute force is quick), a small GBDT.
const ds = readCsvFileSync(GERMAN);
const { X: all, y } = splitTarget(ds, 'is_bad');
const X = all.select(['duration_months', 'credit_amount', 'age_years', 'installment_rate_pct']);
const model = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3, seed: 1 }).fit(X, y);

describe('buildReport', () => {
  it('renders every model section with non-empty charts, SHAP from an exact Shapley explainer', async () => {
    let explained = 0;
    const data = await collectModelReport(model, X, y, {
      dataName: 'german-credit.csv.gz', modelName: 'GBDT, 30 trees', shapRows: 60, seed: 5,
      shapSource: async (m, rows) => {
        explained = rows.nRows;
        return exactShapley(m as GradientBoostingClassifier, rows);
      },
    });
    expect(explained).toBe(60);
    // The explainer is exact: bias + Σ contributions = the raw score of each explained row.
    const shap = data.shap as Exclude<typeof data.shap, { unavailable: string }>;
    const raw = model.predictRaw(X.take(shap.rows));
    for (let r = 0; r < shap.nRows; r++) {
      let s = shap.bias;
      for (let f = 0; f < 4; f++) s += shap.contributions[r * 4 + f];
      expect(s).toBeCloseTo(raw[r], 9);
    }
    expect(data.applicants.map((a) => a.label)).toEqual([
      expect.stringContaining('highest PD'), expect.stringContaining('median PD'), expect.stringContaining('lowest PD'),
    ]);
    const holdout = compareOnHoldout(X, y, ['gbdt', 'tree'], { seed: 2 });
    const html = await buildReport({ title: 'German credit', model: data, comparison: { holdout } });

    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/https?:|<script|<link|@import|url\((?!#)/i); // self-contained: nothing to fetch, nothing to run
    // ids (clip paths, gradients) are unique across the page's many SVGs
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((i) => i.includes("gradient")).length).toBeGreaterThan(0); // the SHAP summary's colour legend
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
    const s = sections(html);
    expect([...s.keys()]).toEqual(['data', 'performance', 'importance', 'shap', 'comparison']);
    for (const id of s.keys()) expect(html).toContain(`<a href="#${id}">`);
    // dataset summary: rows, default rate, one missing-value line per feature
    expect(s.get('data')).toContain('<td class="num">1,000</td>');
    expect(s.get('data')).toContain('30.00%');
    for (const f of X.names) expect(s.get('data')).toMatch(new RegExp(`<td>${f}</td><td>numeric</td><td class="num">0</td>`));
    // one chart per figure, each with a how-to-read line
    const expected: Record<string, string[]> = {
      performance: ['ROC curve', 'Precision–recall curve', 'KS plot', 'Calibration', 'Score distribution by class'],
      importance: ['Feature importance'],
      shap: ['SHAP summary', 'Applicant: row', 'Applicant: row', 'Applicant: row'],
      comparison: ['ROC curves compared'],
    };
    for (const [id, titles] of Object.entries(expected)) {
      const body = s.get(id)!;
      const figures = [...body.matchAll(/<figure><h3>([^<]*)<\/h3>/g)].map((m) => m[1]);
      expect(figures.map((t) => titles.find((x) => t.startsWith(x)))).toEqual(titles);
      const svgs = charts(body);
      expect(svgs).toHaveLength(titles.length);
      expectDrawn(svgs);
      expect((body.match(/<b>How to read:<\/b>/g) ?? []).length).toBe(titles.length);
    }
    // the figures are the model's: AUC in the table and in the ROC title agree
    expect(s.get('performance')).toContain(`ROC curve (AUC ${data.metrics.auc.toFixed(3)})`);
    expect(s.get('comparison')).toMatch(/<td>gbdt<\/td><td class="num">0\.\d{4}<\/td>/);
    // the SHAP summary names the features, the waterfalls show values
    for (const f of X.names) expect(s.get('shap')).toContain(f);
    expect(s.get('shap')).toMatch(/duration_months = \d+/);
  });

  it('says so when SHAP is not available instead of leaving the section empty', async () => {
    const data = await collectModelReport(model, X, y, { dataName: 'g', shapSource: async () => ({ unavailable: 'no explainer here' }) });
    const html = await buildReport({ model: data });
    const shap = sections(html).get('shap')!;
    expect(shap).toContain('<p class="note">SHAP explanations are not shown: no explainer here.</p>');
    expect(charts(shap)).toHaveLength(0);
  });

  it('renders a lending strategy: figures, frontier, allocation by rating and sector, rate against PD', async () => {
    const problem = smallProblem({ n: 12, seed: 4 });
    const result = await optimizeLending(problem);
    const frontier = await lendingFrontier(problem, { points: 4 });
    const html = await buildReport({ strategies: [{ title: 'Lending strategy', file: strategyFile(result, frontier, '万元') }] });
    const body = sections(html).get('lending-1')!;
    const figures = [...body.matchAll(/<figure><h3>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(figures).toEqual(['Return versus risk', 'Allocation by rating', 'Allocation by sector', 'Rate chosen against PD']);
    expectDrawn(charts(body));
    expect(body).toContain(`expected return (万元)</td><td class="num">${result.summary!.expectedReturn.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
    expect(body).toContain('this strategy');
    expect(html).not.toMatch(/https?:/);
  });

  it('renders the champion against its challengers: the figures of each model on the holdout, ΔAUC signed, the ROC curves drawn', async () => {
    const { train, test } = stratifiedSplit(y, 0.7, 4);
    const trainY = Float64Array.from(train, (i) => y[i]);
    const champion = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3, seed: 1 }).fit(X.take(train), trainY);
    const challengers = trainChallengers(['logistic', 'tree'], X.take(train), trainY, { dataName: 'train rows' });
    const c = compareChampionChallenger({ name: 'PD model', model: champion, source: 'production' }, challengers, X.take(test), Float64Array.from(test, (i) => y[i]));
    const html = await buildReport({ title: 'Champion and challengers', championChallenger: { comparison: c, repeated: { unavailable: 'not asked for' } } });
    const body = sections(html).get('champion-challenger')!;
    expect(body).toContain(`the same ${test.length} holdout rows`);
    for (const r of c.rows) {
      const delta = r.role === 'champion' ? '—' : `${r.aucDifference > 0 ? '+' : '−'}${Math.abs(r.aucDifference).toFixed(4)}`;
      expect(body).toContain(`<tr><td>${r.model}</td><td>${r.role}</td><td>${r.source}</td><td class="num">${r.auc.toFixed(4)}</td><td class="num">${delta}</td>`);
    }
    expect(c.rows.map((r) => r.source)).toEqual(['production', 'logistic trained on train rows (defaults)', 'tree trained on train rows (defaults)']);
    const svgs = charts(body);
    expect(svgs).toHaveLength(1);
    expectDrawn(svgs);
    expect(body).toContain('No repeated-split table: not asked for.');
  });

  it('rejects an empty report; samples SHAP rows with the seed', async () => {
    await expect(buildReport({})).rejects.toMatchObject({ code: 'E_OPTION' });
    const a = sampleRows(1000, 50, 3);
    expect(a).toEqual(sampleRows(1000, 50, 3));
    expect(new Set(a).size).toBe(50);
    expect(a).not.toEqual(sampleRows(1000, 50, 4));
    expect(sampleRows(10, 50, 3)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('the adapters (src/report/sources.ts)', () => {
  it('TreeSHAP through the adapter gives the exact Shapley values of a tree model', async () => {
    const rows = X.take([0, 1, 2, 3, 4]);
    const r = await shapSource(model, rows);
    if (isUnavailable(r)) throw new Error(`TreeSHAP unavailable: ${r.unavailable}`);
    const exact = exactShapley(model, rows);
    expect(r.featureNames).toEqual(exact.featureNames);
    expect(r.bias).toBeCloseTo(exact.bias, 9);
    for (let k = 0; k < exact.contributions.length; k++) expect(r.contributions[k]).toBeCloseTo(exact.contributions[k], 9);
  });

  it('a linear model is explained by linear SHAP, in the report\'s SHAP section too (categorical features included)', async () => {
    const Xc = all.select(['duration_months', 'credit_amount', 'checking_account_status', 'purpose']);
    const logistic = new LogisticRegression().fit(Xc, y);
    const r = await shapSource(logistic, Xc.take([0, 1, 2]));
    if (isUnavailable(r)) throw new Error(`SHAP unavailable: ${r.unavailable}`);
    expect(r.method).toBe('linear SHAP');
    const raw = logistic.predictRaw(Xc.take([0, 1, 2]));
    for (let i = 0; i < 3; i++) {
      let s = r.bias;
      for (let f = 0; f < 4; f++) s += r.contributions[i * 4 + f];
      expect(Math.abs(s - raw[i])).toBeLessThan(1e-9);
    }
    const data = await collectModelReport(logistic, Xc, y, { dataName: 'german-credit.csv.gz', shapRows: 80, seed: 2 });
    const html = await buildReport({ model: data });
    const shap = sections(html).get('shap')!;
    expect(shap).toContain('SHAP contributions (linear SHAP) of 80 rows');
    expect(shap).not.toContain('not shown');
    const figures = [...shap.matchAll(/<figure><h3>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(figures.map((t) => t.replace(/:.*/, ''))).toEqual(['SHAP summary', 'Applicant', 'Applicant', 'Applicant']);
    expectDrawn(charts(shap));
  });

  it('a model no explainer covers gives the reason, which the report shows', async () => {
    const mlp = new MLPClassifier({ hiddenLayerSizes: [3], maxEpochs: 2 }).fit(X, y);
    const r = await shapSource(mlp, X.take([0, 1]));
    expect(isUnavailable(r) && r.unavailable).toMatch(/cannot explain MLPClassifier.*tree models.*linear models/);
    const html = await buildReport({ model: await collectModelReport(mlp, X, y, { dataName: 'german', shapRows: 10 }) });
    expect(sections(html).get('shap')).toMatch(/SHAP explanations are not shown: cannot explain MLPClassifier/);
  });
});
