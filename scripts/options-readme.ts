// Writes the README's option tables from the models' option tables.
//   npx tsx scripts/options-readme.ts           exit 1 when README.md is not current
//   npx tsx scripts/options-readme.ts --write   rewrite README.md's tables
// Each table sits between `<!-- option-table KIND -->` and `<!-- /option-table -->`,
// KIND being a model kind of the factory (gbdt, tree, ...) or `preprocess`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MODEL_KINDS } from '../src/models/factory.js';
import { optionsMarkdown, sharedKeys } from '../src/models/optionDocs.js';
import { PREPROCESS_SPECS } from '../src/models/preprocess.js';

const BLOCK = /(<!-- option-table ([\w-]+) -->\n)[\s\S]*?(<!-- \/option-table -->)/g;

/** The markdown table of one marker's kind; linear models leave the shared preprocessing rows to the `preprocess` table. */
function tableFor(kind: string): string {
  if (kind === 'preprocess') return optionsMarkdown(PREPROCESS_SPECS);
  const table = Object.hasOwn(MODEL_KINDS, kind) ? MODEL_KINDS[kind].optionTable : undefined;
  if (!table) throw new Error(`README option table "${kind}": no model kind with an option table of that name`);
  return optionsMarkdown(table.options, sharedKeys(table, PREPROCESS_SPECS));
}

/** The README with every option table regenerated. */
export function renderOptionTables(readme: string): string {
  return readme.replace(BLOCK, (_, open: string, kind: string, close: string) => `${open}${tableFor(kind)}\n${close}`);
}

/** The kinds the README has a table for, in order. */
export function tableKinds(readme: string): string[] {
  return [...readme.matchAll(BLOCK)].map((m) => m[2]);
}

export const README = fileURLToPath(new URL('../README.md', import.meta.url));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = readFileSync(README, 'utf8');
  const next = renderOptionTables(text);
  if (process.argv.includes('--write')) {
    if (next !== text) writeFileSync(README, next);
    console.log(next === text ? 'README option tables are current' : 'README option tables rewritten');
  } else if (next !== text) {
    console.error('README option tables are out of date: run npx tsx scripts/options-readme.ts --write');
    process.exitCode = 1;
  }
}
