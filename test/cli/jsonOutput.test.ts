// `--json` on every command that prints figures (issue 19, item 5): stdout is
// one JSON document and nothing else, and its figures are the ones the text
// output shows.
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/main.js';
import { cli, GERMAN, tempDir } from './helpers.js';

/** Commands that print no figures (only the file they wrote), so have no --json. */
const NO_FIGURES = ['convert'];

/** The number printed after `label` in `text` (thousands separators and a trailing % read). */
function shown(text: string, label: RegExp): number {
  const m = new RegExp(`${label.source}\\s*(-?[\\d,]+(?:\\.\\d+)?)(%?)`).exec(text);
  if (!m) throw new Error(`no number after ${label} in:\n${text}`);
  return Number(m[1].replace(/,/g, '')) / (m[2] === '%' ? 100 : 1);
}

/** `value` is what `printed` shows, to the decimals it shows. */
function expectShownAs(printed: number, value: number, text: string, label: RegExp): void {
  const m = new RegExp(`${label.source}\\s*-?[\\d,]+(?:\\.(\\d+))?(%?)`).exec(text)!;
  const decimals = (m[1]?.length ?? 0) + (m[2] === '%' ? 2 : 0);
  expect(Math.abs(printed - value)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

function parseOnly(out: string): Record<string, unknown> & Record<string, any> {
  // The whole of stdout is one document.
  return JSON.parse(out);
}

describe('--json', () => {
  const t = tempDir();
  const model = t.file('model.json');
  afterAll(() => t.cleanup());
  beforeAll(async () => {
    const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--kind', 'logistic', '--out', model);
    expect(r.code).toBe(0);
  }, 60_000);

  it('is a flag of every command that prints figures', () => {
    for (const c of COMMANDS) {
      if (NO_FIGURES.includes(c.name)) {
        expect(c.options, c.name).not.toHaveProperty('json');
      } else {
        expect(c.options, c.name).toHaveProperty('json');
        expect(c.help, c.name).toMatch(/--json/);
      }
    }
  });

  it('train and evaluate: the AUC and log loss the text shows', async () => {
    const text = await cli('evaluate', '--model', model, '--data', GERMAN, '--target', 'is_bad');
    const json = parseOnly((await cli('evaluate', '--model', model, '--data', GERMAN, '--target', 'is_bad', '--json')).out);
    expectShownAs(shown(text.out, /AUC/), json.auc, text.out, /AUC/);
    expectShownAs(shown(text.out, /log loss/), json.logLoss, text.out, /log loss/);
    expectShownAs(shown(text.out, /Brier/), json.brier, text.out, /Brier/);
    const again = t.file('again.json');
    const trainText = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--kind', 'logistic', '--out', again);
    const trainJson = parseOnly((await cli('train', '--data', GERMAN, '--target', 'is_bad', '--kind', 'logistic', '--out', t.file('again2.json'), '--json')).out);
    expectShownAs(shown(trainText.out, /AUC/), trainJson.train.auc, trainText.out, /AUC/);
    expect(trainJson.train.auc).toBe(json.auc);
    expect(shown(trainText.out, /train\s+/)).toBe(trainJson.rows);
  }, 60_000);

  it('score: rows and the output file', async () => {
    const out = t.file('scores.csv');
    const r = await cli('score', '--model', model, '--data', GERMAN, '--out', out, '--json');
    expect(r.code).toBe(0);
    const j = parseOnly(r.out);
    expect(j.rows).toBe(1000);
    expect(j.output).toBe(out);
    expect(j.seconds).toBeGreaterThan(0);
    expect(j.rowsPerSecond).toBeCloseTo(j.rows / j.seconds, 6);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1001);
    const text = await cli('score', '--model', model, '--data', GERMAN, '--out', t.file('scores2.csv'));
    expect(shown(text.out, /scored/)).toBe(j.rows);
  }, 60_000);

  it('report: the file, its size and its charts', async () => {
    const html = t.file('report.html');
    const r = await cli('report', '--model', model, '--data', GERMAN, '--target', 'is_bad', '--shap-rows', '50', '--out', html, '--json');
    expect(r.code).toBe(0);
    const j = parseOnly(r.out);
    expect(j.output).toBe(html);
    expect(j.bytes).toBe(statSync(html).size);
    expect(j.charts).toBe((readFileSync(html, 'utf8').match(/<svg/g) ?? []).length);
    expect(j.charts).toBeGreaterThan(0);
    const text = await cli('report', '--model', model, '--data', GERMAN, '--target', 'is_bad', '--shap-rows', '50', '--out', t.file('report2.html'));
    expect(text.out).toContain(`${j.charts} charts`);
  }, 120_000);

  it('points and monitor: the grade counts and PSIs the tables show', async () => {
    const pointsText = await cli('points', '--model', model, '--data', GERMAN, '--target', 'is_bad');
    const points = parseOnly((await cli('points', '--model', model, '--data', GERMAN, '--target', 'is_bad', '--json')).out);
    for (const g of points.grades) {
      const line = new RegExp(`^${g.grade}\\s.*?\\s(\\d+)\\s+[\\d.]+%`, 'm').exec(pointsText.out)!;
      expect(Number(line[1])).toBe(g.count);
    }
    const monitor = parseOnly((await cli('monitor', '--baseline', GERMAN, '--current', GERMAN, '--columns', 'age_years', '--json')).out);
    expect(monitor.results).toEqual([expect.objectContaining({ name: 'age_years', psi: 0, label: 'stable' })]);
  }, 60_000);

  it('is refused together with an output on standard output', async () => {
    const r = await cli('score', '--model', model, '--data', GERMAN, '--out', '-', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[E_USAGE\]: --json and --out - both print to standard output/);
  });
});
