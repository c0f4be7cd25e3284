import { DateTime } from 'luxon';
import type { InlineKeyboardButton } from 'telegraf/types';
import { isoWeekday } from '../../../core/time/local-date.js';
import type { DiaryMark } from '../../../core/diary/diary-marks.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { Language } from '../../../core/i18n/languages.js';
import { encodeDiary } from '../../callback-data/diary.js';
import { button } from '../../ui/keyboard.js';
import { markLabel, shortDate } from '../journal/format.js';
import { childLabel } from '../main-menu.js';
import type { DiaryFlow } from './flow.js';

export { dayLabel, markLabel, shortDate } from '../journal/format.js';

/** 3.75 → «3,75» in Russian, «3.75» in English; at most two decimals. */
export function decimal(language: Language, value: number): string {
  return new Intl.NumberFormat(language === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
}

/** The first lines of every diary screen: whose diary (for a guardian, which child), and which section. */
export function heading(flow: DiaryFlow, studentId: number, section: string): string {
  const child = flow.ctx.identity?.children?.find((c) => c.studentId === studentId);
  if (flow.viewer.kind === 'student' || !child) return section;
  return `${flow.ctx.t('diary:of', { name: childLabel(flow.ctx.t, child) })}\n${section}`;
}

/** The day a screen is «на»: «понедельник, 7 декабря» (the weekday in the accusative in Russian), «Monday, 7 December». */
export function dayOnLabel(t: TFunction, date: string, language: Language): string {
  return t('diary:dayOn.day', {
    weekday: t(`diary:dayOn.weekday_${isoWeekday(date)}`),
    date: DateTime.fromISO(date, { zone: 'UTC' }).setLocale(language).toFormat('d MMMM'),
  });
}

/** «◀ Дневник» under every section. */
export const backRow = (t: TFunction, studentId: number): InlineKeyboardButton[] => [
  button(t('diary:button.back'), encodeDiary('h', { studentId })),
];

/** «20.11 · Математика — 5/4 (Ответ на уроке)», and the teacher's comment under it. */
export function markLines(t: TFunction, m: DiaryMark, withSubject = true): string {
  const work = m.makeUp ? `${m.workType}, ${t('diary:recent.makeUp')}` : m.workType;
  const line = t(withSubject ? 'diary:recent.mark' : 'diary:recent.markOfSubject', { date: shortDate(m.date), subject: m.subject, mark: markLabel(m), work });
  return m.comment ? `${line}\n   ${t('diary:recent.comment', { comment: m.comment })}` : line;
}
