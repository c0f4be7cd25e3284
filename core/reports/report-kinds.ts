import { summarySheet } from './kinds/e1-summary-sheet.js';
import { qualityReport } from './kinds/e2-quality.js';
import { attendanceReport } from './kinds/e3-attendance.js';
import { failingMarksReport } from './kinds/e4-failing-marks.js';
import { journalFillingReport } from './kinds/e5-journal-filling.js';
import { programmeReport } from './kinds/e6-programme.js';
import { teacherHoursReport } from './kinds/e7-teacher-hours.js';
import { attestationReport } from './kinds/e8-attestation.js';
import { guardianReach } from './kinds/e9-guardian-reach.js';
import type { ReportKind, ReportKindId } from './report-kind.js';

/** The one registry of report kinds: what the panel offers, the CLI takes and the service makes. */
export const REPORT_KINDS: Partial<Record<ReportKindId, ReportKind>> = {
  E1: summarySheet,
  E2: qualityReport,
  E3: attendanceReport,
  E4: failingMarksReport,
  E5: journalFillingReport,
  E6: programmeReport,
  E7: teacherHoursReport,
  E8: attestationReport,
  E9: guardianReach,
};

export function reportKindOf(id: unknown): ReportKind | undefined {
  return typeof id === 'string' && Object.hasOwn(REPORT_KINDS, id.toUpperCase()) ? REPORT_KINDS[id.toUpperCase() as ReportKindId] : undefined;
}

export const REPORT_FORMATS = ['pdf', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const isReportFormat = (value: unknown): value is ReportFormat => (REPORT_FORMATS as readonly unknown[]).includes(value);

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};
