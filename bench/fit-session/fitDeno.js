// fitSession.js driven from bench/fit-browser.ts in Deno, started as
//   deno run --no-config --no-lock --no-prompt --allow-read=<repository> bench/fit-session/fitDeno.js
// (Deno's fetch reads the file: URLs of the dataset directory). One JSON
// request per stdin line, { id, op: 'load' | 'fit' | 'check', arg }; one JSON
// reply per stdout line, { id, value } or { id, error }. A fit's reply adds
// the CPU seconds of this process during it.
import process from 'node:process';
import { check, fit, load } from './fitSession.js';

const ops = { load, fit, check };

async function handle(line) {
  const { id, op, arg } = JSON.parse(line);
  try {
    const cpu0 = process.cpuUsage();
    const value = await ops[op](arg);
    if (op === 'fit') {
      const cpu = process.cpuUsage(cpu0);
      value.cpuSeconds = (cpu.user + cpu.system) / 1e6;
    }
    return { id, value };
  } catch (e) {
    return { id, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) };
  }
}

const out = new TextEncoder();
async function writeAll(bytes) {
  for (let done = 0; done < bytes.length; ) done += await Deno.stdout.write(bytes.subarray(done));
}

let buffered = '';
for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
  buffered += chunk;
  let nl;
  while ((nl = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    if (line.trim() !== '') await writeAll(out.encode(JSON.stringify(await handle(line)) + '\n'));
  }
}
