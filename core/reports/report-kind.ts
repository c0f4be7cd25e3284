import type { ReportContext } from './report-context.js';
import type { BarChart, Section } from './report-model.js';

export const REPORT_KIND_IDS = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9'] as const;
export type ReportKindId = (typeof REPORT_KIND_IDS)[number];

/**
 * One kind of report: its id (SPEC's E1…E9), its title (an i18n key of `reports`), and how it is built from a
 * checked context (the school, the dates, the assignments the actor reaches: report-context.ts) into the
 * neutral table model that every renderer prints.
 */
export interface ReportKind {
  id: ReportKindId;
  titleKey: string;
  /** What the report is for, in a line (the panel's form, `cli report --help`). */
  descriptionKey: string;
  /**
   * What the report is made of, and so what the actor must reach to make it: the teaching assignments
   * (default: E1–E8, a teacher gets its own), or the classes (E9, about families: the heads and the class
   * teacher of the class only).
   */
  reach?: 'assignments' | 'classes';
  build(context: ReportContext): Promise<{ sections: Section[]; charts: BarChart[] }>;
}
