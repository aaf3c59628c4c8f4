// The sizes a user gets from npm: the tarball, a consumer install of the core package, and one
// with every optional peer (Vega, Arrow, Parquet, javascript-lp-solver).
//   npx tsx scripts/package-size.ts           print the table
//   npx tsx scripts/package-size.ts --write   also write it into the guide, and the two sizes into the README
// Prints a Markdown table for the "The package" section of docs/guides/browser-and-edge.md
// (MB = 10^6 bytes; install sizes are the apparent sizes of the files under node_modules).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyProject, installSize, megabytes, npmInstall, optionalPeerSpecs, packCopy } from './packInstall.js';

const GUIDE = new URL('../docs/guides/browser-and-edge.md', import.meta.url);
const README = new URL('../README.md', import.meta.url);

/** Replaces the one match of `pattern` in `file`; a file without it is an error (the text moved). */
function rewrite(file: URL, pattern: RegExp, replacement: string): void {
  const text = readFileSync(file, 'utf8');
  if (!pattern.test(text)) throw new Error(`${file.pathname.split('/').slice(-2).join('/')}: the package sizes are not where --write expects them`);
  writeFileSync(file, text.replace(pattern, replacement));
}

const work = mkdtempSync(join(tmpdir(), 'creditkit-size-'));
try {
  const { tarball, packed } = await packCopy(work);
  const core = join(work, 'core');
  emptyProject(core);
  await npmInstall(core, [tarball]);
  const coreSize = installSize(core);
  const full = join(work, 'full');
  emptyProject(full);
  await npmInstall(full, [tarball, ...optionalPeerSpecs()]);
  const fullSize = installSize(full);
  const day = new Date().toISOString().slice(0, 10);
  const table = [
    `| measured ${day} (\`npx tsx scripts/package-size.ts\`) | size | files | packages |`,
    '|---|---|---|---|',
    `| \`npm pack\` tarball | ${megabytes(packed.size)} (${megabytes(packed.unpackedSize)} unpacked) | ${packed.files.length} | 1 |`,
    `| \`npm install creditkit\` (core, lending with HiGHS, CLI) | ${megabytes(coreSize.bytes)} | ${coreSize.files} | ${coreSize.packages} |`,
    `| with every optional peer (report, Arrow, Parquet, jslp) | ${megabytes(fullSize.bytes)} | ${fullSize.files} | ${fullSize.packages} |`,
  ].join('\n');
  console.log(table);
  if (process.argv.includes('--write')) {
    rewrite(GUIDE, /^\| measured \d{4}-\d\d-\d\d \(`npx tsx scripts\/package-size\.ts`\)[^\n]*(?:\n\|[^\n]*){4}/m, table);
    rewrite(README, /a [\d.]+ MB tarball, [\d.]+ MB installed \(measured(\s+)\d{4}-\d\d-\d\d by/,
      `a ${megabytes(packed.size)} tarball, ${megabytes(coreSize.bytes)} installed (measured$1${day} by`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
