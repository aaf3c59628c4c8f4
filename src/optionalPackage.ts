import { CreditkitError } from './errors.js';

/**
 * The packages creditkit uses only for some files or entries. They are
 * optional peer dependencies (package.json `peerDependenciesMeta`), so a
 * consumer install of the core entry does not get them; the one that needs
 * them installs them with the packages that go with it. The ranges are those
 * of package.json's `peerDependencies` (a test keeps the two equal).
 */
export const OPTIONAL_PACKAGES = {
  'vega': { range: '^5.33.1', with: ['vega-lite'], neededFor: 'drawing the HTML report\'s charts' },
  'vega-lite': { range: '^5.23.0', with: ['vega'], neededFor: 'drawing the HTML report\'s charts' },
  'apache-arrow': { range: '^21.2.0', with: [], neededFor: 'reading Arrow (.arrow, .feather) files' },
  'hyparquet': { range: '^1.33.0', with: ['hyparquet-compressors'], neededFor: 'reading Parquet files' },
  'hyparquet-compressors': { range: '^1.1.2', with: ['hyparquet'], neededFor: 'reading Parquet files' },
  'hyparquet-writer': { range: '^0.17.0', with: [], neededFor: 'writing scores as Parquet' },
  'javascript-lp-solver': { range: '^1.0.3', with: [], neededFor: 'the "jslp" lending solver (HiGHS is the default)' },
} as const satisfies Record<string, { range: string; with: readonly string[]; neededFor: string }>;

export type OptionalPackage = keyof typeof OPTIONAL_PACKAGES;

/** The command that installs `name` and the packages used with it. */
export function installCommand(name: OptionalPackage): string {
  const names = [name, ...OPTIONAL_PACKAGES[name].with] as OptionalPackage[];
  return `npm install ${names.map((n) => `${n}@${OPTIONAL_PACKAGES[n].range}`).join(' ')}`;
}

/**
 * Runs `load` (a thunk around `import('name')`, so bundlers still see the
 * literal specifier) and turns "package not found" into E_MISSING_PACKAGE
 * naming the package and the command that installs it. Other failures are
 * passed on unchanged.
 */
export async function importOptional<T>(name: OptionalPackage, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (!isModuleNotFound(e)) throw e;
    throw new CreditkitError('E_MISSING_PACKAGE',
      `the package "${name}" is not installed; creditkit needs it for ${OPTIONAL_PACKAGES[name].neededFor} ` +
      `(an optional peer dependency). Install it with: ${installCommand(name)}`);
  }
}

/** Node's ERR_MODULE_NOT_FOUND, Deno's and the browsers' failed resolution of a bare specifier. */
function isModuleNotFound(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  const message = e instanceof Error ? e.message : '';
  return /failed to resolve module specifier|cannot find (module|package)|relative import path .* not prefixed|module not found/i.test(message);
}
