import { z } from 'zod';
import { MAX_ID } from '../../core/base/max-id.js';
import { ATTENDANCE_CODES } from '../../core/journal/attendance-codes.js';

// The Mini App's requests as the server reads them: every id is only a wish (the core checks each against
// the reader's rights), every number is bounded here so that nothing malformed reaches a service.

const id = z.number().int().positive().max(MAX_ID);
const version = z.number().int().min(0).max(MAX_ID);
const markValue = z.number().int().min(1).max(10);
const comment = z.string().max(500).nullable().optional();

/** Where the change lands, so the answer can redraw the student's line of that grid. */
const place = { assignmentId: id, periodId: id, studentId: id };

export const giveMarkBody = z.object({ ...place, lessonId: id, value: markValue, second: markValue.nullable().default(null), workTypeId: id, comment, seen: z.number().int().min(0).max(100) });
export const changeMarkBody = z.object({ ...place, version, value: markValue, second: markValue.nullable().default(null), workTypeId: id, comment });
export const removeMarkBody = z.object({ ...place, version });
export const attendanceBody = z.object({ ...place, lessonId: id, code: z.enum(ATTENDANCE_CODES).nullable(), version });

/** An id from the query string: absent, or a positive integer; anything else is no id at all (null). */
export function queryId(value: unknown): number | undefined | null {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) && Number(value) <= MAX_ID ? Number(value) : null;
}
