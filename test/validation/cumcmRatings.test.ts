// Calibration per bank rating on the bundled CUMCM 2020 C firms (scripts/validate-cumcm.ts):
// the SME model's out-of-fold PDs back-tested with the bank's rating A–D as the grades.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CREDIT_RATINGS, smeDatasets } from '../../src/sme/features.js';
import { loadSmeData } from '../../src/sme/invoices.js';
import { estimateSmePds, type SmePdEstimate } from '../../src/sme/smePd.js';
import { incompleteBeta } from '../../src/stats/incompleteBeta.js';
import { labelGrades } from '../../src/validation/gradeAssignment.js';
import { gradeCalibration, type GradeCalibration } from '../../src/validation/gradeCalibration.js';
import { TRAFFIC_LIGHT_LEVELS } from '../../src/validation/trafficLight.js';
import { init } from '../../src/wasm/load.js';

const DIR = fileURLToPath(new URL('../../data/cumcm', import.meta.url));

/** Attachment 1's firms straight from the CSV: id → rating and default flag. */
function firmsFromCsv(): Map<string, { rating: string; defaulted: number }> {
  const lines = gunzipSync(readFileSync(`${DIR}/a1_enterprises.csv.gz`)).toString('utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const [id, rating, defaulted] = ['enterprise_id', 'credit_rating', 'defaulted'].map((c) => header.indexOf(c));
  return new Map(lines.slice(1).map((l) => l.split(',')).map((f) => [f[id], { rating: f[rating].trim(), defaulted: Number(f[defaulted]) }]));
}

describe('calibration per bank rating on the CUMCM firms', () => {
  let est: SmePdEstimate;
  let calibration: GradeCalibration;
  beforeAll(async () => {
    await init();
    const data = await loadSmeData(DIR);
    est = estimateSmePds(data);
    const { y } = smeDatasets(data).rated;
    const grades = labelGrades(est.rated.rating, est.rated.pd, CREDIT_RATINGS);
    calibration = gradeCalibration(grades, est.rated.pd, y, { confidence: 0.95, levels: TRAFFIC_LIGHT_LEVELS, hlDf: 'groups' });
  }, 120_000);

  it('has one row per rating, with the data\'s firm and default counts', () => {
    const firms = firmsFromCsv();
    expect(firms.size).toBe(123);
    expect(calibration.grades.map((g) => g.grade)).toEqual(['A', 'B', 'C', 'D']);
    for (const g of calibration.grades) {
      const inRating = [...firms.values()].filter((f) => f.rating === g.grade);
      expect(g.count, g.grade).toBe(inRating.length);
      expect(g.defaults, g.grade).toBe(inRating.reduce((s, f) => s + f.defaulted, 0));
      expect(g.lowerPd).toBeNull();
    }
    expect(calibration.grades.map((g) => g.count)).toEqual([27, 38, 34, 24]);
  });

  it('gives each rating the Jeffreys p-value computed directly from its firms\' PDs and defaults', () => {
    const firms = firmsFromCsv();
    for (const g of calibration.grades) {
      let n = 0;
      let d = 0;
      let pdSum = 0;
      est.rated.ids.forEach((id, i) => {
        const f = firms.get(id)!;
        if (f.rating !== g.grade) return;
        n++;
        d += f.defaulted;
        pdSum += est.rated.pd[i];
      });
      expect(g.meanPd!, g.grade).toBeCloseTo(pdSum / n, 12);
      // ECB: the Beta(D + ½, N − D + ½) CDF at the rating's mean PD.
      expect(g.jeffreysP!, g.grade).toBeCloseTo(incompleteBeta(pdSum / n, d + 0.5, n - d + 0.5), 12);
    }
  });

  it('reads the D firms (all defaulted) as red: the invoice-only PDs are too low for them', () => {
    const d = calibration.grades[3];
    expect(d.defaultRate).toBe(1);
    expect(d.meanPd!).toBeLessThan(0.9);
    expect(d.light).toBe('red');
    expect(calibration.monotone).toBe(true);
  });
});
