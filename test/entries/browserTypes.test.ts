// 'creditkit/web' in a browser TypeScript project: strict, no Node types
// ("types": []), the DOM library for a page and the WebWorker library for a
// worker (the two cannot share one project), and skipLibCheck off, so tsc
// checks every declaration file the entry reaches. It installs the compiled
// package into a temporary project as a user's install would have it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, ensureDist } from '../runtimes/helpers.js';
import { installCreditkit } from '../recipes/recipeApp.js';

const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const PAGE = `import { ready, parseCsv, splitTarget, GradientBoostingClassifier, shapValues, type Classifier } from 'creditkit/web';
await ready(new URL('/assets/creditkit.wasm', location.href));
const { X, y } = splitTarget(parseCsv(document.querySelector('textarea')!.value), 'default');
const model: Classifier = new GradientBoostingClassifier({ nEstimators: 20 }).fit(X, y);
document.title = String(model.predictProba(X)[0]) + shapValues(model, X).bias;
`;

// The @ts-expect-error lines prove that tsc read creditkit's declarations: were the
// module unresolved (any), the expected errors would be missing, and that is an error too.
const WORKER = `import { ready, loadModel, parseCsv, isCreditkitError } from 'creditkit/web';
// @ts-expect-error loadModel gives a Classifier, not a number
export const n: number = loadModel('{}');
// @ts-expect-error 'creditkit/web' has no file functions
import { readCsvFile } from 'creditkit/web';
void readCsvFile;
self.onmessage = async (e: MessageEvent<{ model: string; csv: string }>) => {
  await ready();
  try {
    self.postMessage(loadModel(e.data.model).predictProba(parseCsv(e.data.csv)));
  } catch (err) {
    self.postMessage(isCreditkitError(err) ? err.code : 'unexpected');
  }
};
`;

function tsconfig(lib: string[], file: string): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib, types: [],
      strict: true, skipLibCheck: false, noEmit: true,
    },
    files: [file],
  });
}

let project = '';

beforeAll(async () => {
  await ensureDist();
  project = mkdtempSync(join(tmpdir(), 'creditkit-browser-types-'));
  installCreditkit(project);
  writeFileSync(join(project, 'page.ts'), PAGE);
  writeFileSync(join(project, 'worker.ts'), WORKER);
  writeFileSync(join(project, 'tsconfig.page.json'), tsconfig(['ES2022', 'DOM'], 'page.ts'));
  writeFileSync(join(project, 'tsconfig.worker.json'), tsconfig(['ES2022', 'WebWorker'], 'worker.ts'));
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
}, 180_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** tsc's diagnostics for one of the project's configurations ('' when it compiles). */
async function tsc(config: string): Promise<string> {
  try {
    await promisify(execFile)(process.execPath, [TSC, '-p', config], { cwd: project, timeout: 120_000 });
    return '';
  } catch (e) {
    const { stdout, stderr } = e as { stdout: string; stderr: string };
    return `${stdout}${stderr}`;
  }
}

describe("'creditkit/web' type declarations in a browser project without Node types or skipLibCheck", () => {
  it('compile for a page (DOM) and for a Web Worker (WebWorker)', async () => {
    const [page, worker] = await Promise.all([tsc('tsconfig.page.json'), tsc('tsconfig.worker.json')]);
    expect(page).toBe('');
    expect(worker).toBe('');
  }, 180_000);
});
