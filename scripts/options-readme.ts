// Writes the option tables of the modelling and scorecard guides from the models' option tables.
//   npx tsx scripts/options-readme.ts           exit 1 when a guide's tables are not current
//   npx tsx scripts/options-readme.ts --write   rewrite the guides' tables
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
  if (!table) throw new Error(`option table "${kind}": no model kind with an option table of that name`);
  return optionsMarkdown(table.options, sharedKeys(table, PREPROCESS_SPECS));
}

/** A Markdown text with every option table regenerated. */
export function renderOptionTables(markdown: string): string {
  return markdown.replace(BLOCK, (_, open: string, kind: string, close: string) => `${open}${tableFor(kind)}\n${close}`);
}

/** The kinds a Markdown text has a table for, in order. */
export function tableKinds(markdown: string): string[] {
  return [...markdown.matchAll(BLOCK)].map((m) => m[2]);
}

/** The documents holding option tables. */
export const OPTION_TABLE_DOCS = ['docs/guides/modelling.md', 'docs/guides/scorecard.md'].map((f) => fileURLToPath(new URL(`../${f}`, import.meta.url)));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const doc of OPTION_TABLE_DOCS) {
    const text = readFileSync(doc, 'utf8');
    const next = renderOptionTables(text);
    if (process.argv.includes('--write')) {
      if (next !== text) writeFileSync(doc, next);
      console.log(`${doc}: option tables ${next === text ? 'are current' : 'rewritten'}`);
    } else if (next !== text) {
      console.error(`${doc}: option tables are out of date: run npx tsx scripts/options-readme.ts --write`);
      process.exitCode = 1;
    }
  }
}
