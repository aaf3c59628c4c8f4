// A small read-only static file server (Node http) for the web demo and the
// browser tests: MIME types browsers insist on (application/wasm for
// WebAssembly.instantiateStreaming, text/javascript for modules), no caching,
// nothing outside the root or the allowed path prefixes (also through
// symlinks), and only to requests addressed to this machine (DNS rebinding).
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.gz': 'application/gzip',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServerOptions {
  /** Folder the URL paths map into. */
  root: string;
  /** URL path prefixes that may be served (default: every file under root). */
  allow?: readonly string[];
  /** Fixed responses by URL path (HTML), e.g. an empty test page. */
  pages?: Readonly<Record<string, string>>;
  /** Redirects by URL path. */
  redirects?: Readonly<Record<string, string>>;
  /** Called with each request's decoded path. */
  onRequest?: (path: string) => void;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

/** Host names a request may be addressed to, besides the listening address (or, on 0.0.0.0, this machine's addresses). */
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * True when the Host header names this machine on the server's port. A page
 * on another site whose DNS name is re-pointed at 127.0.0.1 (DNS rebinding)
 * sends its own name, so it gets nothing.
 */
function addressedHere(hostHeader: string | undefined, server: Server): boolean {
  const { address, port } = server.address() as AddressInfo;
  const host = (hostHeader ?? '').toLowerCase();
  return [...LOCAL_HOSTS, ...listeningAddresses(address)].some((n) => host === `${n}:${port}`);
}

/** The IP addresses a request may name: the listening one, or every interface's when listening on all (--host 0.0.0.0). */
function listeningAddresses(address: string): string[] {
  const wildcard = address === '0.0.0.0' || address === '::';
  const all = wildcard ? Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address)) : [address];
  return all.map((a) => (a.includes(':') ? `[${a.toLowerCase()}]` : a));
}

/**
 * The real path of `file` when it is a regular file inside `folder` after
 * every symlink is followed (the folder's own path may be a link); else null.
 */
function realFileInside(file: string, folder: string): string | null {
  try {
    const real = realpathSync(file);
    const base = realpathSync(folder);
    if (!real.startsWith(base.endsWith(sep) ? base : base + sep) || !statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

function send(res: import('node:http').ServerResponse, status: number, type: string, body: string | Buffer, head: boolean): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(head ? undefined : body);
}

/** Starts the server; resolves once it listens. */
export function serveStatic(options: StaticServerOptions): Promise<Server> {
  const root = options.root.endsWith(sep) ? options.root : options.root + sep;
  const server = createServer((req, res) => {
    const head = req.method === 'HEAD';
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      send(res, 400, 'text/plain', 'bad request', head);
      return;
    }
    options.onRequest?.(path);
    if (!addressedHere(req.headers.host, server)) {
      send(res, 421, 'text/plain', 'this server answers only requests to localhost', head);
      return;
    }
    if (req.method !== 'GET' && !head) {
      send(res, 405, 'text/plain', 'read-only server', head);
      return;
    }
    const redirect = options.redirects?.[path];
    if (redirect !== undefined) {
      res.writeHead(302, { location: redirect });
      res.end();
      return;
    }
    const page = options.pages?.[path];
    if (page !== undefined) {
      send(res, 200, MIME_TYPES['.html'], page, head);
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const type = MIME_TYPES[extname(file)];
    // The allow list is checked on the resolved file, so "/web/..%2fpackage.json" cannot escape it.
    const served = `/${relative(root, file).split(sep).join('/')}`;
    const prefix = options.allow === undefined ? '/' : options.allow.find((p) => served.startsWith(p));
    // Symlinks below the allowed folder must not lead out of it (the folder itself may be a link).
    const real = prefix !== undefined && file.startsWith(root) && type ? realFileInside(file, join(root, prefix)) : null;
    if (real === null) {
      send(res, 404, 'text/plain', 'not found', head);
      return;
    }
    send(res, 200, type!, readFileSync(real), head);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(server));
  });
}

/** What the web demo serves: the page, the compiled package, the bundled data, the chart and solver libraries. */
export const DEMO_PATHS: readonly string[] = [
  '/web/', '/dist/', '/build/', '/data/',
  '/node_modules/vega/build/', '/node_modules/vega-lite/build/', '/node_modules/highs/build/',
];

/** The web demo's server on the repository; its URL is `http://host:port/web/`. */
export async function startDemoServer(options: { host?: string; port?: number; onRequest?: (path: string) => void } = {}): Promise<{ server: Server; url: string }> {
  const server = await serveStatic({ root: REPO_ROOT, allow: DEMO_PATHS, redirects: { '/': '/web/' }, ...options });
  const { address, port } = server.address() as AddressInfo;
  return { server, url: `http://${address.includes(':') ? `[${address}]` : address}:${port}/web/` };
}
