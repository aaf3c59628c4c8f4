// The published package: `npm pack` on a clean copy of the sources (its
// `prepack` script builds the wasm and dist/; a consumer install runs no
// script), installed into an empty folder as a user would: first alone (the
// core install: the library, the lending optimizer with HiGHS, the CLI), then
// with the optional peers (Vega for the report, javascript-lp-solver, Arrow
// and Parquet). The tarball carries no datasets, so the app reads its data
// from its own folder (a copy of the repository's German credit file).
// Installs prefer npm's cache (scripts/packInstall.ts). The sizes asserted
// here are the ones scripts/package-size.ts prints for docs/guides/browser-and-edge.md.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyProject, installSize, type InstallSize, megabytes, npmInstall, optionalPeerSpecs, packCopy, type Packed, QUIET, REPO_ROOT } from '../../scripts/packInstall.js';

const run = promisify(execFile);
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const MB = 1e6;

let work = '';
let app = '';
let tarball = '';
let packed: Packed | undefined;
let coreInstall: InstallSize | undefined;

async function inApp(file: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(file, args, { cwd: app, env: QUIET, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
}

/** Runs a command expected to fail; returns its exit code and output. */
async function failing(file: string, args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  try {
    const r = await inApp(file, args);
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stderr: string; stdout: string };
    return { code: err.code, stderr: err.stderr, stdout: err.stdout };
  }
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? declarationFiles(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []);
}

async function nodeScript(script: string): Promise<unknown> {
  const { stdout } = await inApp(process.execPath, ['--input-type=module', '-e', script]);
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

const LENDING = `{
  applicants: [{ id: 'a', pd: 0.01, rating: 'A' }, { id: 'b', pd: 0.02, rating: 'A' }, { id: 'c', pd: 0.5, rating: 'A' }],
  bank: { budget: 150, minAmount: 10, maxAmount: 100, rates: [0.05, 0.1], lgd: 1 },
  churn: { rates: [0.05, 0.1], byRating: { A: [0.1, 0.4] } },
}`;

describe('npm pack → install into an empty folder', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'creditkit-pack-'));
    ({ tarball, packed } = await packCopy(work));
    app = join(work, 'app');
    emptyProject(app);
    await npmInstall(app, [tarball]);
    coreInstall = installSize(app);
    copyFileSync(join(REPO_ROOT, 'data', 'german-credit.csv.gz'), join(app, 'german-credit.csv.gz'));
  }, 420_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs the compiled library, the wasm, the README, the docs and the LICENSE: no datasets, source maps, sources, tests or images; under 1 MB', () => {
    expect(packed, 'npm pack --json output').toBeDefined();
    const files = packed!.files.map((f) => f.path);
    for (const f of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/core.js', 'dist/index.d.ts', 'dist/cli/bin.js',
      'dist/lending/index.js', 'dist/lending/index.d.ts', 'dist/report/index.js', 'dist/report/index.d.ts', 'dist/sme/index.js', 'dist/sme/index.d.ts', 'build/creditkit.wasm']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|assembly|bench|web|data|node_modules)\/|\.map$|\.csv(\.gz)?$|^docs\/.*\.(?!md$)[^.]+$/.test(f))).toEqual([]);
    // The README's links into docs/ work in the installed package too.
    const readmeLinks = [...readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1]);
    expect(readmeLinks.length).toBeGreaterThan(10);
    for (const link of readmeLinks) expect(files, link).toContain(link);
    const wasm = packed!.files.find((f) => f.path === 'build/creditkit.wasm')!;
    expect(wasm.size).toBe(statSync(join(REPO_ROOT, 'build', 'creditkit.wasm')).size); // the same build as this checkout's
    expect(packed!.size).toBeLessThan(1 * MB);
    console.info(`[package] ${packed!.filename}: ${megabytes(packed!.size)} packed, ${megabytes(packed!.unpackedSize)} unpacked, ${files.length} files`);
  });

  it('installs as creditkit and highs only, under 10 MB, running no install script', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules', 'creditkit', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[s], s).toBeUndefined();
    expect(existsSync(join(app, 'node_modules', 'highs', 'package.json'))).toBe(true);
    for (const optional of ['vega', 'vega-lite', 'apache-arrow', 'hyparquet', 'javascript-lp-solver']) {
      expect(existsSync(join(app, 'node_modules', optional)), optional).toBe(false);
    }
    // A TypeScript user without the optional peers (and without skipLibCheck) must not meet them in creditkit's declarations.
    const optionalPeers = optionalPeerSpecs().map((spec) => spec.slice(0, spec.lastIndexOf('@')));
    const named = declarationFiles(join(app, 'node_modules', 'creditkit', 'dist')).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return optionalPeers.filter((n) => new RegExp(`(from |import\\()['"]${n}['"]`).test(text)).map((n) => `${file}: ${n}`);
    });
    expect(named).toEqual([]);
    expect(coreInstall!.packages).toBe(2);
    expect(coreInstall!.bytes).toBeLessThan(10 * MB);
    console.info(`[package] core install: ${megabytes(coreInstall!.bytes)}, ${coreInstall!.files} files, ${coreInstall!.packages} packages`);
  });

  it("core install: 'creditkit' reads the user's CSV, trains, scores, reloads; 'creditkit/lending' solves with HiGHS; 'creditkit/core' trains after initSync", async () => {
    const r = await nodeScript(`
      import { readCsvFile, splitTarget, stratifiedSplit, GradientBoostingClassifier, rocAuc, loadModel } from 'creditkit';
      import { optimizeLending } from 'creditkit/lending';
      const ds = await readCsvFile('german-credit.csv.gz');
      const { X, y } = splitTarget(ds, 'is_bad');
      const { train, test } = stratifiedSplit(y, 0.8, 1);
      const model = new GradientBoostingClassifier({ nEstimators: 40, maxDepth: 3 }).fit(X.take(train), Float64Array.from(train, (i) => y[i]));
      const pd = model.predictProba(X.take(test));
      const again = loadModel(JSON.stringify(model)).predictProba(X.take(test));
      const lending = await optimizeLending(${LENDING});
      const pool = await model.createScoringPool(2, { useMainThread: false });
      const pooled = await pool.predictProba(X.take(test));
      await pool.close();
      console.log(JSON.stringify({ rows: ds.nRows, auc: rocAuc(Float64Array.from(test, (i) => y[i]), pd), same: pd.every((p, i) => p === again[i]),
        lending: lending.status, loans: lending.summary.loans, pooled: pooled.every((p, i) => p === pd[i]) }));
    `) as Record<string, unknown>;
    expect(r.rows).toBe(1000);
    expect(r.auc).toBeGreaterThan(0.7);
    expect(r.auc).toBeLessThan(0.9);
    expect(r).toMatchObject({ same: true, lending: 'optimal', loans: 2, pooled: true });

    const [high, low] = await nodeScript(`
      import { readFileSync } from 'node:fs';
      import { initSync, GradientBoostingClassifier } from 'creditkit/core';
      initSync(readFileSync(new URL(import.meta.resolve('creditkit/wasm'))));
      const X = Array.from({ length: 200 }, (_, i) => [i % 17, (i * 7) % 13]);
      const y = X.map(([a, b]) => (a + b > 14 ? 1 : 0));
      const p = new GradientBoostingClassifier({ nEstimators: 50, maxDepth: 3, learningRate: 0.3 }).fit(X, y).predictProba([[16, 12], [0, 0]]);
      console.log(JSON.stringify(Array.from(p)));
    `) as number[];
    expect(high).toBeGreaterThan(0.9); // a + b = 28: far on the positive side of a + b > 14
    expect(low).toBeLessThan(0.1);
  }, 180_000);

  it('core install: the creditkit command runs --help, train and score; demo says its data is in the repository', async () => {
    const help = await inApp(NPX, ['--no-install', 'creditkit', '--help']);
    for (const c of ['train', 'score', 'evaluate', 'convert', 'optimize', 'report']) expect(help.stdout).toContain(c);
    await inApp(NPX, ['--no-install', 'creditkit', 'train', '--data', 'german-credit.csv.gz', '--target', 'is_bad', '--out', 'model.json', '--n-estimators', '30']);
    expect(JSON.parse(readFileSync(join(app, 'model.json'), 'utf8'))).toMatchObject({ format: 'creditkit-model', name: 'GradientBoostingClassifier' });
    await inApp(NPX, ['--no-install', 'creditkit', 'score', '--model', 'model.json', '--data', 'german-credit.csv.gz', '--out', 'scores.csv']);
    const lines = readFileSync(join(app, 'scores.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('row,pd');
    expect(lines).toHaveLength(1001);
    expect(lines.slice(1).every((l) => { const pd = Number(l.split(',')[1]); return pd > 0 && pd < 1; })).toBe(true);

    const demo = await failing(NPX, ['--no-install', 'creditkit', 'demo', '--no-report']);
    expect(demo.code).toBe(2);
    expect(demo.stderr).toContain('E_FILE_NOT_FOUND');
    expect(demo.stderr).toContain('npm start');
  }, 300_000);

  it('core install: the report, Parquet output and the jslp solver fail with E_MISSING_PACKAGE naming the install command, writing nothing', async () => {
    const report = await failing(NPX, ['--no-install', 'creditkit', 'report', '--model', 'model.json', '--data', 'german-credit.csv.gz', '--target', 'is_bad', '--out', 'report.html']);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('E_MISSING_PACKAGE');
    expect(report.stderr).toContain('npm install vega@^5.33.1 vega-lite@^5.23.0');
    expect(existsSync(join(app, 'report.html'))).toBe(false);

    const parquet = await failing(NPX, ['--no-install', 'creditkit', 'score', '--model', 'model.json', '--data', 'german-credit.csv.gz', '--out', 'scores.parquet']);
    expect(parquet.code).toBe(2);
    expect(parquet.stderr).toContain('E_MISSING_PACKAGE');
    expect(parquet.stderr).toContain('npm install hyparquet-writer@');
    expect(existsSync(join(app, 'scores.parquet'))).toBe(false);

    const r = await nodeScript(`
      import 'creditkit';
      import { optimizeLending } from 'creditkit/lending';
      import { renderSvg, rocChartSpec } from 'creditkit/report';
      const codeOf = (p) => p.then(() => 'ok', (e) => e.code + ': ' + e.message);
      console.log(JSON.stringify({ jslp: await codeOf(optimizeLending(${LENDING}, { solver: 'jslp' })), svg: await codeOf(renderSvg(rocChartSpec({ fpr: [0, 1], tpr: [0, 1] }))) }));
    `) as { jslp: string; svg: string };
    expect(r.jslp).toMatch(/^E_MISSING_PACKAGE: .*"javascript-lp-solver" is not installed.*npm install javascript-lp-solver@/);
    expect(r.svg).toMatch(/^E_MISSING_PACKAGE: .*"vega" is not installed/);
  }, 300_000);

  describe('with the optional peers installed', () => {
    beforeAll(async () => {
      await npmInstall(app, optionalPeerSpecs());
    }, 420_000);

    it("'creditkit/report' renders a chart and the report command writes the HTML; jslp solves; SME features from the repository's invoices", async () => {
      const r = await nodeScript(`
        import 'creditkit';
        import { optimizeLending } from 'creditkit/lending';
        import { renderSvg, rocChartSpec } from 'creditkit/report';
        import { loadSmeData, smeDatasets } from 'creditkit/sme';
        const svg = await renderSvg(rocChartSpec({ fpr: [0, 0.5, 1], tpr: [0, 0.8, 1] }, { auc: 0.65 }));
        const jslp = await optimizeLending(${LENDING}, { solver: 'jslp' });
        const { rated, unrated } = smeDatasets(await loadSmeData(${JSON.stringify(join(REPO_ROOT, 'data', 'cumcm'))}));
        console.log(JSON.stringify({ svg: svg.startsWith('<svg'), jslp: jslp.status, loans: jslp.summary.loans, rated: rated.X.nRows, unrated: unrated.X.nRows }));
      `);
      expect(r).toEqual({ svg: true, jslp: 'optimal', loans: 2, rated: 123, unrated: 302 });

      await inApp(NPX, ['--no-install', 'creditkit', 'report', '--model', 'model.json', '--data', 'german-credit.csv.gz', '--target', 'is_bad', '--shap-rows', '100', '--out', 'report.html']);
      const html = readFileSync(join(app, 'report.html'), 'utf8');
      expect(html).toContain('<svg');
      expect(html).toContain('ROC curve');
      await inApp(NPX, ['--no-install', 'creditkit', 'score', '--model', 'model.json', '--data', 'german-credit.csv.gz', '--out', 'scores.parquet']);
      expect(statSync(join(app, 'scores.parquet')).size).toBeGreaterThan(1000);
      const full = installSize(app);
      console.info(`[package] install with the optional peers: ${megabytes(full.bytes)}, ${full.files} files, ${full.packages} packages`);
    }, 300_000);
  });
});
