// docs/architecture.md's folder table is the import rule for src/: every
// relative import between folders must be listed there (or as a known
// exception), so the page and the code cannot drift apart.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const DOC = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');

interface Import { file: string; target: string }
interface Rules { mayImport: Map<string, Set<string>>; exceptions: Set<string> }

/** The body rows of the markdown table whose header row is exactly these columns. */
function tableRows(markdown: string, header: string[]): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => cells(l).join('|') === header.join('|'));
  if (start < 0) throw new Error(`docs/architecture.md has no table | ${header.join(' | ')} |`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(cells(line));
  }
  return rows;
}

function cells(line: string): string[] {
  return line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
}

function list(cell: string): string[] {
  return cell === '—' ? [] : cell.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function parseRules(markdown: string): Rules {
  const mayImport = new Map<string, Set<string>>();
  for (const [folder, , allowed] of tableRows(markdown, ['folder', 'owns', 'may import'])) {
    mayImport.set(folder, new Set(list(allowed)));
  }
  const exceptions = new Set(tableRows(markdown, ['from', 'to', 'why']).map(([from, to]) => `${from} -> ${to}`));
  return { mayImport, exceptions };
}

/** A path under src/ ('models/gbdt.ts'), by the unit the rules name: its top folder, or the file at the root. */
function unitOf(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(0, slash);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const SPECIFIER = /\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm;

/** Every relative import in src/, each resolved to a path under src/ ('.js' read as '.ts'). */
function relativeImports(): Import[] {
  const out: Import[] = [];
  for (const abs of tsFiles(SRC)) {
    const file = relative(SRC, abs).split(sep).join('/');
    for (const m of readFileSync(abs, 'utf8').matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const target = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts');
      out.push({ file, target });
    }
  }
  return out;
}

/** The imports the rules forbid, and the exceptions no import needs. */
function check(imports: Import[], rules: Rules): { violations: string[]; unusedExceptions: string[] } {
  const violations: string[] = [];
  const used = new Set<string>();
  for (const { file, target } of imports) {
    const from = unitOf(file);
    const to = unitOf(target);
    if (target.startsWith('../')) { violations.push(`${file} imports ${target}, outside src/`); continue; }
    if (from === to) continue;
    const allowed = rules.mayImport.get(from);
    if (allowed === undefined) { violations.push(`${file}: ${from} has no row in the folder table`); continue; }
    if (allowed.has(to) || allowed.has(target)) continue;
    const exception = `${from} -> ${to}`;
    if (rules.exceptions.has(exception)) { used.add(exception); continue; }
    violations.push(`${file} imports ${target}: ${from} may not import ${to}`);
  }
  return { violations, unusedExceptions: [...rules.exceptions].filter((e) => !used.has(e)) };
}

describe('docs/architecture.md folder map', () => {
  const rules = parseRules(DOC);
  const imports = relativeImports();

  it('names every folder and root file of src/, and nothing else', () => {
    const units = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.name.endsWith('.ts'))
      .map((e) => e.name)
      .sort();
    expect([...rules.mayImport.keys()].sort()).toEqual(units);
    for (const allowed of rules.mayImport.values()) {
      for (const target of allowed) expect(units, `unknown entry ${target} in a may-import cell`).toContain(unitOf(target));
    }
  });

  it('allows every relative import in src/, and every listed exception is still needed', () => {
    expect(imports.length).toBeGreaterThan(500);
    const { violations, unusedExceptions } = check(imports, rules);
    expect(violations).toEqual([]);
    expect(unusedExceptions).toEqual([]);
  });

  it('reports an import the table does not allow', () => {
    const { violations, unusedExceptions } = check(
      [
        { file: 'wasm/heap.ts', target: 'models/gbdt.ts' },
        { file: 'cli/main.ts', target: 'lending/optimize.ts' },
        { file: 'cli/main.ts', target: 'lending/index.ts' },
      ],
      rules,
    );
    expect(violations).toEqual([
      'wasm/heap.ts imports models/gbdt.ts: wasm may not import models',
      'cli/main.ts imports lending/optimize.ts: cli may not import lending',
    ]);
    expect(unusedExceptions.length).toBe(rules.exceptions.size);
  });
});
