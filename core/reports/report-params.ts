import { z } from 'zod';
import { ValidationFailed, problem } from '../base/errors.js';
import { MAX_ID } from '../base/max-id.js';
import { isIsoDate } from '../school/rules/date-ranges.js';

/**
 * What a report is asked for, from a form, a query string or the command line: nothing of it is trusted.
 * Ids are positive integers (whether they exist, in this school, and may be reached is checked later);
 * dates are YYYY-MM-DD; a period or a range of dates, not both. Empty fields count as not given.
 */
const id = z.coerce.number().int().positive().max(MAX_ID);
const date = z.string().refine(isIsoDate);

export const reportParamsSchema = z.strictObject({
  period: id.optional(),
  from: date.optional(),
  to: date.optional(),
  class: id.optional(),
  subject: id.optional(),
  teacher: id.optional(),
  school: id.optional(),
});

export type ReportParams = z.infer<typeof reportParamsSchema>;
export const REPORT_PARAM_NAMES = Object.keys(reportParamsSchema.shape) as (keyof ReportParams)[];

/** The params, or ValidationFailed naming each bad field (in the `errors:report.*` words). */
export function parseReportParams(input: unknown): ReportParams {
  const raw = typeof input === 'object' && input !== null ? input as Record<string, unknown> : {};
  const given = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const parsed = reportParamsSchema.safeParse(given);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? (i.code === 'unrecognized_keys' ? i.keys[0] : ''))))];
    throw new ValidationFailed(fields.map((field) => problem(REPORT_PARAM_NAMES.includes(field as keyof ReportParams) ? `report.bad.${field}` : 'report.unknownParam', field, { name: field })));
  }
  const params = parsed.data;
  const hasRange = params.from !== undefined || params.to !== undefined;
  if (params.period !== undefined && hasRange) throw new ValidationFailed([problem('report.periodOrRange', 'period')]);
  if (params.period === undefined && !(params.from !== undefined && params.to !== undefined)) throw new ValidationFailed([problem('report.needPeriod', 'period')]);
  return params;
}

/** A school's id from the form (the deployment administrator's choice of school), or undefined when not given. */
export function parseSchoolParam(input: unknown): number | undefined {
  if (input === undefined || input === null || input === '') return undefined;
  const parsed = id.safeParse(input);
  if (!parsed.success) throw new ValidationFailed([problem('report.bad.school', 'school')]);
  return parsed.data;
}
