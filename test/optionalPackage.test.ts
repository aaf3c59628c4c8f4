import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CreditkitError } from '../src/errors.js';
import { importOptional, installCommand, OPTIONAL_PACKAGES, type OptionalPackage } from '../src/optionalPackage.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>; devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
const names = Object.keys(OPTIONAL_PACKAGES) as OptionalPackage[];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

describe('optional peer packages', () => {
  it('are the optional peers of package.json, with the same ranges, and dev dependencies of the repository', () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual([...names].sort());
    for (const n of names) {
      expect(pkg.peerDependencies[n], n).toBe(OPTIONAL_PACKAGES[n].range);
      expect(pkg.peerDependenciesMeta[n]?.optional, n).toBe(true);
      expect(pkg.devDependencies[n], n).toBe(OPTIONAL_PACKAGES[n].range);
      expect(pkg.dependencies[n], n).toBeUndefined();
    }
  });

  it('are loaded in src/ only through importOptional (type imports aside)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('src')) {
      const text = readFileSync(file, 'utf8');
      for (const n of names) {
        const esc = n.replace(/[-]/g, '\\-');
        const staticImport = new RegExp(`^import (?!type )[^;]*from '${esc}'`, 'm');
        const bareDynamic = new RegExp(`(?<!\\(\\) => )import\\('${esc}'\\)`);
        if (staticImport.test(text) || bareDynamic.test(text)) offenders.push(`${file}: ${n}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('turn a package that cannot be found into E_MISSING_PACKAGE naming it and the install command', async () => {
    const specifier = 'creditkit-test-no-such-package';
    const err = await importOptional('vega', () => import(specifier)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CreditkitError);
    expect((err as CreditkitError).code).toBe('E_MISSING_PACKAGE');
    expect((err as CreditkitError).message).toContain('"vega" is not installed');
    expect((err as CreditkitError).message).toContain('npm install vega@^5.33.1 vega-lite@^5.23.0');
  });

  it("recognise Deno's and the browsers' resolution failures too, and pass other errors on unchanged", async () => {
    const browser = new TypeError('Failed to resolve module specifier "hyparquet". Relative references must start with either "/", "./", or "../".');
    await expect(importOptional('hyparquet', () => Promise.reject(browser))).rejects.toMatchObject({ code: 'E_MISSING_PACKAGE' });
    const other = new SyntaxError('Unexpected token');
    await expect(importOptional('apache-arrow', () => Promise.reject(other))).rejects.toBe(other);
    await expect(importOptional('javascript-lp-solver', async () => 42)).resolves.toBe(42);
  });

  it('install commands name the packages used together', () => {
    expect(installCommand('hyparquet')).toBe('npm install hyparquet@^1.33.0 hyparquet-compressors@^1.1.2');
    expect(installCommand('javascript-lp-solver')).toBe('npm install javascript-lp-solver@^1.0.3');
  });
});
