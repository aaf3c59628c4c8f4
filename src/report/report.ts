import type { StrategyFile } from '../lending/strategyJson.js';
import type { ChampionChallengerComparison } from '../selection/championChallenger.js';
import type { HoldoutComparison } from '../selection/holdoutComparison.js';
import { championChallengerSection } from './championChallengerSection.js';
import { comparisonSection } from './comparisonSection.js';
import { renderPage, type ReportSection } from './html.js';
import { lendingSection } from './lendingSections.js';
import type { ModelReportData } from './modelReport.js';
import { datasetSection, importanceSection, performanceSection, shapSection } from './modelSections.js';
import type { RepeatedComparison, Sourced } from './sources.js';
import { scorecardSection } from './scorecardSection.js';
import { CreditkitError } from '../errors.js';

/** What a report is about: a model on labelled data, model comparisons, lending strategies; any mix. */
export interface ReportInput {
  title?: string;
  subtitle?: string;
  model?: ModelReportData;
  /** Model kinds fitted on one split of all the labelled data (`compareOnHoldout`). */
  comparison?: { holdout: HoldoutComparison; repeated?: Sourced<RepeatedComparison> };
  /** The model under review against challengers on the same holdout (`compareChampionChallenger`). */
  championChallenger?: { comparison: ChampionChallengerComparison; repeated?: Sourced<RepeatedComparison> };
  /** One section per strategy, with its heading. */
  strategies?: { title: string; file: StrategyFile }[];
}

/**
 * The report as one self-contained HTML page: every chart rendered to inline
 * SVG (Vega-Lite → Vega in Node), no script and no network needed to open it.
 */
export async function buildReport(input: ReportInput): Promise<string> {
  const sections: ReportSection[] = [];
  if (input.model) {
    sections.push(datasetSection(input.model), await performanceSection(input.model));
    if (input.model.scorecard) sections.push(await scorecardSection(input.model.scorecard));
    sections.push(await importanceSection(input.model), await shapSection(input.model));
  }
  if (input.championChallenger) sections.push(await championChallengerSection(input.championChallenger.comparison, input.championChallenger.repeated));
  if (input.comparison) sections.push(await comparisonSection(input.comparison.holdout, input.comparison.repeated));
  for (const [k, s] of (input.strategies ?? []).entries()) {
    const section = await lendingSection(s.file, s.title);
    sections.push({ ...section, id: `lending-${k + 1}` });
  }
  if (sections.length === 0) throw new CreditkitError('E_OPTION', 'nothing to report: give a model with data, a comparison or a strategy');
  return renderPage({ title: input.title ?? 'Credit-risk report', ...(input.subtitle ? { subtitle: input.subtitle } : {}), sections });
}
