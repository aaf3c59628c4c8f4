/**
 * Runs bench/xgb_runner.py (XGBoost, optionally scikit-learn) on a dataset
 * directory written by bench/io.ts and returns its JSON figures.
 *
 * The interpreter is Debian's `/usr/bin/python3` when it can import xgboost and
 * scikit-learn, else the `python3` on PATH; set CREDITKIT_PYTHON to override.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { REPO_ROOT } from './io.js';

export const INSTALL_HINT = 'apt-get install -y python3-xgboost python3-sklearn';

export interface XgbParams {
  numRound: number;
  maxDepth: number;
  eta: number;
  lambda: number;
  maxBin: number;
  nthread: number;
  repeats: number;
  /** Probability; the runner defaults to the training prior. */
  baseScore?: number;
  seed?: number;
  /** Also run scikit-learn's HistGradientBoostingClassifier. */
  sklearn?: boolean;
  /** Write XGBoost's test probabilities (float64 LE) to this file. */
  savePred?: string;
  /** Time inplace_predict on the whole X (default true). */
  predictBatch?: boolean;
}

export interface LibFigures {
  library: string;
  version: string;
  fit_s: number;
  fit_s_all: number[];
  fit_cpu_s?: number;
  train_s?: number;
  test_auc: number;
  test_logloss: number;
  n_trees: number;
  n_leaves?: number;
  predict_rows?: number;
  predict_s?: number;
  predict_rows_per_s?: number;
  peak_rss_mib?: number;
}

export interface XgbResult {
  n_rows: number;
  n_features: number;
  n_train: number;
  n_test: number;
  train_prior: number;
  base_score: number;
  python: string;
  rss_after_load_mib: number;
  peak_rss_mib: number;
  xgboost?: LibFigures;
  sklearn?: LibFigures;
}

let cachedPython: string | undefined;

function canImport(python: string): boolean {
  const r = spawnSync(python, ['-c', 'import numpy, xgboost, sklearn'], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * The Python interpreter that can import xgboost and scikit-learn. Prints how
 * to install them and exits with status 3 if there is none.
 */
export function findPython(): string {
  if (cachedPython !== undefined) return cachedPython;
  const candidates = [process.env.CREDITKIT_PYTHON, '/usr/bin/python3', 'python3'].filter(
    (p): p is string => p !== undefined && p !== '' && (!p.startsWith('/') || existsSync(p)),
  );
  for (const p of candidates) {
    if (canImport(p)) {
      cachedPython = p;
      return p;
    }
  }
  console.error(
    `XGBoost and scikit-learn are not importable (tried ${candidates.join(', ')}).\n` +
      `Install them for Debian's interpreter:\n  ${INSTALL_HINT}\n` +
      'then run with /usr/bin/python3 (or set CREDITKIT_PYTHON to an interpreter that has them).',
  );
  process.exit(3);
}

/** Runs the runner on `dataDir`; its progress goes to our stderr. */
export function runXgb(dataDir: string, p: XgbParams): XgbResult {
  const python = findPython();
  // The runner works from the repository root with relative paths, so no
  // machine-specific path ends up in its output.
  const rel = (p: string): string => (isAbsolute(p) ? relative(REPO_ROOT, p) : p);
  const args = [
    join('bench', 'xgb_runner.py'),
    '--data', rel(dataDir),
    '--num-round', String(p.numRound),
    '--max-depth', String(p.maxDepth),
    '--eta', String(p.eta),
    '--lambda', String(p.lambda),
    '--max-bin', String(p.maxBin),
    '--nthread', String(p.nthread),
    '--repeats', String(p.repeats),
    '--seed', String(p.seed ?? 0),
  ];
  if (p.baseScore !== undefined) args.push('--base-score', String(p.baseScore));
  if (p.sklearn) args.push('--sklearn');
  if (p.savePred !== undefined) args.push('--save-pred', rel(p.savePred));
  if (p.predictBatch === false) args.push('--no-predict-batch');
  const r = spawnSync(python, args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    if (r.status === 3) console.error(`Install XGBoost and scikit-learn: ${INSTALL_HINT}`);
    throw new Error(`xgb_runner.py exited with status ${r.status}`);
  }
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as XgbResult;
}

/** Reads a little-endian float64 file (e.g. the runner's saved predictions). */
export function readF64(path: string): Float64Array {
  const b = readFileSync(path);
  const out = new Float64Array(b.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = b.readDoubleLE(i * 8);
  return out;
}
