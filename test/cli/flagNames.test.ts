// One name per concept across commands (issue 19, item 5): a table of the
// concepts the commands share and the one flag name each has. A command that
// declares another name for one of them fails here; an old name lives on only
// as a deprecated alias that prints a notice.
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/cli/args.js';
import { COMMANDS } from '../../src/cli/main.js';
import { cli, GERMAN, tempDir } from './helpers.js';

interface Concept {
  concept: string;
  /** The one flag name. */
  flag: string;
  /** The commands that have the concept. */
  commands: string[];
  /** Names the concept must not have as a flag of any command (common names in other tools). */
  otherNames: string[];
  /** Old names kept as deprecated aliases, per command. */
  deprecated?: Record<string, string>;
}

const DATA_READERS = ['train', 'score', 'evaluate', 'explain', 'tune', 'select', 'points', 'monitor', 'compare', 'report', 'validate', 'optimize', 'capital', 'migration'];

const CONCEPTS: Concept[] = [
  { concept: 'the labelled or scored rows', flag: 'data', commands: ['train', 'score', 'evaluate', 'explain', 'tune', 'select', 'points', 'compare', 'report', 'validate'], otherNames: ['input', 'in', 'csv', 'file'] },
  { concept: 'the 0/1 default column', flag: 'target', commands: ['train', 'evaluate', 'tune', 'select', 'points', 'compare', 'report', 'validate'], otherNames: ['label', 'y', 'target-column'] },
  { concept: 'the default label of a text target', flag: 'positive', commands: ['train', 'evaluate', 'tune', 'select', 'points', 'compare', 'report', 'validate'], otherNames: ['positive-label', 'pos-label'] },
  { concept: 'the column of a rating panel holding the period', flag: 'period-column', commands: ['migration'], otherNames: [], deprecated: { migration: 'period' } },
  { concept: 'the column holding each row\'s PD', flag: 'pd', commands: ['optimize', 'validate'], otherNames: ['pd-column', 'pd-col', 'score-column'] },
  { concept: 'the model kinds to compare', flag: 'kinds', commands: ['compare'], otherNames: ['models'], deprecated: { compare: 'models' } },
  { concept: 'the kind of model to train', flag: 'kind', commands: ['train', 'tune', 'select'], otherNames: ['model-kind', 'algorithm', 'estimator'], deprecated: { train: 'model', tune: 'model', select: 'model' } },
  { concept: 'a saved model file to read', flag: 'model', commands: ['score', 'evaluate', 'convert', 'explain', 'scorecard', 'points', 'report', 'validate'], otherNames: ['model-file', 'input-model'], deprecated: { convert: 'in' } },
  { concept: 'the main output file', flag: 'out', commands: ['train', 'score', 'convert', 'explain', 'tune', 'select', 'scorecard', 'points', 'monitor', 'report', 'validate', 'optimize', 'capital', 'migration'], otherNames: ['output', 'o', 'out-file'] },
  { concept: 'the column identifying a row', flag: 'id', commands: ['train', 'tune', 'select', 'compare', 'score', 'explain', 'points', 'optimize', 'migration'], otherNames: ['id-column', 'id-col', 'key'] },
  { concept: 'no id column detected in training data', flag: 'keep-id', commands: ['train', 'tune', 'select', 'compare'], otherNames: ['no-id', 'no-detect-id', 'keep-ids'] },
  { concept: 'columns that are not features', flag: 'drop', commands: ['train', 'tune', 'select', 'monitor', 'compare'], otherNames: ['exclude', 'ignore', 'drop-columns'] },
  { concept: 'worker threads', flag: 'threads', commands: ['train', 'score'], otherNames: ['jobs', 'n-jobs', 'nthread', 'workers'] },
  { concept: 'the random seed', flag: 'seed', commands: ['tune', 'select', 'compare', 'report', 'demo'], otherNames: ['random-state', 'random-seed'] },
  { concept: 'the CSV field separator', flag: 'delimiter', commands: DATA_READERS, otherNames: ['sep', 'separator', 'delim'] },
  { concept: 'the text encoding of CSV input', flag: 'encoding', commands: DATA_READERS, otherNames: ['charset', 'input-encoding'] },
  { concept: 'the metric models are judged by (auc, logloss)', flag: 'eval-metric', commands: ['train', 'tune', 'select'], otherNames: ['metric'], deprecated: { tune: 'scoring', select: 'scoring' } },
  { concept: 'options per model kind, as JSON', flag: 'model-options', commands: ['compare', 'report'], otherNames: ['kind-options'], deprecated: { report: 'compare-options' } },
  { concept: 'the CV leaderboard as CSV', flag: 'leaderboard', commands: ['tune'], otherNames: [], deprecated: { tune: 'report' } },
  { concept: 'an HTML report file', flag: 'report', commands: ['demo'], otherNames: ['html'] },
  { concept: 'every figure as JSON on standard output', flag: 'json', commands: COMMANDS.map((c) => c.name).filter((n) => n !== 'convert'), otherNames: ['json-output', 'format'] },
  { concept: 'quoting formula-like cells of CSV output', flag: 'safe-csv', commands: ['score', 'explain', 'tune', 'select', 'scorecard', 'points', 'monitor', 'optimize', 'capital', 'migration'], otherNames: ['csv-safe', 'escape-formulas'] },
];

const byName = new Map<string, Command>(COMMANDS.map((c) => [c.name, c]));

describe('one flag name per concept', () => {
  it('every command with a concept has its one name, and no command has another name for it', () => {
    for (const k of CONCEPTS) {
      for (const name of k.commands) {
        const c = byName.get(name);
        expect(c, name).toBeDefined();
        expect(Object.keys(c!.options), `${name} --${k.flag} (${k.concept})`).toContain(k.flag);
      }
      for (const c of COMMANDS) {
        for (const other of k.otherNames) expect(Object.keys(c.options), `${c.name} --${other}: ${k.concept} is --${k.flag}`).not.toContain(other);
      }
      for (const [name, old] of Object.entries(k.deprecated ?? {})) {
        const c = byName.get(name)!;
        expect(c.options, `${name} --${old}`).not.toHaveProperty(old);
        expect(c.deprecatedFlags?.[old], `${name} --${old}`).toBe(k.flag);
      }
    }
  });

  it('every deprecated name is in the table, points at a flag of its command, and no flag is a deprecated name elsewhere as a different concept', () => {
    const listed = new Set(CONCEPTS.flatMap((k) => Object.entries(k.deprecated ?? {}).map(([c, old]) => `${c} --${old}`)));
    for (const c of COMMANDS) {
      for (const [old, current] of Object.entries(c.deprecatedFlags ?? {})) {
        expect(listed, `${c.name} --${old}`).toContain(`${c.name} --${old}`);
        expect(c.options, `${c.name} --${old} → --${current}`).toHaveProperty(current);
      }
    }
  });

  it('an old name still works, with a notice on stderr naming the new one', async () => {
    const t = tempDir();
    try {
      const model = t.file('model.json');
      // --model named the kind in train, tune and select, and a model file everywhere else: now --kind.
      const trained = await cli('train', '--data', GERMAN, '--target', 'is_bad', '--model', 'logistic', '--out', model, '--json');
      expect(trained.code).toBe(0);
      expect(trained.err).toBe('creditkit train: --model is now --kind; the old name still works but will be removed in a future version\n');
      expect(JSON.parse(trained.out).model).toBe('logistic');
      const old = await cli('convert', '--in', model, '--out', t.file('old.json'));
      expect(old.code).toBe(0);
      expect(old.err).toBe('creditkit convert: --in is now --model; the old name still works but will be removed in a future version\n');
      const current = await cli('convert', '--model', model, '--out', t.file('new.json'));
      expect(current.err).toBe('');
      const space = t.file('space.json', JSON.stringify({ C: [0.1, 1] }));
      const tuned = await cli('tune', '--data', GERMAN, '--target', 'is_bad', '--space', space, '--folds', '2',
        '--scoring=logloss', '--report', t.file('board.csv'), '--model', 'logistic', '--json');
      expect(tuned.code).toBe(0);
      expect(tuned.err).toMatch(/--scoring is now --eval-metric/);
      expect(tuned.err).toMatch(/--report is now --leaderboard/);
      expect(tuned.err).toMatch(/--model is now --kind/);
      expect(JSON.parse(tuned.out).scoring).toBe('logloss');
      // After --, a name is not a flag.
      expect((await cli('convert', '--', '--in')).err).not.toMatch(/is now/);
    } finally {
      t.cleanup();
    }
  }, 120_000);
});
