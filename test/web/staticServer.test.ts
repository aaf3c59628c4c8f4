import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, startDemoServer } from '../../web/staticServer.js';

/** A raw request (no client-side path normalization, unlike fetch); `host` overrides the Host header ('' sends none). */
function get(url: string, path: string, method = 'GET', host?: string): Promise<{ status: number; type: string; location?: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, ...(host === '' ? { setHost: false } : host !== undefined ? { headers: { host } } : {}) }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe("the web demo's static server", () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => ({ server, url } = await startDemoServer({ onRequest: (p) => seen.push(p) })));
  afterAll(() => new Promise((r) => server.close(r)));

  it('serves the page, modules, data and wasm with the types browsers need', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/web\/$/);
    const page = await get(url, '/web/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>creditkit web demo</title>');
    expect((await get(url, '/web/worker.js')).type).toBe('text/javascript; charset=utf-8');
    expect((await get(url, '/node_modules/highs/build/highs.mjs')).type).toBe('text/javascript; charset=utf-8');
    expect((await get(url, '/data/cumcm/a1_enterprises.csv.gz')).type).toBe('application/gzip');
    const wasm = await get(url, '/build/creditkit.wasm');
    expect(wasm.status).toBe(200);
    expect(wasm.type).toBe('application/wasm');
    expect(wasm.body.slice(0, 4)).toBe('\0asm');
    expect(await get(url, '/')).toMatchObject({ status: 302, location: '/web/' });
    expect(seen).toContain('/web/worker.js');
  });

  it('serves nothing outside its folders, however the path is written, and nothing but reads', async () => {
    for (const path of ['/package.json', '/src/core.ts', '/web/../package.json', '/web/..%2fpackage.json', '/web/%2e%2e/package.json',
      '/data/..%2f..%2f..%2fetc/passwd', '/node_modules/vitest/package.json', '/web/missing.js', '/web/%E0%A4%A']) {
      const r = await get(url, path);
      expect([400, 404], path).toContain(r.status);
      expect(r.body, path).not.toContain('"devDependencies"');
    }
    expect((await get(url, '/web/index.html', 'POST')).status).toBe(405);
  });
});

describe('the static server against symlinks and DNS rebinding', () => {
  const base = mkdtempSync(join(tmpdir(), 'creditkit-serve-'));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  let server: Server;
  let url: string;
  let port: number;
  beforeAll(async () => {
    mkdirSync(join(root, 'web'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(root, 'web', 'index.html'), '<p>inside</p>');
    writeFileSync(join(outside, 'secret.json'), '{"secret":true}');
    symlinkSync(join(outside, 'secret.json'), join(root, 'web', 'secret.json'));
    symlinkSync(outside, join(root, 'web', 'linked'));
    symlinkSync(join(root, 'web', 'index.html'), join(root, 'web', 'alias.html'));
    server = await serveStatic({ root, allow: ['/web/'] });
    port = (server.address() as AddressInfo).port;
    url = `http://127.0.0.1:${port}/`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(base, { recursive: true, force: true });
  });

  it('serves regular files, and no file whose real path leaves the served folder', async () => {
    expect((await get(url, '/web/index.html')).body).toBe('<p>inside</p>');
    expect((await get(url, '/web/alias.html')).body).toBe('<p>inside</p>'); // a link that stays inside is fine
    for (const path of ['/web/secret.json', '/web/linked/secret.json']) {
      const r = await get(url, path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toContain('secret');
    }
  });

  it('answers only requests addressed to localhost, 127.0.0.1 or [::1] on its own port', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await get(url, '/web/index.html', 'GET', host)).status, host).toBe(200);
    }
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`, '127.0.0.1']) {
      const r = await get(url, '/web/index.html', 'GET', host);
      expect(r.status, host).toBe(421);
      expect(r.body, host).not.toContain('inside');
    }
    // No Host header at all: Node's HTTP/1.1 parser already answers 400.
    expect([400, 421]).toContain((await get(url, '/web/index.html', 'GET', '')).status);
  });
});
