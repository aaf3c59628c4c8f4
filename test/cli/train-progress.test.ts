import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { cli, GERMAN, tempDir } from './helpers.js';

const GMSC = fileURLToPath(new URL('../../data/give-me-some-credit.csv.gz', import.meta.url));

describe('train: progress of each phase on a terminal, phase times with --verbose and --json', () => {
  it('draws reading (MiB of the file, rate, ETA), binning and trees (k of n, ETA) on stderr when it is a terminal', async () => {
    const tmp = tempDir();
    try {
      let err = '';
      let out = '';
      // Plain text, 7 MiB: the file is read 1 MiB at a time, so the first blocks end before the last byte is read.
      const plain = tmp.file('gmsc.csv');
      writeFileSync(plain, gunzipSync(readFileSync(GMSC)));
      const code = await runCli(['train', '--data', plain, '--target', 'SeriousDlqin2yrs', '--drop', 'Id', '--out', tmp.file('m.json'), '--n-estimators', '3', '--max-depth', '3', '--verbose'],
        { out: (s) => { out += s + '\n'; }, err: (t) => { err += t; }, isTTY: true });
      expect(code).toBe(0);
      // 150,000 rows: ten blocks, so a partial reading bar with its ETA, then the full one.
      expect(err).toMatch(/\rreading \[#*\.+\] [\d.]+\/[\d.]+ MiB, [\d.]+ MiB\/s, ETA [\d.]+s [\d.]+s\x1b\[K/);
      expect(err).toMatch(/\rreading \[#{30}\] ([\d.]+)\/\1 MiB, [\d.]+ MiB\/s [\d.]+s\x1b\[K/);
      expect(err).toMatch(/\rbinning…\x1b\[K/);
      expect(err).toMatch(/\rtrees \[#{10}\.{20}\] 1\/3, ETA [\d.]+s [\d.]+s\x1b\[K/);
      expect(err).toMatch(/\rtrees \[#{30}\] 3\/3 [\d.]+s\x1b\[K/);
      // Phases in order, and the line is cleared at the end.
      const order = ['\rreading', '\rbinning', '\rtrees', '\rmetrics', '\rsaving'].map((p) => err.indexOf(p));
      expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]))).toBe(true);
      expect(err.endsWith('\r\x1b[K')).toBe(true);
      expect(out).toMatch(/^phases {6}reading [\d.]+ s, binning [\d.]+ s, trees [\d.]+ s, metrics [\d.]+ s, saving [\d.]+ s$/m);
    } finally {
      tmp.cleanup();
    }
  });

  it('--verbose with --threads 2 prints each thread\'s waits at the meetings', async () => {
    const tmp = tempDir();
    try {
      let out = '';
      const code = await runCli(['train', '--data', GMSC, '--target', 'SeriousDlqin2yrs', '--drop', 'Id', '--out', tmp.file('m.json'), '--n-estimators', '3', '--max-depth', '3', '--threads', '2', '--verbose'],
        { out: (s) => { out += s + '\n'; }, err: () => {}, isTTY: false });
      expect(code).toBe(0);
      expect(out).toMatch(/^threads {5}thread 0 waited [\d.]+ ms at \d+ meetings; thread 1 waited [\d.]+ ms at \d+ meetings$/m);
    } finally {
      tmp.cleanup();
    }
  });

  it('draws nothing when stderr is not a terminal; --json has the phase times', async () => {
    const tmp = tempDir();
    try {
      const r = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--valid-ratio', '0.2', '--out', tmp.file('m.json'), '--n-estimators', '4', '--json');
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      const summary = JSON.parse(r.out) as { readSeconds: number; phaseSeconds: Record<string, number>; fitSeconds: number };
      expect(Object.keys(summary.phaseSeconds)).toEqual(['reading', 'binning', 'trees', 'metrics', 'saving']);
      expect(summary.readSeconds).toBe(summary.phaseSeconds.reading);
      expect(summary.phaseSeconds.binning + summary.phaseSeconds.trees).toBeLessThanOrEqual(summary.fitSeconds + 0.05);
      // Kinds without a binning step report one fitting phase; a --valid file is read in its own phase.
      const valid = tmp.file('valid.csv.gz');
      const { copyFileSync } = await import('node:fs');
      copyFileSync(GERMAN, valid);
      const lr = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--kind', 'logistic', '--valid', valid, '--out', tmp.file('lr.json'), '--json');
      expect(lr.code).toBe(0);
      const s = JSON.parse(lr.out) as { readSeconds: number; phaseSeconds: Record<string, number> };
      expect(Object.keys(s.phaseSeconds)).toEqual(['reading', 'reading --valid', 'fitting', 'metrics', 'saving']);
      expect(s.readSeconds).toBeCloseTo(s.phaseSeconds.reading + s.phaseSeconds['reading --valid'], 9);
    } finally {
      tmp.cleanup();
    }
  });
});
