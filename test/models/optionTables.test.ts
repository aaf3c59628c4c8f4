// The option tables are the one source of each model kind's options: defaults, checks in the
// constructor and in model files, CLI flags, tune's known options and the option tables of the guides (docs/guides/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import { COMMAND_FLAGS, trainCommand } from '../../src/cli/commands/train.js';
import { DEDICATED_OPTION_FLAGS, optionFlagName } from '../../src/cli/kindOptionFlags.js';
import { Dataset } from '../../src/data/dataset.js';
import { createModel, MODEL_KINDS } from '../../src/models/factory.js';
import { GBDT_OPTION_TABLE } from '../../src/models/gbdt/gbdtOptions.js';
import { defaultsOf, type OptionSpec, type OptionTable } from '../../src/models/optionTable.js';
import { loadModel } from '../../src/models/registry.js';
import { knownOptions } from '../../src/selection/space.js';
import { OPTION_TABLE_DOCS, renderOptionTables, tableKinds } from '../../scripts/options-readme.js';
import { errorOf } from '../errorOf.js';

const KINDS = Object.keys(MODEL_KINDS);
const tableOf = (kind: string): OptionTable<object> => MODEL_KINDS[kind].optionTable as OptionTable<object>;
const specs = (kind: string) => Object.entries(tableOf(kind).options) as [string, OptionSpec][];

/** Values each option's type must reject. */
function badValues(spec: OptionSpec): unknown[] {
  const t = spec.type;
  const common = ['1', true, [], ...(spec.nullable || spec.nullAs !== undefined ? [] : [null])];
  switch (t.kind) {
    case 'integer':
      return [...common, 0.5, NaN, ...(t.range ? [t.range.min - 1, t.range.max + 1] : [])];
    case 'number':
      return [...common, NaN, Infinity, t.minIncluded ? t.min - 1e-9 : t.min, ...(t.max === undefined ? [] : [t.maxIncluded ? t.max + 1e-9 : t.max])];
    case 'enum':
      return [...common, 'bogus', t.values[0].toUpperCase()];
    case 'boolean':
      return ['true', 1, 0, null];
    case 'custom':
      return ['bogus', -1, null];
  }
}

function fittedJson(kind: string): Record<string, unknown> {
  const n = 60;
  const x0 = Float32Array.from({ length: n }, (_, i) => i % 10);
  const x1 = Float32Array.from({ length: n }, (_, i) => (i * 7) % 13);
  const y = Float64Array.from({ length: n }, (_, i) => (x0[i] + x1[i] > 10 ? 1 : 0));
  const small: Record<string, Record<string, unknown>> = { gbdt: { nEstimators: 2 }, rf: { nEstimators: 2 }, adaboost: { nEstimators: 2 }, mlp: { maxEpochs: 2 } };
  const m = createModel(kind, small[kind] ?? {}).fit(new Dataset([{ name: 'x0', kind: 'numeric', values: x0 }, { name: 'x1', kind: 'numeric', values: x1 }]), y);
  return JSON.parse(JSON.stringify(m.toJSON()));
}

describe('option tables', () => {
  it('every model kind has one, and tune knows exactly its options', () => {
    for (const kind of KINDS) {
      expect(tableOf(kind), kind).toBeDefined();
      expect(knownOptions(kind), kind).toEqual(Object.keys(tableOf(kind).options));
    }
  });

  for (const kind of KINDS) {
    it(`${kind}: the constructor's defaults are the table's, in its order (the order of the model JSON)`, () => {
      const options = (createModel(kind) as unknown as { options: object }).options;
      expect(Object.keys(options)).toEqual(Object.keys(tableOf(kind).options));
      // GBDT's lossguide default of maxLeaves is the one default that depends on another option.
      expect(options).toEqual(defaultsOf(tableOf(kind)));
    });

    it(`${kind}: each option's wrong values are E_OPTION in the constructor and E_MODEL_FORMAT at options in a model file`, () => {
      const json = fittedJson(kind);
      for (const [key, spec] of specs(kind)) {
        for (const value of badValues(spec)) {
          const label = `${key} = ${JSON.stringify(value)}`;
          const e = errorOf(() => createModel(kind, { [key]: value }));
          expect(e.code, label).toBe('E_OPTION');
          expect(e.message, label).toContain(key);
          const f = errorOf(() => loadModel({ ...json, options: { ...(json.options as object), [key]: value } }));
          expect(f.code, label).toBe('E_MODEL_FORMAT');
          expect(f.where.path, label).toBe('options');
        }
      }
      // Missing options are the defaults; options that are not an object are rejected.
      const { options: _, ...withoutOptions } = json;
      expect(() => loadModel(withoutOptions)).not.toThrow();
      for (const options of [null, [], 'x']) expect(errorOf(() => loadModel({ ...json, options })).where.path).toBe('options');
      expect(errorOf(() => createModel(kind, { colour: 'red' })).message).toMatch(/unknown option "colour" of [A-Za-z]+ \(known: /);
    });
  }

  it('options that arrive as strings are rejected, not coerced (learningRate "0.5" used to pass the GBDT check)', () => {
    for (const key of ['learningRate', 'subsample', 'colsampleByTree', 'baseScore']) {
      expect(errorOf(() => createModel('gbdt', { [key]: '0.5' })).code, key).toBe('E_OPTION');
    }
    expect(errorOf(() => createModel('gbdt', { monotoneConstraints: null })).code).toBe('E_OPTION');
  });

  it('creditkit train has a flag, a reader and a --help line for every option of every kind (monotoneConstraints: --monotone)', () => {
    for (const key of Object.keys(GBDT_OPTION_TABLE.options)) {
      if (key !== 'monotoneConstraints') expect((GBDT_OPTION_TABLE.options as Record<string, OptionSpec>)[key].flag, key).toBeDefined();
    }
    for (const [name, kind] of Object.entries(MODEL_KINDS)) {
      for (const [key, spec] of Object.entries(kind.optionTable!.options) as [string, OptionSpec][]) {
        const flag = optionFlagName(key, spec) ?? DEDICATED_OPTION_FLAGS[key];
        expect(flag, `${name}.${key}`).toBeDefined();
        // An option flag must not shadow one of the command's own flags (then it could only be set through --options).
        if (!Object.hasOwn(DEDICATED_OPTION_FLAGS, key)) expect([...COMMAND_FLAGS, 'encoding', 'verbose', 'json'], `${name}.${key}`).not.toContain(flag);
        expect(trainCommand.options, `${name}.${key}`).toHaveProperty(flag);
        expect(trainCommand.help, `${name}.${key}`).toMatch(new RegExp(`--${flag} +${key}: `));
      }
    }
    expect(trainCommand.help).toMatch(/--n-estimators +nEstimators: boosting rounds \[integer 1\.\.100,000; default 100\]/);
  });

  it('the guides have a table for every model kind and the preprocessing, and each is current', () => {
    const docs = OPTION_TABLE_DOCS.map((f) => readFileSync(f, 'utf8'));
    expect(docs.flatMap(tableKinds).sort()).toEqual([...KINDS, 'preprocess'].sort());
    for (const [i, doc] of docs.entries()) {
      expect(renderOptionTables(doc) === doc, `${OPTION_TABLE_DOCS[i]}: option tables are stale: run npx tsx scripts/options-readme.ts --write`).toBe(true);
    }
    // The check can fail: an edited row is put back.
    const modelling = docs[0];
    const edited = modelling.replace('| `nEstimators` | 100 | integer 1..100,000 | boosting rounds |', '| `nEstimators` | 100 | integer 1..1,000,000 | boosting rounds |');
    expect(edited).not.toBe(modelling);
    expect(renderOptionTables(edited)).toBe(modelling);
  });
});
