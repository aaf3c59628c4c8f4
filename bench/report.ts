// How long a report takes to build, and how big it is: German credit and Give
// Me Some Credit (GBDT of 100 trees on an 80/20 split, report on the test
// rows, no SHAP module needed), and the SME report of npm start.
//   npx tsx bench/report.ts
// Prints wall times (median of 3 for the model reports) and sizes.
import { fileURLToPath } from 'node:url';
import { lendingDemo } from '../src/cli/commands/demoLending.js';
import { writeSmeReport } from '../src/cli/commands/demoReport.js';
import { readCsvFile } from '../src/data/csvFile.js';
import { stratifiedSplit } from '../src/data/split.js';
import { splitTarget } from '../src/data/target.js';
import { GradientBoostingClassifier } from '../src/models/gbdt/gbdt.js';
import { collectModelReport } from '../src/report/modelReport.js';
import { buildReport } from '../src/report/report.js';
import { renderSvg } from '../src/report/renderSvg.js';
import { init } from '../src/wasm/load.js';

await init();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let t = performance.now();
await renderSvg({ data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } });
console.log(`first chart (loads vega and vega-lite): ${((performance.now() - t) / 1000).toFixed(2)} s`);

for (const [name, file, target, drop] of [
  ['German credit', '../data/german-credit.csv.gz', 'is_bad', []],
  ['Give Me Some Credit', '../data/give-me-some-credit.csv.gz', 'SeriousDlqin2yrs', ['Id']],
] as const) {
  const ds = await readCsvFile(fileURLToPath(new URL(file, import.meta.url)));
  const { X, y } = splitTarget(ds.drop([...drop]), target);
  const split = stratifiedSplit(y, 0.8, 0);
  const model = new GradientBoostingClassifier({ seed: 0 }).fit(X.take(split.train), Float64Array.from(split.train, (i) => y[i]));
  const testX = X.take(split.test);
  const testY = Float64Array.from(split.test, (i) => y[i]);
  const times: number[] = [];
  let bytes = 0;
  let charts = 0;
  for (let r = 0; r < 3; r++) {
    t = performance.now();
    const html = await buildReport({ model: await collectModelReport(model, testX, testY, { dataName: name }) });
    times.push(performance.now() - t);
    bytes = html.length;
    charts = (html.match(/<svg/g) ?? []).length;
  }
  console.log(`${name}: ${testY.length.toLocaleString('en-US')} test rows, report in ${(median(times) / 1000).toFixed(2)} s (median of 3), ${(bytes / 1024).toFixed(0)} KiB, ${charts} charts`);
}

const demo = await lendingDemo({ out: () => undefined, err: () => undefined, isTTY: false });
t = performance.now();
const bytes = await writeSmeReport(demo, fileURLToPath(new URL("./out/report-sme.html", import.meta.url)));
console.log(`SME report of npm start (model, comparison, 5-point frontier, two strategies): ${((performance.now() - t) / 1000).toFixed(2)} s, ${(bytes / 1024).toFixed(0)} KiB`);
