/**
 * The wasm CSV reader on a file with text columns (their kinds inferred), against the JavaScript
 * reader, in this process, CPU seconds (process.cpuUsage), medians of --runs alternating runs.
 *
 *   npx tsx bench/csv-text-columns.ts [--rows 300000] [--runs 5] [--quoted]
 *
 * The text: seven columns, two of them labels (`A0`…`G2`, `region-0`…`region-10`), the rest numbers;
 * with --quoted the labels are quoted RFC 4180 fields with a delimiter inside (`"region, 3"`).
 */
import '../src/index.js';
import { parseCsv } from '../src/data/csv.js';
import { csvReaderUsed, setCsvWasmReader } from '../src/data/csvWasmReader.js';
import { flagValue, median } from './util.js';

const nRows = Number(flagValue('rows') ?? 300_000);
const runs = Number(flagValue('runs') ?? 5);
const quoted = process.argv.includes('--quoted');
const lines = ['a,b,grade,c,region,d,e'];
for (let i = 0; i < nRows; i++) {
  const grade = `${'ABCDEFG'[i % 7]}${i % 3}`;
  const region = quoted ? `"region, ${i % 11}"` : `region-${i % 11}`;
  lines.push(`${i % 1000},${(i * 0.37).toFixed(4)},${quoted ? `"${grade}"` : grade},${i * 3},${region},${(i % 97) / 7},${i}`);
}
const text = lines.join('\n') + '\n';

const seconds: Record<'wasm' | 'js', number[]> = { wasm: [], js: [] };
for (let k = 0; k < runs; k++) {
  for (const reader of ['wasm', 'js'] as const) {
    setCsvWasmReader(reader === 'wasm');
    const before = csvReaderUsed.wasm;
    const c0 = process.cpuUsage();
    const ds = parseCsv(text);
    const c = process.cpuUsage(c0);
    if ((csvReaderUsed.wasm > before) !== (reader === 'wasm')) throw new Error(`the ${reader} reader did not read the text`);
    if (ds.columns.filter((col) => col.kind === 'categorical').length !== 2) throw new Error('expected two categorical columns');
    seconds[reader].push((c.user + c.system) / 1e6);
  }
}
setCsvWasmReader(true);
const wasm = median(seconds.wasm);
const js = median(seconds.js);
console.log(`${nRows} rows × 7 columns (2 text${quoted ? ', quoted' : ''}), ${(text.length / 2 ** 20).toFixed(1)} MiB, median of ${runs}, CPU s, ${new Date().toISOString()}`);
console.log(`wasm reader ${wasm.toFixed(3)} s (${seconds.wasm.map((s) => s.toFixed(3)).join(", ")}), JavaScript reader ${js.toFixed(3)} s (${seconds.js.map((s) => s.toFixed(3)).join(", ")}): ${(js / wasm).toFixed(2)}×`);
