import type { Server } from 'node:http';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../web/staticServer.js';

/** A raw request (no client-side path normalization, unlike fetch). */
function get(url: string, path: string, method = 'GET'): Promise<{ status: number; type: string; location?: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
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
