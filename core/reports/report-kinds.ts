import { qualityReport } from './kinds/e2-quality.js';
import { summarySheet } from './kinds/e1-summary-sheet.js';
import { programmeReport } from './kinds/e6-programme.js';
import { attestationReport } from './kinds/e8-attestation.js';
import { guardianReach } from './kinds/e9-guardian-reach.js';
import type { ReportKind, ReportKindId } from './report-kind.js';

/** The one registry of report kinds: what the panel offers, the CLI takes and the service makes. */
export const REPORT_KINDS: Partial<Record<ReportKindId, ReportKind>> = {
  E1: summarySheet,
  E2: qualityReport,
  E6: programmeReport,
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
