// Regenerates the export rows of docs/api.md from the entry modules' stage sections:
//   npx tsx scripts/api-exports.ts          prints the rows
//   npx tsx scripts/api-exports.ts --write  replaces them in docs/api.md
// An entry module groups its exports under `// ── Stage: ...` comments; each stage is one row.
// 'creditkit/core' is listed as 'creditkit' (the main entry re-exports it), and 'creditkit/web'
// is core minus the Node-only functions, so it has no rows of its own.
// test/entries/entries.test.ts checks the page against the same sections.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES: [string, string][] = [
  ['creditkit', 'src/core.ts'],
  ['creditkit/lending', 'src/lending/index.ts'],
  ['creditkit/report', 'src/report/index.ts'],
  ['creditkit/sme', 'src/sme/index.ts'],
];
const ROW = /^\| `creditkit[a-z/]*` \| [^|]+ \| `[^|]* \|$/;

/** The value (not type) exports of each stage section of an entry module. */
export function exportStages(source: string): { stage: string; names: string[] }[] {
  const stages: { stage: string; names: string[] }[] = [];
  for (const m of source.matchAll(/^\/\/ ── ([^:─\n]+?)(?::[^\n]*| ─+)$|^export (type )?\{([^}]*)\}/gm)) {
    if (m[1] !== undefined) stages.push({ stage: m[1].trim(), names: [] });
    else if (m[2] === undefined && stages.length > 0) {
      const names = m[3].split(',').map((n) => n.trim()).filter((n) => n !== '' && !n.startsWith('type '));
      stages.at(-1)!.names.push(...names.map((n) => n.split(' as ').at(-1)!));
    }
  }
  return stages;
}

export function exportRows(): string[] {
  return ENTRIES.flatMap(([entry, file]) =>
    exportStages(readFileSync(join(ROOT, file), 'utf8')).map((s) => `| \`${entry}\` | ${s.stage} | ${s.names.map((n) => `\`${n}\``).join(', ')} |`));
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const rows = exportRows();
  if (!process.argv.includes('--write')) {
    console.log(rows.join('\n'));
  } else {
    const path = join(ROOT, 'docs', 'api.md');
    const lines = readFileSync(path, 'utf8').split('\n');
    const first = lines.findIndex((l) => ROW.test(l));
    let end = first;
    while (end < lines.length && ROW.test(lines[end])) end++;
    if (first < 0) throw new Error('docs/api.md has no export rows to replace');
    lines.splice(first, end - first, ...rows);
    writeFileSync(path, lines.join('\n'));
    console.log(`docs/api.md: ${rows.length} export rows`);
  }
}
