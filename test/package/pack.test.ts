// The published package: `npm pack` on a clean copy of the sources (its
// `prepare` script builds the wasm and dist/), installed into an empty
// folder, must work through ESM `import 'creditkit'`, through `creditkit/core`
// with the wasm bytes handed over, and through the `creditkit` command.
//
// The sources are copied to a temporary folder first, so the build does not
// rewrite this checkout's dist/ while other test files load it. Dependencies
// (highs, javascript-lp-solver) install from npm's cache when it has them
// (--prefer-offline), else from the registry.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runtimes/helpers.js';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const SOURCES = ['package.json', 'package-lock.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'asconfig.json', 'assembly', 'src', 'data'];
const QUIET = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };

let work = '';
let app = '';
let tarball = '';
let packed: { files: { path: string; size: number }[]; size: number; unpackedSize: number } | undefined;

async function inApp(file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(file, args, { cwd: app, env: QUIET, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
}

describe('npm pack → install into an empty folder', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'creditkit-pack-'));
    const src = join(work, 'src-copy');
    mkdirSync(src);
    for (const entry of SOURCES) if (existsSync(join(REPO_ROOT, entry))) cpSync(join(REPO_ROOT, entry), join(src, entry), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
    // npm pack runs `prepare` (npm run build: asc, then tsc) in the copy, then writes the tarball.
    const { stdout } = await run(NPM, ['pack', '--json', '--pack-destination', work], { cwd: src, env: QUIET, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    packed = JSON.parse(stdout.slice(stdout.indexOf('[')))[0];
    tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);

    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'creditkit-pack-check', private: true, type: 'module' }));
    await inApp(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball]);
  }, 420_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs the compiled library, the wasm, the bundled data and the README, and no sources or tests', () => {
    expect(packed, 'npm pack --json output').toBeDefined();
    const files = packed!.files.map((f) => f.path);
    for (const f of ['package.json', 'README.md', 'dist/index.js', 'dist/core.js', 'dist/index.d.ts', 'dist/cli/bin.js',
      'dist/lending/index.js', 'dist/lending/index.d.ts', 'dist/report/index.js', 'dist/report/index.d.ts', 'dist/sme/index.js', 'dist/sme/index.d.ts', 'build/creditkit.wasm', 'data/german-credit.csv.gz', 'data/cumcm/a1_enterprises.csv.gz']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|assembly|bench|web|node_modules)\//.test(f))).toEqual([]);
    const wasm = packed!.files.find((f) => f.path === 'build/creditkit.wasm')!;
    expect(wasm.size).toBe(statSync(join(REPO_ROOT, 'build', 'creditkit.wasm')).size); // the same build as this checkout's
    console.info(`[package] ${tarball.split(/[\\/]/).at(-1)}: ${(packed!.size / 1e6).toFixed(1)} MB packed, ${(packed!.unpackedSize / 1e6).toFixed(1)} MB unpacked, ${files.length} files`);
  });

  it('installs with its dependencies into an empty folder', () => {
    for (const d of ['creditkit/dist/index.js', 'creditkit/build/creditkit.wasm', 'highs/package.json', 'javascript-lp-solver/package.json']) {
      expect(existsSync(join(app, 'node_modules', d)), d).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).dependencies.creditkit).toMatch(/creditkit-.*\.tgz$/);
  });

  it("works through ESM import 'creditkit' and 'creditkit/lending': reads the bundled data, trains, scores, reloads, and solves a lending problem with HiGHS; scores in worker threads and solves with javascript-lp-solver in one", async () => {
    const script = `
      import { readCsvFile, splitTarget, stratifiedSplit, GradientBoostingClassifier, rocAuc, loadModel } from 'creditkit';
      import { optimizeLending } from 'creditkit/lending';
      const ds = await readCsvFile(new URL(import.meta.resolve('creditkit/package.json').replace('package.json', 'data/german-credit.csv.gz')).pathname);
      const { X, y } = splitTarget(ds, 'is_bad');
      const { train, test } = stratifiedSplit(y, 0.8, 1);
      const model = new GradientBoostingClassifier({ nEstimators: 40, maxDepth: 3 }).fit(X.take(train), Float64Array.from(train, (i) => y[i]));
      const pd = model.predictProba(X.take(test));
      const again = loadModel(JSON.stringify(model)).predictProba(X.take(test));
      const lending = await optimizeLending({
        applicants: [{ id: 'a', pd: 0.01, rating: 'A' }, { id: 'b', pd: 0.02, rating: 'A' }, { id: 'c', pd: 0.5, rating: 'A' }],
        bank: { budget: 150, minAmount: 10, maxAmount: 100, rates: [0.05, 0.1], lgd: 1 },
        churn: { rates: [0.05, 0.1], byRating: { A: [0.1, 0.4] } },
      });
      // The worker modules of dist/: the scoring pool's and the javascript-lp-solver's.
      const pool = await model.createScoringPool(2, { useMainThread: false });
      const pooled = await pool.predictProba(X.take(test));
      await pool.close();
      const jslp = await optimizeLending({
        applicants: [{ id: 'a', pd: 0.01, rating: 'A' }, { id: 'b', pd: 0.02, rating: 'A' }, { id: 'c', pd: 0.5, rating: 'A' }],
        bank: { budget: 150, minAmount: 10, maxAmount: 100, rates: [0.05, 0.1], lgd: 1 },
        churn: { rates: [0.05, 0.1], byRating: { A: [0.1, 0.4] } },
      }, { solver: 'jslp' });
      console.log(JSON.stringify({ rows: ds.nRows, auc: rocAuc(Float64Array.from(test, (i) => y[i]), pd), same: pd.every((p, i) => p === again[i]), lending: lending.status, loans: lending.summary.loans,
        pooled: pooled.every((p, i) => p === pd[i]), jslp: jslp.status, jslpLoans: jslp.summary.loans }));
    `;
    const { stdout } = await inApp(process.execPath, ['--input-type=module', '-e', script]);
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(r.rows).toBe(1000);
    expect(r.auc).toBeGreaterThan(0.7);
    expect(r.auc).toBeLessThan(0.9);
    expect(r.same).toBe(true);
    expect(r.lending).toBe('optimal');
    expect(r.loans).toBe(2);
    expect(r.pooled).toBe(true);
    expect(r.jslp).toBe('optimal');
    expect(r.jslpLoans).toBe(2);
  }, 180_000);

  it("works through 'creditkit/core' with the wasm bytes handed over (the edge-style entry)", async () => {
    const script = `
      import { readFileSync } from 'node:fs';
      import { initSync, GradientBoostingClassifier } from 'creditkit/core';
      initSync(readFileSync(new URL(import.meta.resolve('creditkit/wasm'))));
      const X = Array.from({ length: 200 }, (_, i) => [i % 17, (i * 7) % 13]);
      const y = X.map(([a, b]) => (a + b > 14 ? 1 : 0));
      const p = new GradientBoostingClassifier({ nEstimators: 50, maxDepth: 3, learningRate: 0.3 }).fit(X, y).predictProba([[16, 12], [0, 0]]);
      console.log(JSON.stringify(Array.from(p)));
    `;
    const { stdout } = await inApp(process.execPath, ['--input-type=module', '-e', script]);
    const [high, low] = JSON.parse(stdout.trim());
    expect(high).toBeGreaterThan(0.9); // a + b = 28: far on the positive side of a + b > 14
    expect(low).toBeLessThan(0.1);
  }, 180_000);

  it("works through 'creditkit/sme' and 'creditkit/report': SME features from the bundled invoices, a chart spec", async () => {
    const script = `
      import 'creditkit';
      import { loadSmeData, smeDatasets } from 'creditkit/sme';
      import { rocChartSpec } from 'creditkit/report';
      const dir = new URL(import.meta.resolve('creditkit/package.json').replace('package.json', 'data/cumcm')).pathname;
      const { rated, unrated } = smeDatasets(await loadSmeData(dir));
      const spec = rocChartSpec({ fpr: [0, 1], tpr: [0, 1] });
      console.log(JSON.stringify({ rated: rated.X.nRows, unrated: unrated.X.nRows, chart: typeof spec }));
    `;
    const { stdout } = await inApp(process.execPath, ['--input-type=module', '-e', script]);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ rated: 123, unrated: 302, chart: 'object' });
  }, 180_000);

  it('works through the creditkit command: --help, train and score', async () => {
    const help = await inApp(NPX, ['--no-install', 'creditkit', '--help']);
    for (const c of ['train', 'score', 'evaluate', 'convert', 'optimize']) expect(help.stdout).toContain(c);
    const data = join('node_modules', 'creditkit', 'data', 'german-credit.csv.gz');
    await inApp(NPX, ['--no-install', 'creditkit', 'train', '--data', data, '--target', 'is_bad', '--out', 'model.json', '--n-estimators', '30']);
    expect(JSON.parse(readFileSync(join(app, 'model.json'), 'utf8'))).toMatchObject({ format: 'creditkit-model', name: 'GradientBoostingClassifier' });
    await inApp(NPX, ['--no-install', 'creditkit', 'score', '--model', 'model.json', '--data', data, '--out', 'scores.csv']);
    const lines = readFileSync(join(app, 'scores.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('row,pd');
    expect(lines).toHaveLength(1001);
    expect(lines.slice(1).every((l) => { const pd = Number(l.split(',')[1]); return pd > 0 && pd < 1; })).toBe(true);
  }, 300_000);
});
