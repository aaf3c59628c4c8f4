import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseCsv } from '../../src/data/csv.js';
import { splitTarget } from '../../src/data/target.js';
import { GradientBoostingClassifier } from '../../src/models/gbdt/gbdt.js';
import { LogisticRegression } from '../../src/models/linear/logistic.js';
import { buildValidationReport } from '../../src/report/validationReport.js';
import { aucPerPeriodChartSpec } from '../../src/report/charts/aucPerPeriod.js';
import { gradeBacktestChartSpec } from '../../src/report/charts/gradeBacktest.js';
import { psiPerPeriodChartSpec } from '../../src/report/charts/psiPerPeriod.js';
import { validateModel, type ValidationResult } from '../../src/validation/validateModel.js';
import { validateScores } from '../../src/validation/validateScores.js';
import { RatingGrades } from '../../src/scorecard/grades.js';
import { init } from '../../src/wasm/load.js';
import { HAVE_CHROMIUM, REPO_ROOT, SKIP_CHROMIUM as SKIP, SKIP_CHROMIUM_REASON as SKIP_REASON, launchChromium, reportContext } from '../runtimes/helpers.js';
import { loansCsv } from '../validation/syntheticLoans.js';

const OUT = join(REPO_ROOT, 'test-output', 'validation');
let result: ValidationResult;
let html: string;

beforeAll(async () => {
  await init();
  const types = { date: 'categorical', region: 'categorical' } as const;
  const train = parseCsv(loansCsv(3000, 1), { types, file: 'train.csv' });
  const current = parseCsv(loansCsv(2400, 2), { types, file: 'current.csv' });
  const { X, y } = splitTarget(train.select(['x1', 'x2', 'default']), 'default');
  const gbdt = new GradientBoostingClassifier({ nEstimators: 30, maxDepth: 3, seed: 1 }).fit(X, y);
  result = validateModel(gbdt, current, { target: 'default', date: 'date', segment: 'region', champion: new LogisticRegression().fit(X, y), baseline: train });
  html = await buildValidationReport(result, { subtitle: 'synthetic loans' });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'validation.html'), html);
}, 120_000);

/** The HTML of each <section>, by id. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/<section id="([^"]+)">([\s\S]*?)<\/section>/g)) out.set(m[1], m[2]);
  return out;
}

describe('the validation report', () => {
  it('puts the flags first, then a section per part, each with a "How to read" line', () => {
    const s = sections(html);
    expect([...s.keys()]).toEqual(['flags', 'discrimination', 'calibration', 'stability', 'out-of-time', 'segments']);
    for (const [id, body] of s) expect(body, id).toMatch(/How to read/);
    expect(s.get('flags')).toContain('<caption>Red and amber flags</caption>');
    expect(s.get('flags')).toContain('2024-06');
    expect(s.get('flags')).toContain('no defaults: AUC is not defined');
  });

  it('draws the grade back-test, the AUC per period with its band and the PSI per period', () => {
    const s = sections(html);
    const svgs = (id: string) => [...s.get(id)!.matchAll(/<svg[\s\S]*?<\/svg>/g)].length;
    expect(svgs('calibration')).toBe(1);
    expect(svgs('out-of-time')).toBe(2);
    expect(s.get('out-of-time')).toContain('AUC per period with its 95% CI (DeLong)');
  });

  it('writes a word, never NaN, where a figure is not defined', () => {
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
    const oot = sections(html).get('out-of-time')!;
    expect(oot).toMatch(/<td>2024-06<\/td>(<td[^>]*>[^<]*<\/td>){4}<td class="num">n\/a \(no defaults\)<\/td>/);
    // The month without defaults still has its back-test: Jeffreys and binomial p-values and a light.
    const june = result.outOfTime!.periods[5];
    expect(oot).toMatch(new RegExp(`<td>2024-06</td>(<td[^>]*>[^<]*</td>){6}<td>${june.jeffreysP.toFixed(4)}</td><td>1.0000</td><td>green</td>`));
    expect(sections(html).get('segments')).toMatch(/<td>tiny<\/td>.*?n\/a \(no defaults\)/);
    expect(sections(html).get('calibration')).toContain('empty grade');
  });

  it('gives each segment its whole-segment tests and its back-test per grade', () => {
    const seg = sections(html).get('segments')!;
    const tables = [...seg.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]);
    expect(tables).toHaveLength(2);
    expect(tables[0]).toContain('Spiegelhalter p');
    const perGrade = [...tables[1].matchAll(/<tr><td>([^<]+)<\/td><td>([^<]+)<\/td><td class="num">(\d+)<\/td>/g)].map((m) => [m[1], m[2], Number(m[3])]);
    const expected = result.segments!.segments.flatMap((g) => g.calibration.grades.filter((x) => x.count > 0).map((x) => [g.segment, x.grade, x.count]));
    expect(perGrade).toEqual(expected);
    expect(expected.length).toBeGreaterThan(6);
  });

  it('shows the DeLong test against the champion', () => {
    expect(sections(html).get('discrimination')).toContain('DeLong&#39;s test of AUC(model) − AUC(champion) on the same rows');
    expect(sections(html).get('discrimination')).toContain('champion: LogisticRegression');
  });
});

describe('a period and a segment with one defaulter', () => {
  it('have an AUC but no interval, say why in words in the report, and are amber flags', async () => {
    // 2024-01 and segment a: many defaulters; 2024-02 and segment b: exactly one.
    const lines = ['pd,default,date,seg'];
    for (let i = 0; i < 120; i++) {
      const feb = i >= 60;
      const pd = ((i * 37) % 100) / 100 + 0.004;
      const y = feb ? (i === 70 ? 1 : 0) : pd > 0.6 === (i % 7 !== 0) ? 1 : 0;
      lines.push(`${pd},${y},${feb ? '2024-02-15' : '2024-01-15'},${feb ? 'b' : 'a'}`);
    }
    const ds = parseCsv(lines.join('\n') + '\n', { types: { pd: 'categorical', date: 'categorical', seg: 'categorical' }, file: 'one.csv' });
    const r = validateScores(ds, { pd: 'pd', target: 'default', date: 'date', segment: 'seg', grades: RatingGrades.parse('A:0.5,B') });
    const feb = r.outOfTime!.periods[1];
    expect([feb.defaults, feb.discrimination.auc !== null, feb.discrimination.ci]).toEqual([1, true, null]);
    expect(r.flags).toContainEqual({ level: 'amber', section: 'out-of-time', item: '2024-02', message: 'one defaulter: the variance is not defined' });
    expect(r.flags).toContainEqual({ level: 'amber', section: 'segments', item: 'b', message: 'one defaulter: the variance is not defined: no interval for the AUC' });
    const page = sections(await buildValidationReport(r));
    expect(page.get('out-of-time')).toMatch(/<td>2024-02<\/td>(<td[^>]*>[^<]*<\/td>){5}<td>n\/a \(one defaulter\)<\/td>/);
    expect(page.get('segments')).toMatch(/<td>b<\/td>(<td[^>]*>[^<]*<\/td>){5}<td>n\/a \(one defaulter\)<\/td>/);
  });
});

describe('validation chart specs', () => {
  it('leave out undefined figures and refuse values outside [0, 1]', () => {
    const spec = aucPerPeriodChartSpec([{ period: 'a', auc: 0.7, ci: [0.6, 0.8] }, { period: 'b', auc: null, ci: null, note: 'no defaults' }]);
    const layers = spec.layer as { data: { values: unknown[] } }[];
    expect(layers[1].data.values).toHaveLength(1);
    expect(layers[3].data.values).toEqual([{ period: 'b', note: 'no defaults', y: 0.5 }]);
    expect(() => aucPerPeriodChartSpec([])).toThrow(expect.objectContaining({ code: 'E_EMPTY_DATA' }));
    expect(() => gradeBacktestChartSpec([{ grade: 'A', meanPd: 1.5, defaultRate: 0.1, interval: null, light: 'green', count: 3 }])).toThrow(expect.objectContaining({ code: 'E_NONFINITE' }));
    expect(() => psiPerPeriodChartSpec([{ period: 'a', psi: NaN }])).toThrow(expect.objectContaining({ code: 'E_NONFINITE' }));
  });
});

if (SKIP) console.warn(`[validation report] Chromium test skipped: ${SKIP_REASON}`);

describe.skipIf(SKIP)(SKIP ? `validation report in Chromium (skipped: ${SKIP_REASON})` : 'validation report in Chromium', () => {
  let browser: Browser | undefined;
  let page: Page;
  const requests: string[] = [];
  let fileUrl = '';

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return;
    fileUrl = pathToFileURL(join(OUT, 'validation.html')).href;
    browser = await launchChromium();
    const context = await reportContext(browser);
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(fileUrl, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('opens offline, loads nothing but the file, draws every chart and saves screenshots', async () => {
    expect(HAVE_CHROMIUM).toBe(true);
    expect(requests).toEqual([fileUrl]);
    const boxes = await page.$$eval('figure svg', (svgs) => svgs.map((s) => {
      const r = s.getBoundingClientRect();
      return { w: r.width, h: r.height, marks: s.querySelectorAll('[role="graphics-symbol"]').length };
    }));
    expect(boxes).toHaveLength(3);
    for (const b of boxes) {
      expect(b.w).toBeGreaterThan(150);
      expect(b.h).toBeGreaterThan(80);
      expect(b.marks).toBeGreaterThan(0);
    }
    for (const id of ['flags', 'calibration', 'out-of-time']) {
      const png = await page.locator(`#${id}`).screenshot();
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.length).toBeGreaterThan(10_000);
      writeFileSync(join(OUT, `validation-${id}.png`), png);
    }
  });
});
