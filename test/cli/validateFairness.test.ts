// `creditkit validate` with protected attributes: the fairness section of the
// validation (issue 17), on German credit with the personal status/sex column
// kept out of the model by `train --protected`.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, GERMAN, tempDir } from './helpers.js';

const tmp = tempDir();
const model = tmp.file('german.json');
const leaky = tmp.file('leaky.json');

beforeAll(async () => {
  const trained = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', model, '--n-estimators', '40', '--max-depth', '3', '--protected', 'personal_status_sex');
  expect(trained.code, trained.err).toBe(0);
  const withSex = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', leaky, '--n-estimators', '10', '--max-depth', '2');
  expect(withSex.code, withSex.err).toBe(0);
}, 120_000);
afterAll(() => tmp.cleanup());

interface Group { group: string; count: number; approved: number; approvalRate: number; reference: boolean; disparateImpact: number | null; belowFourFifths: boolean | null }

describe('creditkit validate --protected', () => {
  it('takes the protected columns the model file records, applies the cut-off, and computes the four-fifths rule per group', async () => {
    const r = await cli('validate', '--model', model, '--data', GERMAN, '--target', 'is_bad', '--cutoff', String(1 / 6), '--json');
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out) as { fairness: { cutoff: number; columns: { column: string; reference: string; groups: Group[]; flagged: string[] }[] }; flags: { level: string; section: string; item: string }[] };
    expect(result.fairness.cutoff).toBeCloseTo(1 / 6, 12);
    const [col] = result.fairness.columns;
    expect(col.column).toBe('personal_status_sex');
    expect(col.groups.reduce((s, g) => s + g.count, 0)).toBe(1000);
    const ref = col.groups.find((g) => g.reference)!;
    expect(ref.group).toBe(col.reference);
    for (const g of col.groups) {
      expect(g.approvalRate).toBeCloseTo(g.approved / g.count, 12);
      if (g.disparateImpact !== null) {
        expect(g.disparateImpact).toBeCloseTo(g.approvalRate / ref.approvalRate, 12);
        expect(g.belowFourFifths).toBe(g.disparateImpact < 0.8);
      }
    }
    const redFairness = result.flags.filter((f) => f.section === 'fairness' && f.level === 'red').map((f) => f.item);
    expect(redFairness.sort()).toEqual(col.flagged.map((g) => `personal_status_sex = ${g}`).sort());
  }, 120_000);

  it('prints the fairness table and writes it into the HTML report', async () => {
    const html = tmp.file('validation.html');
    const r = await cli('validate', '--model', model, '--data', GERMAN, '--target', 'is_bad', '--protected', 'personal_status_sex', '--approval-share', '0.7', '--out', html);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Fairness: approve the 70% with the lowest PD/);
    expect(r.out).toMatch(/personal_status_sex \(reference: A9\d/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('Fairness per protected group');
    expect(page).toContain('four-fifths');
  }, 120_000);

  it('refuses a protected column that is a model feature, and an approval rule without protected columns', async () => {
    const feature = await cli('validate', '--model', leaky, '--data', GERMAN, '--target', 'is_bad', '--protected', 'personal_status_sex');
    expect(feature.code).toBe(2);
    expect(feature.err).toMatch(/E_PROTECTED_FEATURE/);
    expect(feature.err).toMatch(/personal_status_sex/);
    const noColumns = await cli('validate', '--model', leaky, '--data', GERMAN, '--target', 'is_bad', '--cutoff', '0.2');
    expect(noColumns.code).toBe(2);
    expect(noColumns.err).toMatch(/E_USAGE.*--protected/);
    const both = await cli('validate', '--model', model, '--data', GERMAN, '--target', 'is_bad', '--cutoff', '0.2', '--approval-share', '0.5');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/not both/);
  }, 120_000);
});
