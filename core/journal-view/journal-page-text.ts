import type { TFunction } from '../i18n/i18n.js';
import type { Language } from '../i18n/languages.js';
import { dayMonth, ruDate } from '../time/format.js';
import type { JournalCell, JournalMark, JournalStudent } from './journal-page.js';

/**
 * How a journal cell reads, the same on the screen, on paper and in a spreadsheet: the attendance code, then
 * each mark («5/4» for a double mark) with its work type's weight raised beside it when it is not 1, and «*»
 * after a make-up mark (C4: the absence stays recorded beside it).
 */
export interface CellToken {
  kind: 'attendance' | 'mark';
  text: string;
  /** The weight, written small and raised («5²»); absent for weight 1. */
  weight?: string;
  makeUp?: boolean;
  /** In words, for a tooltip: «Контрольная работа, вес 2, отработка». */
  title: string;
}

export const MAKE_UP_SIGN = '*';

export interface TextFormat {
  t: TFunction;
  number: Intl.NumberFormat;
  weight: Intl.NumberFormat;
}

export function textFormat(t: TFunction, language: Language): TextFormat {
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  return {
    t,
    number: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    weight: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
  };
}

export const markValue = (m: JournalMark): string => (m.second === null ? String(m.value) : `${m.value}/${m.second}`);

export function markTitle(m: JournalMark, f: TextFormat): string {
  const parts = [markValue(m), `${m.workType}`, f.t('journalPage:weight', { weight: f.weight.format(m.weight) })];
  if (m.makeUp) parts.push(f.t('journalPage:makeUp'));
  return parts.join(', ');
}

export function cellTokens(cell: JournalCell, f: TextFormat): CellToken[] {
  const tokens: CellToken[] = [];
  if (cell.attendance) {
    tokens.push({ kind: 'attendance', text: f.t(`statement:code.${cell.attendance}`), title: f.t(`journalPage:codeTitle.${cell.attendance}`) });
  }
  for (const m of cell.marks) {
    tokens.push({
      kind: 'mark',
      text: markValue(m),
      ...(m.weight !== 1 ? { weight: f.weight.format(m.weight) } : {}),
      ...(m.makeUp ? { makeUp: true } : {}),
      title: markTitle(m, f),
    });
  }
  return tokens;
}

/** A cell as one line of plain text (a spreadsheet's, a search's): «н 4*», «5/4^2». */
export function cellPlainText(cell: JournalCell, f: TextFormat): string {
  return cellTokens(cell, f)
    .map((tk) => `${tk.text}${tk.weight ? `^${tk.weight}` : ''}${tk.makeUp ? MAKE_UP_SIGN : ''}`)
    .join(' ');
}

export const averageText = (s: JournalStudent, f: TextFormat): string => (s.weightedAverage === null ? '' : f.number.format(s.weightedAverage));

export function periodMarkText(s: JournalStudent, f: TextFormat): string {
  const pm = s.periodMark;
  if (!pm) return '';
  if (pm.value) return f.t(`journal:period.value.${pm.value}`);
  return pm.deferredUntil ? f.t('journalPage:deferred', { date: ruDate(pm.deferredUntil) }) : '';
}

/** A note beside a name, as the paper journal writes it: «прибыл 12.10», «выбыл 20.10». */
export function enrolmentNote(s: JournalStudent, f: TextFormat): string {
  const notes: string[] = [];
  if (s.joined) notes.push(f.t('journalPage:joined', { date: dayMonth(s.joined) }));
  if (s.left) notes.push(f.t('journalPage:left', { date: dayMonth(s.left) }));
  return notes.join(', ');
}

/** The homework of a lesson in words: its text, «без задания», and how many got their own. */
export function homeworkText(lesson: { homework: { text: string | null; none: boolean } | null; individualHomework: number }, t: TFunction): string {
  const parts: string[] = [];
  if (lesson.homework?.none) parts.push(t('journalPage:noHomework'));
  else if (lesson.homework?.text) parts.push(lesson.homework.text);
  if (lesson.individualHomework > 0) parts.push(t('journalPage:individualHomework', { count: lesson.individualHomework }));
  return parts.join('; ');
}
