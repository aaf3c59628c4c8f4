import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import { lendingDemo } from '../../src/cli/commands/demoLending.js';
import { writeSmeReport } from '../../src/cli/commands/demoReport.js';
import { tempDir } from '../cli/helpers.js';

describe('the SME report of creditkit demo (npm start)', () => {
  it('holds the SME model on out-of-fold PDs, the comparison, the Q1, Q2 (with its frontier) and Q3 strategies under both budget readings', async () => {
    const tmp = tempDir();
    try {
      const demo = await lendingDemo({ out: () => undefined, err: () => undefined, isTTY: false });
      const path = join(tmp.dir, 'out', 'report-sme.html');
      const bytes = await writeSmeReport(demo, path);
      const html = readFileSync(path, 'utf8');
      expect(html.length).toBe(bytes);
      // demo --report -: the same report on standard output (io.write), no file.
      let written = '';
      const toStdout = await writeSmeReport(demo, '-', { out: () => undefined, err: () => undefined, write: (s) => { written += s; }, isTTY: false });
      expect(toStdout).toBe(written.length);
      expect([...written.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1])).toEqual([...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]));
      expect(written.slice(0, 200)).toBe(html.slice(0, 200));
      const ids = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
      expect(ids).toEqual(['data', 'performance', 'importance', 'shap', 'comparison', 'lending-1', 'lending-2', 'lending-3']);
      expect(html).toContain('<td class="num">123</td>'); // rated firms
      expect(html).toContain('out-of-fold PDs');
      expect(html).toContain(`ROC curve (AUC ${demo.est.cv.auc.toFixed(3)})`); // the figures are the cross-validated ones
      const q1 = html.slice(html.indexOf('<section id="lending-1">'), html.indexOf('<section id="lending-2">'));
      expect(q1).toContain('Q1: 123 rated firms');
      expect(q1).not.toContain('Return versus risk');
      const lending = html.slice(html.indexOf('<section id="lending-2">'));
      expect(lending).toContain('Return versus risk');
      expect(lending).toContain('Amount lent (万元)');
      const loans = demo.runs[1][2].summary!.loans;
      expect(lending).toContain(`<td>loans / declined / excluded</td><td class="num">${loans} / `);
      const money = (x: number | null): string => x!.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      const r = demo.readings[1];
      expect(r.expected!).toBeGreaterThan(r.offered!);
      expect(lending).toContain(`budget counts offered amounts: expected return ${money(r.offered)}; counting expected take-ups instead: ${money(r.expected)}`);
      expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(13);
      expect(html).not.toMatch(/https?:/);
    } finally {
      tmp.cleanup();
    }
  });
});
