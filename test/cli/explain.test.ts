import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importXGBoostJSON, loadModel, parseCsv } from '../../src/index.js';
import { reasonCodes } from '../../src/explain/reasonCodes.js';
import { cli, tempDir } from './helpers.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/xgboost/${name}`, import.meta.url));

describe('creditkit explain', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  // 361 Give Me Some Credit rows (with missing values) and an applicant id column.
  const cases = JSON.parse(readFileSync(fixture('ck-gmsc.cases.json'), 'utf8')) as { featureNames: string[]; rows: (number | null)[][] };
  const csvText = [
    ['applicant', ...cases.featureNames].join(','),
    ...cases.rows.map((row, i) => [`A-${1000 + i}`, ...row.map((v) => (v === null ? '' : String(v)))].join(',')),
  ].join('\n') + '\n';
  const data = tmp.file('applicants.csv', csvText);
  const modelPath = fixture('ck-gmsc.creditkit.json');

  it('--out writes one line per applicant: id, pd (as score writes it) and the top reasons', async () => {
    const out = tmp.file('reasons.csv');
    const r = await cli('explain', '--model', modelPath, '--data', data, '--id', 'applicant', '--top', '3', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/explained 361 rows with TreeSHAP \(20 trees\)/);
    expect(r.out).toMatch(/global importance over 361 rows/);
    expect(r.out).toMatch(/RevolvingUtilizationOfUnsecuredLines/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('applicant,pd,reason_1,value_1,shap_1,pd_impact_1,reason_2,value_2,shap_2,pd_impact_2,reason_3,value_3,shap_3,pd_impact_3');
    expect(lines).toHaveLength(362);

    const scores = tmp.file('scores.csv');
    expect((await cli('score', '--model', modelPath, '--data', data, '--id', 'applicant', '--out', scores)).code).toBe(0);
    const scoreLines = readFileSync(scores, 'utf8').trimEnd().split('\n').slice(1);

    const model = loadModel(readFileSync(modelPath, 'utf8'));
    const want = reasonCodes(model, parseCsv(csvText), { top: 3 });
    let missingValues = 0;
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      expect(cells).toHaveLength(14);
      expect(cells[0]).toBe(`A-${1000 + i}`);
      expect(cells[1]).toBe(scoreLines[i].split(',')[1]);
      want[i].reasons.forEach((reason, k) => {
        expect(cells.slice(2 + 4 * k, 6 + 4 * k)).toEqual([reason.feature, reason.value, String(reason.contribution), String(reason.pdImpact)]);
        if (reason.value === 'missing') missingValues++;
      });
      for (let k = want[i].reasons.length; k < 3; k++) expect(cells.slice(2 + 4 * k, 6 + 4 * k)).toEqual(['', '', '', '']);
    });
    expect(missingValues).toBeGreaterThan(0);
  });

  it('reading in small blocks gives the same file and summary as one block', async () => {
    const one = tmp.file('one.csv');
    const many = tmp.file('many.csv');
    const a = await cli('explain', '--model', modelPath, '--data', data, '--out', one, '--json');
    const b = await cli('explain', '--model', modelPath, '--data', data, '--out', many, '--json', '--block-rows', '50');
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(readFileSync(many, 'utf8')).toBe(readFileSync(one, 'utf8'));
    expect(readFileSync(one, 'utf8').split('\n')[361].split(',')[0]).toBe('361');
    const { seconds: _a, ...sa } = JSON.parse(a.out);
    const { seconds: _b, ...sb } = JSON.parse(b.out);
    sa.out = sb.out = '';
    expect(sb.importance.map((g: { feature: string }) => g.feature)).toEqual(sa.importance.map((g: { feature: string }) => g.feature));
    sb.importance.forEach((g: { meanAbs: number; mean: number; reasonShare: number }, j: number) => {
      expect(g.meanAbs).toBeCloseTo(sa.importance[j].meanAbs, 12);
      expect(g.reasonShare).toBe(sa.importance[j].reasonShare);
    });
    expect(sb.baseline).toEqual(sa.baseline);
  });

  it('without --out prints importance and the first applicants; --json gives every applicant', async () => {
    const r = await cli('explain', '--model', modelPath, '--data', data, '--show', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/first 3 of 361 rows/);
    expect(r.out).toMatch(/^1 +0\.\d{4} +\S+=/m);

    const j = await cli('explain', '--model', modelPath, '--data', data, '--id', 'applicant', '--json', '--top', '2');
    expect(j.code).toBe(0);
    const summary = JSON.parse(j.out);
    expect(summary.rows).toBe(361);
    expect(summary.scale).toBe('log-odds');
    expect(summary.importance).toHaveLength(10);
    const meanAbs = summary.importance.map((g: { meanAbs: number }) => g.meanAbs);
    expect(meanAbs).toEqual([...meanAbs].sort((a, b) => b - a));
    expect(summary.applicants).toHaveLength(361);
    expect(summary.applicants[5].applicant).toBe('A-1005');
    expect(summary.applicants[5].reasons.length).toBeLessThanOrEqual(2);
    expect(summary.baseline.pd).toBeCloseTo(1 / (1 + Math.exp(-summary.baseline.raw)), 12);
  });

  it('explains an XGBoost JSON model directly', async () => {
    const xgbModel = fixture('xgb-gmsc.model.json');
    const r = await cli('explain', '--model', xgbModel, '--data', data, '--json', '--top', '1');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    const model = importXGBoostJSON(readFileSync(xgbModel, 'utf8'));
    const want = reasonCodes(model, parseCsv(csvText), { top: 1 });
    expect(summary.applicants.map((a: { reasons: { feature: string }[] }) => a.reasons[0]?.feature)).toEqual(want.map((a) => a.reasons[0]?.feature));
    expect(summary.applicants[0].row).toBe(1);
  });

  it('bad input: exit 2 with the reason, and no output file', async () => {
    const out = tmp.file('never.csv');
    const bad = [
      [['--model', modelPath, '--data', data, '--top', '0', '--out', out], /E_USAGE.*--top/],
      [['--model', modelPath, '--data', data, '--top', 'x', '--out', out], /E_USAGE.*--top/],
      [['--model', modelPath, '--data', data, '--block-rows', '0', '--out', out], /E_USAGE.*--block-rows/],
      [['--model', modelPath, '--data', tmp.file('nan.csv', `${cases.featureNames.join(',')}\n${cases.featureNames.map(() => '1').join(',')}\n${cases.featureNames.map((_, j) => (j === 3 ? 'abc' : '1')).join(',')}\n`), '--out', out], /E_CSV_NOT_NUMERIC.*line 3/],
      [['--model', modelPath, '--data', `${tmp.dir}/absent.csv`, '--out', out], /E_FILE_NOT_FOUND/],
      [['--data', data, '--out', out], /E_USAGE.*--model/],
      [['--model', modelPath, '--data', data, '--id', 'nope', '--out', out], /E_COLUMN_UNKNOWN.*nope/],
      [['--model', modelPath, '--data', tmp.file('few.csv', 'age,DebtRatio\n30,0.5\n'), '--out', out], /E_COLUMN_UNKNOWN.*few\.csv/],
      [['--model', tmp.file('broken.json', '{"format":"creditkit-model"'), '--data', data, '--out', out], /E_MODEL_FORMAT/],
      [['--model', modelPath, '--data', tmp.file('empty.csv', `${cases.featureNames.join(',')}\n`), '--out', out], /E_CSV_EMPTY/],
      [['--model', modelPath, '--data', data, '--out', `${tmp.dir}/no/such/dir/r.csv`], /E_FILE_NOT_FOUND/],
    ] as const;
    for (const [args, message] of bad) {
      const r = await cli('explain', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
