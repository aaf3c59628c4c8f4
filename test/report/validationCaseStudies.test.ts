// The validation reports of issue 17's case studies, built by the scripts that
// write the docs' screenshots (docs/validation-screenshots.ts), checked and
// opened in Chromium: Give Me Some Credit (grades, age bands, the logistic
// champion against the GBDT), German credit (fairness with a protected
// attribute kept out of the features, the four-fifths flag) and the CUMCM
// firms (calibration per bank rating).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildValidationReport } from '../../src/report/validationReport.js';
import type { ValidationResult } from '../../src/validation/validateModel.js';
import { parseCsv } from '../../src/data/csv.js';
import { validateScores } from '../../src/validation/validateScores.js';
import { germanFairness, germanScoredCsv, germanValidation, PROTECTED } from '../../scripts/fairness-german.js';
import { cumcmRatedCsv, cumcmRatingCheck, cumcmValidation } from '../../scripts/validate-cumcm.js';
import { gmscReport, gmscValidation } from '../../scripts/validate-gmsc.js';
import { errorOf } from '../errorOf.js';
import { cli, tempDir } from '../cli/helpers.js';
import { HAVE_CHROMIUM, REPO_ROOT, SKIP_CHROMIUM as SKIP, SKIP_CHROMIUM_REASON as SKIP_REASON, launchChromium, reportContext } from '../runtimes/helpers.js';

const OUT = join(REPO_ROOT, 'test-output', 'validation');
const results: Record<'gmsc' | 'german' | 'cumcm', ValidationResult> = {} as never;
const pages: Record<string, string> = {};
let cumcmCsv = '';

beforeAll(async () => {
  const gmsc = await gmscValidation(0);
  results.gmsc = gmsc.result;
  pages.gmsc = await gmscReport(gmsc);
  const german = await germanFairness({ cutoff: 1 / 6 });
  results.german = germanValidation(german, { cutoff: 1 / 6 });
  pages.german = await buildValidationReport(results.german, { title: 'German credit, fairness' });
  const cumcm = await cumcmRatingCheck();
  cumcmCsv = cumcmRatedCsv(cumcm);
  results.cumcm = cumcmValidation(cumcm);
  pages.cumcm = await buildValidationReport(results.cumcm, { title: 'CUMCM, calibration per bank rating' });
  mkdirSync(OUT, { recursive: true });
  for (const [name, html] of Object.entries(pages)) writeFileSync(join(OUT, `validation-${name}.html`), html);
}, 600_000);

/** The section ids of a report, in order. */
const sectionIds = (html: string) => [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);

describe('Give Me Some Credit: grades, age-band segments and the logistic champion against the GBDT', () => {
  it('back-tests the master scale, gives figures per age band and DeLong\'s test against the champion', () => {
    const r = results.gmsc;
    expect(r.rows).toBe(45_000);
    expect(r.calibration.grades.map((g) => g.grade)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(r.segments!.segments.map((s) => s.segment).sort()).toEqual(['30-44', '45-59', '60-74', '75 and over', 'under 30']);
    expect(r.champion!.champion).toBe('LogisticRegression');
    expect(r.discrimination.auc).toBeGreaterThan(0.85);
    expect(r.champion!.test.difference).toBeCloseTo(r.discrimination.auc! - r.champion!.discrimination.auc!, 12);
    expect(r.champion!.verdict).toBe('model better');
    expect(r.stability!.characteristics).toHaveLength(10);
    expect(sectionIds(pages.gmsc)).toEqual(['flags', 'discrimination', 'calibration', 'stability', 'segments']);
  });
});

describe('German credit: fairness with the protected attribute excluded from the features', () => {
  it('keeps personal_status_sex out of the features, checks it, and flags the group below four fifths', () => {
    const r = results.german;
    expect(r.model.features).toHaveLength(19);
    expect(r.model.features).not.toContain(PROTECTED);
    const [c] = r.fairness!.columns;
    expect(c.column).toBe(PROTECTED);
    const ref = c.groups.find((g) => g.reference)!;
    for (const g of c.groups) {
      expect(g.disparateImpact).toBeCloseTo(g.approvalRate / ref.approvalRate, 12);
      expect(g.belowFourFifths).toBe(g.disparateImpact! < 0.8);
    }
    // At the data set's own cost matrix (approve when PD < 1/6), divorced or separated men fall below the line.
    expect(c.flagged).toEqual(['A91']);
    expect(r.flags).toContainEqual(expect.objectContaining({ level: 'red', section: 'fairness', item: `${PROTECTED} = A91` }));
    expect(sectionIds(pages.german)).toContain('fairness');
  });

  it('had the protected column been a feature, the check would stop the validation', async () => {
    const german = await germanFairness({ cutoff: 1 / 6 }, 2, 0);
    const ds = parseCsv(germanScoredCsv(german), { types: { pd: 'categorical' } });
    const e = errorOf(() => validateScores(ds, { pd: 'pd', target: 'is_bad', features: [...german.features, PROTECTED], protected: [PROTECTED] }));
    expect(e.code).toBe('E_PROTECTED_FEATURE');
  }, 120_000);
});

describe('CUMCM firms: calibration per bank rating', () => {
  it('back-tests the ratings A–D with the data\'s firm counts', () => {
    const g = results.cumcm.calibration.grades;
    expect(g.map((x) => [x.grade, x.count])).toEqual([['A', 27], ['B', 38], ['C', 34], ['D', 24]]);
    expect(results.cumcm.settings.grades.column).toBe('credit_rating');
    expect(g[3].light).toBe('red');
  });

  it('creditkit validate --pd with the ratings as --grade-column and --hl-df groups gives the same figures', async () => {
    const tmp = tempDir();
    try {
      const data = tmp.file('cumcm-rated.csv', cumcmCsv);
      const r = await cli('validate', '--pd', 'pd', '--data', data, '--target', 'defaulted', '--grade-column', 'credit_rating', '--grade-order', 'A,B,C,D', '--hl-df', 'groups', '--json');
      expect(r.code, r.err).toBe(0);
      const printed = JSON.parse(r.out);
      expect(printed.calibration).toEqual(results.cumcm.calibration);
      expect(printed.discrimination).toEqual(results.cumcm.discrimination);
      expect(printed.calibration.hosmerLemeshowGrades.df).toBe(4);
    } finally {
      tmp.cleanup();
    }
  });
});

if (SKIP) console.warn(`[validation case studies] Chromium test skipped: ${SKIP_REASON}`);

describe.skipIf(SKIP)(SKIP ? `case-study reports in Chromium (skipped: ${SKIP_REASON})` : 'case-study reports in Chromium', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (HAVE_CHROMIUM) browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['gmsc', 'calibration'],
    ['german', 'fairness'],
    ['cumcm', 'calibration'],
  ])('%s: opens offline, draws the grade chart and shows the %s section', async (name, section) => {
    expect(HAVE_CHROMIUM).toBe(true);
    const context = await reportContext(browser!);
    const page = await context.newPage();
    const url = pathToFileURL(join(OUT, `validation-${name}.html`)).href;
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });
    expect(requests).toEqual([url]);
    const marks = await page.$$eval('#calibration figure svg', (svgs) => svgs.map((s) => s.querySelectorAll('[role="graphics-symbol"]').length));
    expect(marks).toHaveLength(1);
    expect(marks[0]).toBeGreaterThan(0);
    if (name === 'german') {
      const rows = await page.$$eval('#fairness tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
      expect(rows.map((r) => [r[0], r[4]])).toEqual([['A91', 'below'], ['A92', 'ok'], ['A93 (reference)', 'ok'], ['A94', 'ok']]);
    }
    const png = await page.locator(`#${section}`).screenshot();
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
    writeFileSync(join(OUT, `validation-${name}-${section}.png`), png);
    await context.close();
  }, 120_000);
});
