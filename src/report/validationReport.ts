import type { ValidationResult } from '../validation/validateModel.js';
import { renderPage, type ReportSection } from './html.js';
import { calibrationSection, discriminationSection, fairnessSection, flagsSection, outOfTimeSection, segmentsSection, stabilitySection } from './validationSections.js';

export interface ValidationReportOptions {
  title?: string;
  subtitle?: string;
  /** Sections another stage renders, placed after fairness. */
  extraSections?: ReportSection[];
}

/**
 * The validation report as one self-contained HTML page: the red and amber
 * flags first, then discrimination, calibration per grade, stability, the
 * out-of-time view and segments, each a table (and charts) with a "How to
 * read" line.
 */
export async function buildValidationReport(result: ValidationResult, options: ValidationReportOptions = {}): Promise<string> {
  const sections: ReportSection[] = [flagsSection(result), discriminationSection(result), await calibrationSection(result)];
  for (const s of [stabilitySection(result), await outOfTimeSection(result), segmentsSection(result), fairnessSection(result)]) if (s) sections.push(s);
  sections.push(...(options.extraSections ?? []));
  return renderPage({ title: options.title ?? 'Model validation', ...(options.subtitle ? { subtitle: options.subtitle } : {}), sections });
}
