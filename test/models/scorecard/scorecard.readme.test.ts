import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCORECARD_GUIDE, renderGermanScorecard } from '../../../scripts/scorecard-german-readme.js';

describe('the scorecard guide\'s German credit scorecard', () => {
  it('is the points table the script computes now', async () => {
    const readme = readFileSync(SCORECARD_GUIDE, 'utf8');
    expect(await renderGermanScorecard(readme) === readme, 'stale: run npx tsx scripts/scorecard-german-readme.ts --write').toBe(true);
    // The check can fail: an edited cell is put back.
    const edited = readme.replace(/(<!-- scorecard-german -->[\s\S]*?\| `checking_account_status` \| A11 \| )\d+/, '$1999999');
    expect(edited).not.toBe(readme);
    expect(await renderGermanScorecard(edited)).toBe(readme);
  });
});
