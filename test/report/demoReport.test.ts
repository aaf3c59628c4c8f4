import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import { lendingDemo } from '../../src/cli/commands/demoLending.js';
import { writeSmeReport } from '../../src/cli/commands/demoReport.js';
import { tempDir } from '../cli/helpers.js';

describe('the SME report of creditkit demo (npm start)', () => {
  it('holds the SME model on out-of-fold PDs, the comparison, the Q2 frontier and both strategies', async () => {
    const tmp = tempDir();
    try {
      const demo = await lendingDemo({ out: () => undefined, err: () => undefined, isTTY: false });
      const path = join(tmp.dir, 'out', 'report-sme.html');
      const bytes = await writeSmeReport(demo, path);
      const html = readFileSync(path, 'utf8');
      expect(html.length).toBe(bytes);
      const ids = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
      expect(ids).toEqual(['data', 'performance', 'importance', 'shap', 'comparison', 'lending-1', 'lending-2']);
      expect(html).toContain('<td class="num">123</td>'); // rated firms
      expect(html).toContain('out-of-fold PDs');
      expect(html).toContain(`ROC curve (AUC ${demo.est.cv.auc.toFixed(3)})`); // the figures are the cross-validated ones
      const lending = html.slice(html.indexOf('<section id="lending-1">'));
      expect(lending).toContain('Return versus risk');
      expect(lending).toContain('Amount lent (万元)');
      const loans = demo.runs[0][2].summary!.loans;
      expect(lending).toContain(`<td>loans / declined / excluded</td><td class="num">${loans} / `);
      expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(13);
      expect(html).not.toMatch(/https?:/);
    } finally {
      tmp.cleanup();
    }
  });
});
