import { DateTime } from 'luxon';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { Language } from '../../../core/i18n/languages.js';
import type { AttendanceCode } from '../../../core/journal/attendance-codes.js';
import type { RosterStudent } from '../../../core/journal/roster.js';
import { studentName } from '../../../core/people/display-name.js';

/** «понедельник, 23 ноября» / «Monday, 23 November». */
export function dayLabel(date: string, language: Language): string {
  // Every lesson screen's heading says it, and a day's taps ask for the same few dates: formatted once each.
  const key = `${language}:${date}`;
  let label = dayLabels.get(key);
  if (label === undefined) {
    if (dayLabels.size >= 1000) dayLabels.clear();
    label = DateTime.fromISO(date, { zone: 'UTC' }).setLocale(language).toFormat('cccc, d MMMM');
    dayLabels.set(key, label);
  }
  return label;
}

const dayLabels = new Map<string, string>();

/** «23.11» */
export const shortDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}`;

type Named = Pick<RosterStudent, 'lastName' | 'firstName' | 'pseudonymNo'>;

/** «Алексеев П.» for a button; the full name where there is room; «Ученик 7» / «Student 7» once pseudonymised (G3). */
export const studentShort = (t: TFunction, s: Named) => studentName(s, 'lastInitial', t);
export const studentFull = (t: TFunction, s: Named) => studentName(s, 'lastFirst', t);

/** н, б, п, оп in Russian. */
export const codeLabel = (t: TFunction, code: AttendanceCode) => t(`journal:attendance.code.${code}`);

/** «5», «5/4». */
export const markLabel = (mark: { value: number; second?: number | null }) =>
  mark.second ? `${mark.value}/${mark.second}` : String(mark.value);

/** Cuts a long title for a button (Telegram shows about 30 characters of one on a phone). */
export function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** «Алгебра — 7А, 1 группа»: an assignment's subject and group (or subgroup). */
export const assignmentTitle = (a: { subject: { name: string }; group: { name: string }; subgroup: { name: string } | null }) =>
  `${a.subject.name} — ${a.subgroup ? `${a.group.name}, ${a.subgroup.name}` : a.group.name}`;
