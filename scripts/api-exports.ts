// Regenerates the export rows of docs/api.md from the entry modules' stage sections:
//   npx tsx scripts/api-exports.ts          prints the rows
//   npx tsx scripts/api-exports.ts --write  replaces them in docs/api.md
// An entry module groups its exports under `// ── Stage: ...` comments; each stage is one row.
// A module an entry re-exports whole (`export * from './portable.js'`) brings its stage sections,
// merged with the entry's own by stage name: core.ts adds its Node-only functions to the stages of
// portable.ts. 'creditkit/core' is listed as 'creditkit' (the main entry re-exports it), and
// 'creditkit/web' is portable.ts plus `ready()`, so it has no rows of its own.
// test/entries/entries.test.ts checks the page against the same sections.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const ENTRIES: [string, string][] = [
  ['creditkit', 'src/core.ts'],
  ['creditkit/lending', 'src/lending/index.ts'],
  ['creditkit/report', 'src/report/index.ts'],
  ['creditkit/sme', 'src/sme/index.ts'],
];
const ROW = /^\| `creditkit[a-z/]*` \| [^|]+ \| `[^|]* \|$/;

export interface ExportStage { stage: string; names: string[] }

/**
 * The value (not type) exports of each stage section of a module (a path under the repository
 * root), in order, with the sections of the modules it re-exports whole merged in by stage name.
 */
export function exportStages(file: string): ExportStage[] {
  const stages: ExportStage[] = [];
  const stageNamed = (stage: string): ExportStage => {
    let found = stages.find((s) => s.stage === stage);
    if (found === undefined) stages.push((found = { stage, names: [] }));
    return found;
  };
  let current: ExportStage | undefined;
  const source = readFileSync(join(ROOT, file), 'utf8');
  for (const m of source.matchAll(/^\/\/ ── ([^:─\n]+?)(?::[^\n]*| ─+)$|^export (type )?\{([^}]*)\}|^export \* from '(\.[^']+)\.js';$/gm)) {
    if (m[1] !== undefined) current = stageNamed(m[1].trim());
    else if (m[4] !== undefined) {
      for (const s of exportStages(join(dirname(file), `${m[4]}.ts`))) stageNamed(s.stage).names.push(...s.names);
    } else if (m[2] === undefined) {
      if (current === undefined) throw new Error(`${file}: an export before the first stage comment`);
      const names = m[3].split(',').map((n) => n.trim()).filter((n) => n !== '' && !n.startsWith('type '));
      current.names.push(...names.map((n) => n.split(' as ').at(-1)!));
    }
  }
  return stages;
}

export function exportRows(): string[] {
  return ENTRIES.flatMap(([entry, file]) =>
    exportStages(file).map((s) => `| \`${entry}\` | ${s.stage} | ${s.names.map((n) => `\`${n}\``).join(', ')} |`));
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
