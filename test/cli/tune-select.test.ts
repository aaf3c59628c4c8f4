import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadModel } from '../../src/models/registry.js';
import { BinningProcess } from '../../src/binning/binningProcess.js';
import { cli, GERMAN, tempDir } from './helpers.js';

describe('creditkit tune', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('prints a leaderboard, writes the report and the refitted model', async () => {
    const space = tmp.file('space.json', JSON.stringify({ maxDepth: [2, 3], nEstimators: [20], seed: 1 }));
    const report = tmp.file('board.csv');
    const model = tmp.file('model.json');
    const r = await cli('tune', '--data', GERMAN, '--target', 'is_bad', '--space', space, '--folds', '3', '--leaderboard', report, '--out', model);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/grid, 2 candidates × 3 stratified folds, gbdt, scoring auc/);
    expect(r.out).toMatch(/rank\s+cv auc \(mean ± sd\)/);
    expect(r.out).toMatch(/maxDepth=2/);
    expect(r.out).toMatch(/default\s+cv auc 0\.\d{4} ± 0\.\d{4} with gbdt's default options \(\d of 2 candidates score better\)/);
    const csv = readFileSync(report, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('rank,candidate,mean_auc,sd_auc,fold1,fold2,fold3,fit_ms,best_rounds,options,refit_options');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toMatch(/^1,/);
    const m = loadModel(readFileSync(model, 'utf8'));
    expect((m.toJSON().options as { nEstimators: number }).nEstimators).toBe(20);
  });

  it('random search with early stopping and a held-out comparison, as JSON', async () => {
    const space = tmp.file('space.json', JSON.stringify({ nEstimators: 300, earlyStoppingRounds: 10, learningRate: { loguniform: [0.05, 0.3] }, maxDepth: { int: [2, 4] } }));
    const r = await cli('tune', '--data', GERMAN, '--target', 'is_bad', '--space', space, '--folds', '3', '--iterations', '2', '--holdout', '0.25', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.method).toBe('random');
    expect(j.leaderboard).toHaveLength(2);
    expect(j.best.bestRounds).toHaveLength(3);
    expect(j.best.refitOptions.earlyStoppingRounds).toBe(0);
    expect(j.holdout.rows).toBe(250);
    expect(j.holdout.default).toBeGreaterThan(0.5);
    expect(j.holdout.tuned).toBeGreaterThan(0.5);
  });

  it('a bad space file: not JSON, unknown option, bad value, missing file — exit 2 and no output file', async () => {
    const cases: [string | null, RegExp][] = [
      ['{"maxDepth": [3, 4]', /\[E_OPTION\].*space\.json.*not valid JSON/],
      ['{"maxDepth": [3], "max_depth": [4]}', /\[E_OPTION\].*space\.json, at max_depth: unknown option "max_depth" for model gbdt/],
      ['{"learningRate": [0.1, 2]}', /\[E_OPTION\].*at learningRate\[1\]/],
      ['{"learningRate": {"uniform": [0.05, 0.2]}}', /\[E_OPTION\].*grid search needs lists.*learningRate/],
      [null, /\[E_FILE_NOT_FOUND\].*space\.json/],
    ];
    for (const [text, message] of cases) {
      const space = tmp.file('space.json', text ?? undefined);
      const report = tmp.file('board.csv');
      const model = tmp.file('model.json');
      const r = await cli('tune', '--data', GERMAN, '--target', 'is_bad', '--space', space, '--folds', '2', '--leaderboard', report, '--out', model);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(readdirSync(tmp.dir)).toEqual(text === null ? [] : ['space.json']);
      tmp.cleanup();
      tmp = tempDir();
    }
  });

  it('draws progress on a terminal only', async () => {
    const space = tmp.file('space.json', JSON.stringify({ maxDepth: [2, 3], nEstimators: [5] }));
    let err = '';
    const code = await runCli(['tune', '--data', GERMAN, '--target', 'is_bad', '--space', space, '--folds', '2'],
      { out: () => undefined, err: (s) => { err += s; }, isTTY: true });
    expect(code).toBe(0);
    expect(err).toMatch(/tuning \[#+\] 4\/4 candidate 2\/2/);
    const piped = await cli('tune', '--data', GERMAN, '--target', 'is_bad', '--space', space, '--folds', '2');
    expect(piped.err).toBe('');
  });

  it('bad flags are usage errors', async () => {
    const space = tmp.file('space.json', '{"maxDepth": [2]}');
    for (const [flags, message] of [
      [['--folds', '1'], /--folds must be an integer in 2..100/],
      [['--holdout', '1.5'], /--holdout must be in \(0, 1\)/],
      [['--kind', 'nope'], /unknown --kind "nope"/],
      [['--eval-metric', 'gini'], /--eval-metric must be auc or logloss/],
    ] as [string[], RegExp][]) {
      const r = await cli('tune', '--data', GERMAN, '--target', 'is_bad', '--space', space, ...flags);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
    }
    const r = await cli('tune', '--data', GERMAN, '--target', 'is_bad');
    expect(r.err).toMatch(/--space is required/);
  });
});

describe('creditkit select', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it('iv: a ranked table, the per-bin CSV and the binning as JSON', async () => {
    const out = tmp.file('iv.csv');
    const r = await cli('select', '--data', GERMAN, '--target', 'is_bad', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1\s+checking_account_status\s+0\.6660\s+strong/);
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('feature,rank,feature_iv,strength,direction,bin,missing,lower,upper,categories,count,goods,bads,share,bad_rate,woe,bin_iv,special');
    expect(csv[1]).toMatch(/^checking_account_status,1,0\.666/);
    const j = JSON.parse((await cli('select', '--data', GERMAN, '--target', 'is_bad', '--json')).out);
    const duration = j.features.find((f: { feature: string }) => f.feature === 'duration_months');
    expect(duration.direction).toBe('increasing');
    expect(duration.bins[0].lower).toBe(null);
  });

  it('iv: the binning process with special values, constraints, selection and its JSON', async () => {
    const saved = tmp.file('binning.json');
    const tables = tmp.file('tables.csv');
    const r = await cli('select', '--data', GERMAN, '--target', 'is_bad', '--special-values', 'installment_rate_pct:4', '--max-bins', '3',
      '--trend', 'ascending', '--min-iv', '0.05', '--max-correlation', '0.5', '--binning-out', saved, '--tables', tables);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rank\s+feature\s+IV\s+strength\s+bins\s+trend\s+selected\s+reason/);
    expect(r.out).toMatch(/job\s+0\.\d+\s+useless\s+\d\s+none\s+no\s+IV 0\.\d+ below minIv 0\.05/);
    expect(r.out).toMatch(/selected {4}\d+ of 20 features: checking_account_status/);
    expect(r.out).toContain(`binning     ${saved}`);
    const p = BinningProcess.fromJSON(JSON.parse(readFileSync(saved, 'utf8')));
    const rate = p.binning('installment_rate_pct');
    expect(rate.bins.filter((b) => b.special === 4)).toHaveLength(1);
    for (const b of p.binnings) {
      expect(b.bins.filter((x) => !x.missing && x.special === undefined && b.kind === 'numeric').length).toBeLessThanOrEqual(3);
      if (b.kind === 'numeric') expect(b.trend).toBe('ascending');
    }
    expect(p.summary().filter((x) => x.selected).every((x) => x.iv >= 0.05)).toBe(true);
    const csv = readFileSync(tables, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('feature,bin,count,share,non_events,events,event_rate,woe,iv');
    // 476 rows with rate 4: 317 non-events, 159 events (counted from the file).
    expect(csv).toContain(`installment_rate_pct,Special: 4,476,0.476,317,159,${159 / 476},` +
      `${rate.bins.find((b) => b.special === 4)!.woe},${rate.bins.find((b) => b.special === 4)!.iv}`);
    expect(csv.filter((l) => l.includes(',Totals,'))).toHaveLength(20);
  });

  it('infogain and rfe', async () => {
    const ig = await cli('select', '--data', GERMAN, '--target', 'is_bad', '--method', 'infogain');
    expect(ig.code).toBe(0);
    expect(ig.out).toMatch(/1\s+checking_account_status/);
    const out = tmp.file('rfe.csv');
    const rfe = await cli('select', '--data', GERMAN, '--target', 'is_bad', '--method', 'rfe', '--options', '{"nEstimators": 10, "maxDepth": 2}',
      '--folds', '3', '--step', '5', '--out', out);
    expect(rfe.code).toBe(0);
    expect(rfe.out).toMatch(/features\s+cv auc/);
    expect(rfe.out).toMatch(/selected\s+\d+ features \(rule best, importance from the model \(gbdt\)\)/);
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('feature,rank,selected');
    expect(csv).toHaveLength(21);
  });

  it('bad input: no partial output, exit 2', async () => {
    const out = tmp.file('report.csv');
    const cases: [string[], RegExp][] = [
      [['--method', 'lasso'], /\[E_USAGE\].*--method must be one of iv, infogain, rfe/],
      [['--method', 'rfe', '--options', '{"max_depth": 2}'], /\[E_OPTION\].*unknown option "max_depth"/],
      [['--method', 'rfe', '--options', 'depth=2'], /\[E_USAGE\].*--options takes a JSON object/],
      [['--min-bin-share', '2'], /\[E_OPTION\].*minBinShare/],
      [['--target', 'nope'], /\[E_TARGET_MISSING\]/],
      [['--special-values', 'nope:1'], /\[E_COLUMN_UNKNOWN\].*column "nope"/],
      [['--special-values', 'age_years:-999'], /\[E_SPECIAL_VALUE_UNSEEN\].*age_years.*-999 never occurs/],
      [['--special-values', 'age_years:x'], /\[E_USAGE\].*--special-values part "age_years:x": "x" is not a finite decimal number/],
      [['--trend', 'up'], /\[E_USAGE\].*--trend must be one of auto, ascending/],
      [['--special-values', 'installment_rate_pct:4', '--min-bin-share', '0.6'], /\[E_BINNING_INFEASIBLE\].*installment_rate_pct.*no binning/],
      [['--max-correlation', '1.5'], /\[E_OPTION\].*maxCorrelation/],
    ];
    for (const [flags, message] of cases) {
      const r = await cli('select', '--data', GERMAN, '--target', 'is_bad', '--out', out, ...flags);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(readdirSync(tmp.dir)).toEqual([]);
    }
  });
});
