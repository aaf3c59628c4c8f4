// Screenshots of a creditkit HTML report for the reports guide (docs/guides/reports.md): the model figures
// and the first lending section, taken by Debian's Chromium (playwright-core).
//   npm start                                  # writes out/report-sme.html
//   npx tsx docs/report-screenshots.ts out/report-sme.html
// writes docs/report-model.png and docs/report-lending.png.
import { screenshotSections } from '../scripts/chromium.js';

const report = process.argv[2];
if (!report) {
  console.error('usage: npx tsx docs/report-screenshots.ts REPORT.html');
  process.exit(2);
}
await screenshotSections(report, [
  ['#performance', new URL('report-model.png', import.meta.url)],
  ['#lending-1', new URL('report-lending.png', import.meta.url)],
]);
