import type { TFunction } from '../../i18n/i18n.js';

/** 2026-11-23 → 23.11. */
export function dayMonth(date: string): string {
  const [, m, d] = date.split('-');
  return `${d}.${m}`;
}

/** 23.11 10:15 in `timeZone`. */
export function dayTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}.${part('month')} ${part('hour')}:${part('minute')}`;
}

/** «Алексеев Пётр Иванович» → «Алексеев П. И.»: names in buttons must stay short. */
export function initials(name: string): string {
  const [last, ...rest] = name.split(' ').filter(Boolean);
  return [last, ...rest.map((n) => `${n.charAt(0)}.`)].join(' ');
}

/** What a teacher is to the child: «классный руководитель, Математика». */
export function teacherRole(t: TFunction, classTeacher: boolean | undefined, subjects: readonly string[] | undefined): string {
  return [...(classTeacher ? [t('messages:teachers.classTeacher')] : []), ...(subjects ?? [])].join(', ');
}

/** Keeps a message within Telegram's 4096 characters. */
export function clip(text: string, max = 4000): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
