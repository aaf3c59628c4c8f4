// The sizes a user gets from npm: the tarball, a consumer install of the core package, and one
// with every optional peer (Vega, Arrow, Parquet, javascript-lp-solver).
//   npx tsx scripts/package-size.ts
// Prints a Markdown table for the "The package" section of docs/guides/browser-and-edge.md
// (MB = 10^6 bytes; install sizes are the apparent sizes of the files under node_modules).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyProject, installSize, megabytes, npmInstall, optionalPeerSpecs, packCopy } from './packInstall.js';

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
  console.log(`| measured ${day} (\`npx tsx scripts/package-size.ts\`) | size | files | packages |`);
  console.log('|---|---|---|---|');
  console.log(`| \`npm pack\` tarball | ${megabytes(packed.size)} (${megabytes(packed.unpackedSize)} unpacked) | ${packed.files.length} | 1 |`);
  console.log(`| \`npm install creditkit\` (core, lending with HiGHS, CLI) | ${megabytes(coreSize.bytes)} | ${coreSize.files} | ${coreSize.packages} |`);
  console.log(`| with every optional peer (report, Arrow, Parquet, jslp) | ${megabytes(fullSize.bytes)} | ${fullSize.files} | ${fullSize.packages} |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
