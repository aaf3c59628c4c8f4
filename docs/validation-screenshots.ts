// Screenshots of a creditkit validation report for the validation guide (docs/guides/validation.md), taken by
// Debian's Chromium (playwright-core):
//   npx tsx scripts/validate-gmsc.ts --out-dir out        # writes out/validation-gmsc.html
//   npx tsx docs/validation-screenshots.ts out/validation-gmsc.html gmsc calibration
// writes docs/validation-gmsc-calibration.png (one file per section id given).
import { screenshotSections } from '../scripts/chromium.js';

const [report, name, ...sections] = process.argv.slice(2);
if (!report || !name || sections.length === 0) {
  console.error('usage: npx tsx docs/validation-screenshots.ts REPORT.html NAME SECTION_ID...');
  process.exit(2);
}
await screenshotSections(report, sections.map((id) => [`#${id}`, new URL(`validation-${name}-${id}.png`, import.meta.url)]));
