import { DateTime } from 'luxon';
import type { School } from '../school/school.entity.js';
import type { NotificationPreference } from './notification-preference.entity.js';

/** Quiet hours as «HH:MM» in the school's time zone; the window may cross midnight. Equal ends: none. */
export interface QuietHours {
  start: string;
  end: string;
}

/** What a recipient chose instead of the school's quiet hours: «no quiet hours» is stored as 00:00–00:00. */
export const NO_QUIET_HOURS: QuietHours = { start: '00:00', end: '00:00' };

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isQuietTime(value: unknown): value is string {
  return typeof value === 'string' && HH_MM.test(value);
}

function minutesOf(value: string): number | undefined {
  const match = HH_MM.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** The recipient's own quiet hours if set, otherwise the school's. */
export function effectiveQuietHours(
  school: Pick<School, 'quietHoursStart' | 'quietHoursEnd'>,
  preference?: Pick<NotificationPreference, 'quietHoursStart' | 'quietHoursEnd'> | null,
): QuietHours {
  if (preference?.quietHoursStart && preference.quietHoursEnd) {
    return { start: preference.quietHoursStart, end: preference.quietHoursEnd };
  }
  return { start: school.quietHoursStart, end: school.quietHoursEnd };
}

/**
 * The moment a message due at `at` may go out: `at` itself, or, when `at` falls inside the quiet hours
 * (in `timeZone`), the end of those quiet hours. Malformed or empty windows hold nothing.
 */
export function afterQuietHours(at: Date, quiet: QuietHours, timeZone: string): Date {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === undefined || end === undefined || start === end) return at;
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) return at;
  const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
  const endOn = (day: DateTime) => day.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 }).toJSDate();
  if (start < end) return minute >= start && minute < end ? endOn(local) : at;
  // Crossing midnight (e.g. 22:00–08:00): quiet from start until midnight, and from midnight until end.
  if (minute >= start) return endOn(local.plus({ days: 1 }));
  if (minute < end) return endOn(local);
  return at;
}
