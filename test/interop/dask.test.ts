import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli, tempDir } from '../cli/helpers.js';

// The Dask recipe (recipes/dask/score_dask.py): a creditkit model exported to XGBoost JSON,
// scored on a dask.distributed LocalCluster with 2 worker processes over CSV partitions,
// must give creditkit's PDs on every row. Needs Debian's python3 with python3-dask,
// python3-distributed, python3-pandas and python3-xgboost, which .ci/run installs.
const PYTHON = '/usr/bin/python3';
const RECIPE = fileURLToPath(new URL('../../recipes/dask/score_dask.py', import.meta.url));
const DATA = (name: string): string => fileURLToPath(new URL(`../../data/${name}`, import.meta.url));

function requirePythonDask(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import dask.dataframe, distributed, pandas, xgboost'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`${PYTHON} cannot import dask.dataframe, distributed, pandas and xgboost (${(probe.stderr || String(probe.error)).trim().split('\n').pop()}). `
      + 'Run .ci/run, which installs python3-dask python3-distributed python3-pandas python3-xgboost (or apt-get install them).');
  }
}

/** The CSV's lines cut into `parts` partition files, each with the header. */
function writePartitions(dir: string, text: string, parts: number): string {
  const lines = text.trimEnd().split('\n');
  const [header, ...rows] = lines;
  const size = Math.ceil(rows.length / parts);
  for (let p = 0; p < parts; p++) writeFileSync(join(dir, `part-${p}.csv`), [header, ...rows.slice(p * size, (p + 1) * size)].join('\n') + '\n');
  return join(dir, 'part-*.csv');
}

function readPds(path: string): { ids: string[]; pd: number[] } {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n').slice(1);
  return { ids: lines.map((l) => l.slice(0, l.lastIndexOf(','))), pd: lines.map((l) => Number(l.slice(l.lastIndexOf(',') + 1))) };
}

async function compareOnDask(csvText: string, target: string, idColumn: string | undefined, trainFlags: string[]): Promise<number> {
  requirePythonDask();
  const tmp = tempDir();
  try {
    const all = tmp.file('all.csv', csvText);
    const model = tmp.file('model.json');
    const xgbModel = tmp.file('model.xgb.json');
    const drop = idColumn ? ['--drop', idColumn] : [];
    const id = idColumn ? ['--id', idColumn] : [];
    expect((await cli('train', '--data', all, '--target', target, ...drop, '--out', model, ...trainFlags)).code).toBe(0);
    expect((await cli('convert', '--model', model, '--out', xgbModel, '--to', 'xgboost')).code).toBe(0);
    const ours = tmp.file('creditkit.csv');
    expect((await cli('score', '--model', model, '--data', all, '--out', ours, ...id)).code).toBe(0);

    const parts = writePartitions(tmp.dir, csvText, 4);
    const theirs = tmp.file('dask.csv');
    const run = spawnSync(PYTHON, [RECIPE, '--model', xgbModel, '--data', parts, '--out', theirs, '--workers', '2', ...id], { encoding: 'utf8', timeout: 240_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/in 4 partitions on 2 Dask workers/);

    const a = readPds(ours);
    const b = readPds(theirs);
    expect(b.ids).toEqual(a.ids);
    let worst = 0;
    for (let i = 0; i < a.pd.length; i++) {
      const d = Math.abs(a.pd[i] - b.pd[i]);
      if (!(d <= 1e-6)) throw new Error(`row ${i + 1} (${a.ids[i]}): creditkit ${a.pd[i]}, Dask/XGBoost ${b.pd[i]}`);
      worst = Math.max(worst, d);
    }
    return worst;
  } finally {
    tmp.cleanup();
  }
}

describe('scoring a creditkit model on Dask (recipes/dask)', () => {
  it('German credit (categorical features): every PD equals creditkit score to 1e-6', async () => {
    const text = gunzipSync(readFileSync(DATA('german-credit.csv.gz'))).toString('utf8');
    const worst = await compareOnDask(text, 'is_bad', undefined, ['--n-estimators', '40', '--max-depth', '4']);
    expect(worst).toBeLessThanOrEqual(1e-6);
  }, 300_000);

  it('Give Me Some Credit, 20,000 rows with missing values and ids: every PD equals creditkit score to 1e-6', async () => {
    const lines = gunzipSync(readFileSync(DATA('give-me-some-credit.csv.gz'))).toString('utf8').split('\n');
    const worst = await compareOnDask(lines.slice(0, 20_001).join('\n') + '\n', 'SeriousDlqin2yrs', 'Id', ['--n-estimators', '60']);
    expect(worst).toBeLessThanOrEqual(1e-6);
  }, 300_000);
});
