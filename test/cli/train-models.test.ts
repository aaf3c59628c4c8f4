import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, MODEL_KINDS } from '../../src/core.js';
import { bareFlagsAsTrue } from '../../src/cli/args.js';
import { booleanOptionFlags, modelOptionFlags } from '../../src/cli/kindOptionFlags.js';
import { cli, GERMAN, tempDir } from './helpers.js';

// Options that keep each kind quick on German credit's 1,000 rows.
const QUICK: Record<string, string[]> = {
  gbdt: ['--n-estimators', '10', '--max-depth', '3'],
  tree: ['--max-depth', '4'],
  rf: ['--n-estimators', '10', '--max-depth', '5'],
  adaboost: ['--n-estimators', '10'],
  logistic: ['--c', '0.5'],
  svm: ['--calibration-folds', '2', '--max-iter', '50'],
  mlp: ['--max-epochs', '40', '--hidden-layer-sizes', '8'],
  scorecard: ['--pdo', '40', '--round-points', 'true', '--selection', 'forward'],
};

/** What QUICK's flags set, as the saved model's options. */
const SAVED: Record<string, Record<string, unknown>> = {
  gbdt: { nEstimators: 10, maxDepth: 3 },
  tree: { maxDepth: 4 },
  rf: { nEstimators: 10, maxDepth: 5 },
  adaboost: { nEstimators: 10 },
  logistic: { C: 0.5 },
  svm: { calibrationFolds: 2, maxIter: 50 },
  mlp: { maxEpochs: 40, hiddenLayerSizes: [8] },
  scorecard: { pdo: 40, roundPoints: true, selection: 'forward' },
};

describe('creditkit train --model KIND', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('has quick options for every model kind (a new kind gets a case here)', () => {
    expect(Object.keys(QUICK).sort()).toEqual(Object.keys(MODEL_KINDS).sort());
  });

  it.each(Object.keys(QUICK))('trains %s with its option flags, reports train and validation metrics as text and --json, and saves a loadable model', async (kind) => {
    const out = tmp.file(`${kind}.json`);
    const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--kind', kind, '--valid-ratio', '0.25', '--out', out, ...QUICK[kind]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^train {7}750 rows, default rate 0\.3000, AUC 0\.\d{4}, logloss \d+\.\d{4}$/m);
    expect(r.out).toMatch(/^validation {2}250 rows, AUC 0\.\d{4}/m);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    const model = loadModel(saved);
    // A scorecard keeps the characteristics it selected; the others are listed as rejected.
    const used = kind === 'scorecard' ? 20 - saved.rejected.length : 20;
    if (kind === 'scorecard') expect(used).toBeLessThan(20);
    expect(model.featureSpecs).toHaveLength(used);
    // The flags reached the model: its saved options carry them.
    expect(saved.options).toMatchObject(SAVED[kind]);

    const json = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--kind', kind, '--valid-ratio', '0.25', '--out', out, '--json', ...QUICK[kind]);
    expect(json.code).toBe(0);
    const s = JSON.parse(json.out);
    expect(s).toMatchObject({ model: kind, rows: 1000, target: 'is_bad', train: { rows: 750 }, validation: { rows: 250 } });
    expect(s.validation.auc).toBeGreaterThan(0.6);
    expect(s.train.auc).toBeGreaterThan(0.6);
    expect(s.features).toHaveLength(20);
  });

  it('--options takes a JSON object or a file; the default kind is gbdt, the same model as its flags give', async () => {
    const a = tmp.file('a.json');
    const b = tmp.file('b.json');
    const c = tmp.file('c.json');
    const optionsFile = tmp.file('opts.json', '{"nEstimators": 7, "maxDepth": 2}');
    expect((await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', a, '--n-estimators', '7', '--max-depth', '2')).code).toBe(0);
    expect((await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', b, '--options', '{"nEstimators": 7, "maxDepth": 2}')).code).toBe(0);
    expect((await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', c, '--kind', 'gbdt', '--options', optionsFile)).code).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    expect(readFileSync(c, 'utf8')).toBe(readFileSync(a, 'utf8'));
    expect(JSON.parse(readFileSync(a, 'utf8')).trees).toHaveLength(7);
    // An --options file is an input: the model may not overwrite it.
    const clobber = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', optionsFile, '--options', optionsFile);
    expect(clobber.err).toMatch(/E_USAGE.*--out .* is the same file as --options/);
    expect(readFileSync(optionsFile, 'utf8')).toBe('{"nEstimators": 7, "maxDepth": 2}');
  });

  it('reads flags by the kind: null, booleans, lists and choices', async () => {
    const out = tmp.file('flags.json');
    const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', out, '--kind', 'rf', '--n-estimators', '3', '--max-depth', 'null', '--bootstrap', 'false', '--max-features', '0.5');
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).options).toMatchObject({ maxDepth: null, bootstrap: false, maxFeatures: 0.5, nEstimators: 3 });
  });

  it('a boolean option flag given alone means true; followed by a value it takes the value', async () => {
    const alone = tmp.file('alone.json');
    const last = tmp.file('last.json');
    const off = tmp.file('off.json');
    const base = ['train', '--data', GERMAN, '--target', 'is_bad', '--n-estimators', '3'];
    expect((await cli(...base, '--out', alone, '--quantized-grad', '--seed', '5')).code).toBe(0);
    expect((await cli(...base, '--seed', '5', '--out', last, '--quantized-grad')).code).toBe(0);
    expect((await cli(...base, '--seed', '5', '--out', off, '--quantized-grad', 'false')).code).toBe(0);
    expect(JSON.parse(readFileSync(alone, 'utf8')).options).toMatchObject({ quantizedGradients: true, seed: 5 });
    expect(readFileSync(last, 'utf8')).toBe(readFileSync(alone, 'utf8'));
    expect(JSON.parse(readFileSync(off, 'utf8')).options.quantizedGradients).toBeUndefined();
    const rf = tmp.file('rf.json');
    expect((await cli(...base, '--kind', 'rf', '--out', rf, '--oob-score')).code).toBe(0);
    expect(JSON.parse(readFileSync(rf, 'utf8')).options).toMatchObject({ oobScore: true });
  });

  it('only boolean options are read as true when alone', () => {
    const flags = booleanOptionFlags(modelOptionFlags(new Set()));
    expect([...flags]).toEqual(expect.arrayContaining(['quantized-grad', 'bootstrap', 'oob-score', 'standardize', 'fit-intercept']));
    for (const valued of ['max-depth', 'n-estimators', 'penalty', 'c']) expect(flags.has(valued)).toBe(false);
    expect(bareFlagsAsTrue(['--a', '--b', 'false', '--a', '--', '--a'], new Set(['a', 'b']))).toEqual(['--a=true', '--b', 'false', '--a=true', '--', '--a']);
  });

  it('help lists every kind with its options', async () => {
    const r = await cli('train', '--help');
    for (const [name, kind] of Object.entries(MODEL_KINDS)) {
      expect(r.out).toContain(`options of --kind ${name}`);
      for (const key of Object.keys(kind.optionTable!.options)) expect(r.out).toMatch(new RegExp(` ${key}: `));
    }
    expect(r.out).toMatch(/--c {2,}C: inverse penalty strength/);
  });

  it.each([
    ['an unknown kind', ['--kind', 'xgb'], 'E_USAGE', /unknown --kind "xgb" \(known: gbdt, tree/],
    ['a flag of another kind', ['--kind', 'logistic', '--max-depth', '3'], 'E_USAGE', /--max-depth is not an option of --kind logistic \(it is one of: gbdt, tree, rf, adaboost/],
    ['an unknown --options key', ['--kind', 'tree', '--options', '{"nEstimators": 3}'], 'E_OPTION', /unknown option "nEstimators" in --options for --kind tree \(its options: maxDepth/],
    ['a flag and the same --options key', ['--kind', 'logistic', '--c', '2', '--options', '{"C": 1}'], 'E_USAGE', /--c and "C" in --options both set C/],
    ['--options that is not JSON', ['--options', '{"C": '], 'E_USAGE', /--options is not valid JSON/],
    ['--options that is not an object', ['--options', 'nope.json'], 'E_FILE_NOT_FOUND', /nope\.json/],
    ['a boolean flag that is not true/false', ['--kind', 'rf', '--bootstrap', 'yes'], 'E_USAGE', /--bootstrap must be true or false, got "yes"/],
    ['an option value out of range', ['--kind', 'logistic', '--penalty', 'l3'], 'E_OPTION', /penalty must be one of "l2", "l1", "none", got "l3"/],
    ['warm start of another kind', ['--kind', 'logistic', '--init-model', 'm.json'], 'E_USAGE', /--init-model applies to --kind gbdt only, not to --kind logistic/],
    ['--threads for another kind', ['--kind', 'mlp', '--threads', '2'], 'E_USAGE', /--threads applies to --kind gbdt only/],
    ['--monotone for another kind', ['--kind', 'tree', '--monotone', 'age_years:1'], 'E_USAGE', /--monotone sets the monotoneConstraints option, which --kind tree does not have \(kinds that take it: gbdt\)/],
  ])('%s is a coded error and writes nothing', async (_name, args, code, message) => {
    const out = tmp.file('bad.json');
    const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', out, ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[${code}]`);
    expect(r.err).toMatch(message);
    expect(() => readFileSync(out)).toThrow();
  });

  it('--options JSON in a file that is not an object is E_USAGE naming the file', async () => {
    const f = tmp.file('list.json', '[1, 2]');
    const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', tmp.file('x.json'), '--options', f);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/E_USAGE.*--options takes a JSON object .*list\.json" holds another JSON value/);
  });
});
