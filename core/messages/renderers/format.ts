import type { TFunction } from '../../i18n/i18n.js';

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
