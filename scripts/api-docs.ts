// Builds the API reference (HTML, TypeDoc) of every public entry into docs/api/:
//   npm run docs
// The entries are read from package.json "exports" (a dist/X.js entry documents src/X.ts), so a
// new subpath entry is documented without editing this script. 'creditkit' is 'creditkit/core'
// plus the wasm load, so only the latter is documented. The output (about 9 MB of HTML) is
// git-ignored: it is generated from the code whenever it is wanted, never stale in the repository.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const API_DOCS_OUT = 'docs/api';

type ExportTarget = string | { import?: string; default?: string; [condition: string]: unknown };

/** The source file of each public entry, keyed by its import specifier ('creditkit/lending', ...). */
export function apiEntryPoints(packageJson: { name: string; exports: Record<string, ExportTarget> }): Map<string, string> {
  const entries = new Map<string, string>();
  const dist = (t: ExportTarget): string | undefined => (typeof t === 'string' ? t : (t.import ?? t.default));
  const main = dist(packageJson.exports['.']);
  for (const [key, target] of Object.entries(packageJson.exports)) {
    const file = dist(target);
    if (!file || !/^\.\/dist\/.+\.js$/.test(file)) continue; // the wasm, package.json
    if (key === '.' && packageJson.exports['./core']) continue; // the same exports as creditkit/core
    if (key !== '.' && file === main) continue;
    entries.set(key === '.' ? packageJson.name : `${packageJson.name}/${key.slice(2)}`, file.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
  }
  return entries;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { Application } = await import('typedoc');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const entryPoints = [...apiEntryPoints(pkg).values()];
  const app = await Application.bootstrapWithPlugins({
    entryPoints,
    tsconfig: `${ROOT}tsconfig.build.json`,
    out: `${ROOT}${API_DOCS_OUT}`,
    name: `${pkg.name} ${pkg.version}`,
    readme: 'none',
    excludeInternal: true,
    excludePrivate: true,
    treatWarningsAsErrors: false,
  });
  const project = await app.convert();
  if (!project) {
    console.error('typedoc could not convert the entries');
    process.exit(1);
  }
  // What the typedoc command line also does: warn about types the entries use but do not export.
  app.validate(project);
  await app.generateDocs(project, `${ROOT}${API_DOCS_OUT}`);
  console.log(`API reference of ${entryPoints.join(', ')} written to ${API_DOCS_OUT}/index.html`);
}
