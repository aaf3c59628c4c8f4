// A small read-only static file server (Node http) for the web demo and the
// browser tests: MIME types browsers insist on (application/wasm for
// WebAssembly.instantiateStreaming, text/javascript for modules), no caching,
// nothing outside the root or the allowed path prefixes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
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
    const allowed = options.allow === undefined || options.allow.some((p) => served.startsWith(p));
    if (!allowed || !file.startsWith(root) || !type || !existsSync(file) || !statSync(file).isFile()) {
      send(res, 404, 'text/plain', 'not found', head);
      return;
    }
    send(res, 200, type, readFileSync(file), head);
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
