// npm run demo:web [-- --port 8080 --host 127.0.0.1]: serves the web demo.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, startDemoServer } from './staticServer.js';

const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
const port = Number(values.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (got ${values.port})`);
  process.exit(2);
}
for (const f of ['dist/web.js', 'build/creditkit.wasm']) {
  if (!existsSync(join(REPO_ROOT, f))) {
    console.error(`${f} is missing: run npm run build first`);
    process.exit(2);
  }
}
try {
  const { url } = await startDemoServer({ port, host: values.host ?? '127.0.0.1' });
  console.log(`creditkit web demo: ${url}  (Ctrl-C stops it)`);
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  console.error(err.code === 'EADDRINUSE' ? `port ${port} is in use: pick another with --port` : String(err.message));
  process.exit(err.code === 'EADDRINUSE' ? 2 : 1);
}
