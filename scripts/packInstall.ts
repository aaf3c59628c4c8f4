// Packs creditkit as npm would publish it and installs the tarball into an empty project:
// shared by scripts/package-size.ts (prints the sizes) and test/package/pack.test.ts (asserts them).
// The sources are copied to a temporary folder first, so `prepack` (clean, wasm, tsc) does not
// rewrite this checkout's dist/ while other programs load it. Installs prefer npm's cache
// (--prefer-offline), so they run without the registry once the cache holds the packages.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const SOURCES = ['package.json', 'package-lock.json', 'README.md', 'LICENSE', 'docs', 'tsconfig.json', 'tsconfig.build.json', 'asconfig.json', 'assembly', 'src'];
/** Not copied: the generated API reference (`npm run docs`, megabytes of HTML that the package does not ship). */
const NOT_COPIED = new Set([join(REPO_ROOT, 'docs', 'api')]);
export const QUIET = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };

/** `npm pack --json`'s summary of the tarball. */
export interface Packed {
  filename: string;
  files: { path: string; size: number }[];
  /** Bytes of the .tgz. */
  size: number;
  unpackedSize: number;
}

/** Copies the sources into `work/src-copy`, runs `npm pack` there (its prepack builds) and returns the tarball's path and summary. */
export async function packCopy(work: string): Promise<{ tarball: string; packed: Packed }> {
  const src = join(work, 'src-copy');
  mkdirSync(src);
  for (const entry of SOURCES) if (existsSync(join(REPO_ROOT, entry))) cpSync(join(REPO_ROOT, entry), join(src, entry), { recursive: true, filter: (from) => !NOT_COPIED.has(from) });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
  const { stdout } = await run(NPM, ['pack', '--json', '--pack-destination', work], { cwd: src, env: QUIET, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  const packed = (JSON.parse(stdout.slice(stdout.indexOf('['))) as Packed[])[0];
  return { tarball: join(work, packed.filename), packed };
}

/** An empty ESM project at `dir`. */
export function emptyProject(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'creditkit-pack-check', private: true, type: 'module' }));
}

/** `npm install` of `specs` (a tarball path, `name@range`, …) in `dir`, from npm's cache when it has them. */
export async function npmInstall(dir: string, specs: string[]): Promise<void> {
  await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs], { cwd: dir, env: QUIET, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
}

/** The optional peers as `name@range` from package.json, to install next to the tarball. */
export function optionalPeerSpecs(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
  return Object.entries(pkg.peerDependencies).map(([name, range]) => `${name}@${range}`);
}

/** What an install put into node_modules: bytes of its files (apparent size), files and packages. */
export interface InstallSize {
  bytes: number;
  files: number;
  packages: number;
}

export function installSize(project: string): InstallSize {
  const total: InstallSize = { bytes: 0, files: 0, packages: 0 };
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        total.bytes += lstatSync(p).size;
        total.files++;
        if (e.name === 'package.json' && /node_modules[\\/](@[^\\/]+[\\/])?[^\\/@]+$/.test(dir)) total.packages++;
      }
    }
  };
  walk(join(project, 'node_modules'));
  return total;
}

export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
