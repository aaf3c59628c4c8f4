// Run by test/web/parseCsvParallel.test.ts with Deno (deno run --allow-read=<repo>):
// parseCsvParallel on 2 module Web Workers against parseCsv, on a CSV read in
// blocks and on one with an error in a late block. Prints one JSON line.
const root = new URL('../../', import.meta.url);
const ck = await import(new URL('dist/web.js', root).href);
await ck.ready();
const page = await import(new URL('test/web/parallelCsvPage.js', root).href);
globalThis.__workerCounts = page.countWorkers();
const options = { file: 'deno.csv', blockBytes: 300_000 };
const good = await page.compareOnWorkers(ck, page.syntheticCsv(50_000, 10, null), options, 2);
const bad = await page.compareOnWorkers(ck, page.syntheticCsv(50_000, 10, { at: 40_000, cell: 'A,9' }), options, 2);
console.log(JSON.stringify({ good, bad }));
