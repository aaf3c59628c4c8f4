/**
 * Runs bench/lgbm_runner.py (LightGBM) on a dataset directory written by
 * bench/io.ts, in a fresh process per call, and returns its JSON figures.
 *
 * The interpreter is the `python3` on PATH (Debian's has no LightGBM; the
 * other one installs it with `pip install lightgbm`); set CREDITKIT_LGBM_PYTHON
 * to override. When it cannot import lightgbm, `lightgbmMissing()` says why
 * once and the runs return undefined, so a benchmark can go on without it.
 */
import { spawnSync } from 'node:child_process';
import { isAbsolute, join, relative } from 'node:path';
import { REPO_ROOT } from './io.js';
import type { LibFigures } from './xgb.js';

export const LGBM_INSTALL_HINT = 'pip install lightgbm (for the python3 on PATH)';

export interface LgbmParams {
  numRound: number;
  maxDepth: number;
  numLeaves: number;
  eta: number;
  lambda: number;
  /** LightGBM's max_bin: non-missing bins (creditkit's 256 bins = 255 + the missing bin). */
  maxBin: number;
  nthread: number;
  repeats: number;
  /** Probability the fit starts from (init_score = its log-odds). */
  baseScore: number;
  seed?: number;
  /** use_quantized_grad=True. */
  quantized: boolean;
}

export interface LgbmFigures extends LibFigures {
  quantized: boolean;
}

function python(): string {
  const p = process.env.CREDITKIT_LGBM_PYTHON;
  return p !== undefined && p !== '' ? p : 'python3';
}

let missing: string | null | undefined;

/** Why LightGBM cannot run here (a sentence), or null when it can. Checked once. */
export function lightgbmMissing(): string | null {
  if (missing !== undefined) return missing;
  const r = spawnSync(python(), ['-c', 'import lightgbm, numpy; print(lightgbm.__version__)'], { encoding: 'utf8' });
  missing = r.status === 0
    ? null
    : `LightGBM is missing: \`${python()}\` cannot import lightgbm (${r.error ? r.error.message : (r.stderr.trim().split('\n').pop() ?? 'no message')}); install it with ${LGBM_INSTALL_HINT}. The LightGBM rows are left out.`;
  return missing;
}

/** One LightGBM variant on `dataDir` in a fresh process, or undefined when LightGBM is missing. */
export function runLgbm(dataDir: string, p: LgbmParams): LgbmFigures | undefined {
  if (lightgbmMissing() !== null) return undefined;
  const rel = (x: string): string => (isAbsolute(x) ? relative(REPO_ROOT, x) : x);
  const args = [
    join('bench', 'lgbm_runner.py'),
    '--data', rel(dataDir),
    '--num-round', String(p.numRound),
    '--max-depth', String(p.maxDepth),
    '--num-leaves', String(p.numLeaves),
    '--eta', String(p.eta),
    '--lambda', String(p.lambda),
    '--max-bin', String(p.maxBin),
    '--nthread', String(p.nthread),
    '--repeats', String(p.repeats),
    '--seed', String(p.seed ?? 0),
    '--base-score', String(p.baseScore),
  ];
  if (p.quantized) args.push('--quantized');
  const r = spawnSync(python(), args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`lgbm_runner.py exited with status ${r.status}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as LgbmFigures;
}
