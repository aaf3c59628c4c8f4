// Writes the `creditkit compare` tables of the modelling guide (SME firms, the same with the bank's
// rating, German credit) between `<!-- compare-NAME -->` and `<!-- /compare-NAME -->`, each with the
// commands, the date and the machine's load above it. AUC, precision, recall, F1 and KS are
// deterministic (seeded splits); the fit times are not, so nothing checks the blocks.
//   npx tsx scripts/compare-tables.ts [--repeats 20] [--only sme,sme-rating,german]   print the tables
//   npx tsx scripts/compare-tables.ts --write                                          rewrite the guide
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CompareResult } from '../src/core.js';
import { runCli } from '../src/cli/main.js';
import { MODEL_KINDS } from '../src/index.js';

// Every kind, in the guide's order. (A scorecard leaves out a characteristic with one value in the training
// rows, such as `individual_business` on some SME splits, as 'single-value'.)
const KINDS = ['gbdt', 'adaboost', 'rf', 'tree', 'logistic', 'svm', 'mlp', 'scorecard'];
const unlisted = Object.keys(MODEL_KINDS).filter((k) => !KINDS.includes(k));
if (unlisted.length > 0) throw new Error(`new model kinds (${unlisted.join(', ')}): add them to KINDS`);

const GUIDE = fileURLToPath(new URL('../docs/guides/modelling.md', import.meta.url));
const { values } = parseArgs({ options: { repeats: { type: 'string' }, only: { type: 'string' }, write: { type: 'boolean' } } });
const repeats = values.repeats ?? '20';

const DATA: Record<string, string[]> = {
  sme: ['--sme', 'data/cumcm'],
  'sme-rating': ['--sme', 'data/cumcm', '--with-rating'],
  german: ['--data', 'data/german-credit.csv.gz', '--target', 'is_bad'],
};
const RBF = ['--kinds', 'svm', '--model-options', '{"svm":{"kernel":"rbf"}}'];

/** Runs `creditkit compare ... --json` in this process and returns its result. */
async function compare(args: string[]): Promise<CompareResult> {
  let out = '';
  let err = '';
  const code = await runCli(['compare', ...args, '--json'], { out: (s) => { out += s + '\n'; }, err: (s) => { err += s; }, write: (s) => { out += s; }, isTTY: false });
  if (code !== 0) throw new Error(`creditkit compare ${args.join(' ')} exited ${code}: ${err}`);
  return JSON.parse(out) as CompareResult;
}

const shell = (args: string[]): string => args.map((a) => (/^[\w./,-]+$/.test(a) ? a : `'${a}'`)).join(' ');

async function tableFor(name: string): Promise<string> {
  const common = [...DATA[name], '--train-ratios', '0.7,0.8', '--repeats', repeats];
  const all = ['--kinds', KINDS.join(','), ...common];
  const load0 = loadavg()[0];
  const main = await compare(all);
  const rbf = await compare([...RBF, ...common]);
  const load1 = loadavg()[0];
  const pm = (m: { mean: number; sd: number }): string => `${m.mean.toFixed(3)} ± ${m.sd.toFixed(3)}`;
  const row = (label: string, r: CompareResult['rows'][number]): string =>
    `| ${label} | ${Math.round(r.trainRatio * 100)}% | ${pm(r.auc)} | ${pm(r.precision)} | ${pm(r.recall)} | ${pm(r.f1)} | ${pm(r.ks)} | ${r.fitSeconds.mean.toFixed(3)} |`;
  return [
    `\`npm run creditkit -- compare ${shell(all)}\` and \`... ${shell([...RBF, ...common])}\` (the \`svm (rbf)\` rows, same splits);`,
    `${new Date().toISOString().slice(0, 10)}, written by \`npx tsx scripts/compare-tables.ts --write\`; fit s is the mean fit time on a 2-core machine shared`,
    `with other jobs (load average ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end), so indicative only.`,
    '',
    '| model | train | AUC | precision | recall | F1 | KS | fit s |',
    '|---|---|---|---|---|---|---|---|',
    ...main.rows.map((r) => row(r.model, r)),
    ...rbf.rows.map((r) => row('svm (rbf)', r)),
  ].join('\n');
}

let text = readFileSync(GUIDE, 'utf8');
for (const name of values.only?.split(',') ?? Object.keys(DATA)) {
  if (!DATA[name]) throw new Error(`unknown table "${name}" (${Object.keys(DATA).join(', ')})`);
  const table = await tableFor(name);
  console.log(`<!-- compare-${name} -->\n${table}\n<!-- /compare-${name} -->\n`);
  const block = new RegExp(`(<!-- compare-${name} -->\\n)[\\s\\S]*?(<!-- /compare-${name} -->)`);
  if (!block.test(text)) throw new Error(`docs/guides/modelling.md has no <!-- compare-${name} --> block`);
  text = text.replace(block, (_, open: string, close: string) => `${open}${table}\n${close}`);
}
if (values.write) {
  writeFileSync(GUIDE, text);
  console.log('docs/guides/modelling.md rewritten');
}
