import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitTarget } from '../../src/data/target.js';
import { ScorecardModel } from '../../src/models/scorecard/scorecard.js';
import { init } from '../../src/wasm/load.js';
import { readCsvFileSync } from '../readCsvFileSync.js';
import { cli, GERMAN, tempDir } from './helpers.js';

await init();

const tmp = tempDir();
const german = gunzipSync(readFileSync(GERMAN)).toString('utf8').trimEnd().split('\n');
const header = german[0];
const rows = german.slice(1);
const ageCol = header.split(',').indexOf('age_years');
const csv = (name: string, lines: string[]) => tmp.file(name, [header, ...lines].join('\n') + '\n');
const young = csv('young.csv', rows.filter((r) => Number(r.split(',')[ageCol]) < 35));
const older = csv('older.csv', rows.filter((r) => Number(r.split(',')[ageCol]) >= 35));
const modelPath = tmp.file('scorecard.json');
const { X, y } = splitTarget(readCsvFileSync(GERMAN), 'is_bad');
const model = new ScorecardModel({ roundPoints: true }).fit(X, y);

beforeAll(() => writeFileSync(modelPath, JSON.stringify(model)));
afterAll(() => tmp.cleanup());

describe('creditkit scorecard --model M', () => {
  it('prints the points table and writes it as CSV, the base points first', async () => {
    const out = tmp.file('table.csv');
    const r = await cli('scorecard', '--model', modelPath, '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const t = model.pointsTable();
    expect(r.out).toContain(`base points ${t.basePoints}`);
    expect(r.out).toMatch(/characteristic\s+attribute\s+count\s+share\s+event rate\s+WOE\s+coefficient\s+points/);
    for (const c of t.characteristics) expect(r.out).toContain(c.characteristic);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('characteristic,attribute,count,share,event_rate,woe,coefficient,points');
    expect(lines[1]).toBe(`(base points),,,,,,,${t.basePoints}`);
    expect(lines.length).toBe(t.rows.length + 2);
    if (t.wrongSign.length > 0) expect(r.out).toContain('wrong sign');
  });

  it('writes JSON for a .json output and prints JSON with --json', async () => {
    const out = tmp.file('table.json');
    expect((await cli('scorecard', '--model', modelPath, '--out', out)).code).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.rows).toEqual(model.pointsTable().rows);
    const r = await cli('scorecard', '--model', modelPath, '--json');
    expect(JSON.parse(r.out).basePoints).toBe(model.pointsTable().basePoints);
  });

  it('refuses a model that is not a scorecard, and the old --data usage, pointing at "creditkit points"', async () => {
    const gbdt = tmp.file('gbdt.json');
    expect((await cli('train', '--data', GERMAN, '--target', 'is_bad', '--out', gbdt, '--n-estimators', '3')).code).toBe(0);
    const out = tmp.file('never.csv');
    let r = await cli('scorecard', '--model', gbdt, '--out', out);
    expect([r.code, /E_USAGE.*not a scorecard.*creditkit points/.test(r.err)]).toEqual([2, true]);
    r = await cli('scorecard', '--model', modelPath, '--data', GERMAN);
    expect([r.code, /E_USAGE.*creditkit points/.test(r.err)]).toEqual([2, true]);
    expect(readdirSync(tmp.dir)).not.toContain('never.csv');
  });
});

describe('a scorecard model in score, evaluate, points, report and monitor', () => {
  it('scores and evaluates it like any model; points gives its own score with the same scaling', async () => {
    const scores = tmp.file('scores.csv');
    expect((await cli('score', '--model', modelPath, '--data', GERMAN, '--out', scores)).code).toBe(0);
    const pd = readFileSync(scores, 'utf8').trimEnd().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
    const expected = model.predictProba(X);
    pd.forEach((p, i) => expect(p).toBe(expected[i]));
    const ev = await cli('evaluate', '--model', modelPath, '--data', GERMAN, '--target', 'is_bad', '--json');
    expect(ev.code).toBe(0);
    expect(JSON.parse(ev.out).auc).toBeGreaterThan(0.75);
    const pts = tmp.file('points.csv');
    expect((await cli('points', '--model', modelPath, '--data', GERMAN, '--out', pts)).code).toBe(0);
    const own = model.score(X);
    readFileSync(pts, 'utf8').trimEnd().split('\n').slice(1).forEach((l, i) => expect(Number(l.split(',')[2])).toBeCloseTo(own[i], 2));
    // points takes a scorecard's own scaling unless a flag overrides it.
    const scaled = new ScorecardModel({ pdo: 40, baseOdds: 20, basePoints: 500 }).fit(X, y);
    const scaledPath = tmp.file('scaled.json', JSON.stringify(scaled));
    const r = await cli('points', '--model', scaledPath, '--data', GERMAN, '--json');
    expect(JSON.parse(r.out).scaling).toMatchObject({ pdo: 40, baseOdds: 20, basePoints: 500 });
    expect((await cli('points', '--model', scaledPath, '--data', GERMAN, '--pdo', '10', '--json')).out).toMatch(/"pdo": 10/);
    expect((await cli('points', '--model', scaledPath, '--data', GERMAN, '--out', pts)).code).toBe(0);
    const scaledOwn = scaled.score(X);
    readFileSync(pts, 'utf8').trimEnd().split('\n').slice(1).forEach((l, i) => expect(Number(l.split(',')[2])).toBeCloseTo(scaledOwn[i], 2));
  });

  it('explains it: reason codes are the characteristics with the most points lost', async () => {
    const r = await cli('explain', '--model', modelPath, '--data', GERMAN, '--top', '2', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('points lost (scorecard)');
    const text = await cli('explain', '--model', modelPath, '--data', GERMAN, '--top', '2');
    expect(text.out).toMatch(/explained 1,000 rows with points lost \(scorecard\)/);
  });

  it('reports it with a scorecard section', async () => {
    const html = tmp.file('report.html');
    const r = await cli('report', '--model', modelPath, '--data', GERMAN, '--target', 'is_bad', '--out', html);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/<section id="scorecard">[\s\S]*Points table/);
  });

  it('monitors each characteristic over its attributes, with the score shift', async () => {
    const r = await cli('monitor', '--baseline', young, '--current', older, '--model', modelPath, '--drop', 'is_bad', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.characteristics.length).toBe(model.featureSpecs.length);
    const age = j.characteristics.find((c: { name: string }) => c.name === 'age_years');
    if (age) expect(age.psi).toBeGreaterThan(0.25);
    const mean = (s: Float64Array) => s.reduce((a, b) => a + b, 0) / s.length;
    const shift = j.characteristics.reduce((s: number, c: { scoreShift: number }) => s + c.scoreShift, 0);
    expect(shift).toBeCloseTo(mean(model.score(readCsvFileSync(older))) - mean(model.score(readCsvFileSync(young))), 6);
    const text = await cli('monitor', '--baseline', young, '--current', older, '--model', modelPath, '--drop', 'is_bad');
    expect(text.out).toMatch(/Characteristic stability[\s\S]*mean score shift: -?[\d.]+ points/);
  });
});

describe('creditkit train --kind scorecard: the binning and selection flags', () => {
  it('set the options of the same names, and the saved card is the library fit with them', async () => {
    const out = tmp.file('flags.json');
    const data = csv('all.csv', rows);
    const r = await cli('train', '--data', data, '--target', 'is_bad', '--kind', 'scorecard', '--out', out, '--max-bins', '3', '--trend', 'auto',
      '--max-bin-share', '0.97', '--min-bin-events', '3', '--min-bin-non-events', '20', '--min-event-rate-diff', '0.001', '--min-category-share', '0.1',
      '--max-iv', '0.5', '--max-correlation', '0.3');
    expect([r.code, r.err]).toEqual([0, '']);
    const options = { maxBins: 3, trend: 'auto' as const, maxBinShare: 0.97, minBinEvents: 3, minBinNonEvents: 20, minEventRateDiff: 0.001, minCategoryShare: 0.1, maxIv: 0.5, maxCorrelation: 0.3 };
    const saved = ScorecardModel.fromJSON(JSON.parse(readFileSync(out, 'utf8')));
    expect(saved.options).toMatchObject(options);
    const direct = new ScorecardModel(options).fit(X, y);
    expect(saved.scorecardCharacteristics()).toEqual(direct.scorecardCharacteristics());
    expect(saved.rejected).toEqual(direct.rejected);
    expect(saved.rejected.map((r) => r.reason)).toEqual(expect.arrayContaining(['high-iv', 'low-iv', 'correlated']));
    expect(r.out).toMatch(/^left out {4}.*housing \(IV \d\.\d{4}, WOE correlated with property \(r = 0\.\d{3}\)\)/m);
    expect(r.out).toMatch(/^left out {4}.*checking_account_status \(IV \d\.\d{4}, above maxIv\)/m);
    const bad = await cli('train', '--data', data, '--target', 'is_bad', '--kind', 'scorecard', '--out', tmp.file('bad.json'), '--max-bins', '0');
    expect([bad.code, bad.err]).toEqual([2, expect.stringMatching(/--max-bins/)]);
  });
});
