/**
 * The web demo in Chromium, timed as a user sees it: page open → SME sample
 * ready (fetch, gunzip and read 1.1M invoices, build the features, in the
 * worker), train + evaluate + score + lending strategy on it, then Give Me
 * Some Credit: load, and a default GBDT on its 70% training share. Wall-clock
 * seconds from the action to the page's state change; the fit time is the
 * model's own, as the page shows it. Prints a markdown table.
 *
 *   npx tsx bench/web-demo.ts [--repeats 3]     (needs Debian's chromium)
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { startDemoServer } from '../web/staticServer.js';
import { launchChromium } from '../scripts/chromium.js';
import { median } from './util.js';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '3' } } });
const repeats = Number(values.repeats);

async function until(page: Page, states: string[]): Promise<void> {
  await page.waitForFunction((s) => s.includes(document.body.dataset.state ?? ''), states, { timeout: 600_000, polling: 50 });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state === 'error') throw new Error(String(await page.textContent('#error')));
}

async function timedStep(page: Page, action: () => Promise<unknown>, states: string[]): Promise<number> {
  const t0 = performance.now();
  await action();
  await until(page, states);
  return (performance.now() - t0) / 1000;
}

const figure = (page: Page, name: string) => page.$$eval('#metrics tbody tr', (trs, n) => trs.find((tr) => tr.children[0].textContent === n)?.children[1].textContent ?? '', name);

const { server, url } = await startDemoServer();
const browser = await launchChromium();
const rows: Record<string, number[]> = {};
const add = (k: string, v: number) => (rows[k] ??= []).push(v);
let smeAuc = '';
let gmscAuc = '';
let lending = '';
try {
  for (let r = 0; r < repeats; r++) {
    const page = await browser.newPage();
    add('open page → SME sample ready (6 tables, 1.1M invoices, features)', await timedStep(page, () => page.goto(url), ['ready', 'error']));
    add('SME: train 86 firms, evaluate, score 302 applicants, lending MILP (HiGHS)', await timedStep(page, () => page.click('#train'), ['done', 'error']));
    add('  of which: GBDT fit (100 trees)', Number((await figure(page, 'fit time')).replace(' s', '')));
    smeAuc = await figure(page, 'AUC');
    lending = String(await page.textContent('#lending-terms')).replace(/^.*Solved by /, '').replace(/\.$/, '');
    add('Give Me Some Credit: load 150,000 rows', await timedStep(page, () => page.selectOption('#source', 'gmsc'), ['ready', 'error']));
    add('Give Me Some Credit: train on 105,000 rows, evaluate 45,000', await timedStep(page, () => page.click('#train'), ['done', 'error']));
    add('  of which: GBDT fit (100 trees, depth 6)', Number((await figure(page, 'fit time')).replace(' s', '')));
    gmscAuc = await figure(page, 'AUC');
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`Chromium ${browser.version()}, ${repeats} runs, fresh page each run (${new Date().toISOString().slice(0, 10)})\n`);
console.log('| step | median s | runs |');
console.log('|---|---|---|');
for (const [k, v] of Object.entries(rows)) console.log(`| ${k} | ${median(v).toFixed(2)} | ${v.map((x) => x.toFixed(2)).join(', ')} |`);
console.log(`\nSME test AUC ${smeAuc} (37 firms); lending: ${lending}; Give Me Some Credit test AUC ${gmscAuc}`);
