import type { TFunction } from '../i18n/i18n.js';
import type { Language } from '../i18n/languages.js';
import { dayMonth, ruDate } from '../time/format.js';
import type { JournalCell, JournalMark, JournalPage, JournalStudent } from './journal-page.js';

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
  /** The BCP 47 locale of the language, for dates' and numbers' formats. */
  locale: string;
  number: Intl.NumberFormat;
  weight: Intl.NumberFormat;
  /** The same few words again and again over a page's cells: looked up once each (a page has thousands of cells). */
  once(key: string, make: () => string): string;
}

export function textFormat(t: TFunction, language: Language): TextFormat {
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const words = new Map<string, string>();
  return {
    t,
    locale,
    number: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    weight: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
    once(key, make) {
      let text = words.get(key);
      if (text === undefined) words.set(key, (text = make()));
      return text;
    },
  };
}

/** «Журнал: 7А — Математика (1 группа)»: the page's title on screen, on paper and in the workbook. */
export function journalTitle(page: JournalPage, t: TFunction): string {
  const { group, subject, subgroup } = page.assignment;
  return t('journalPage:title', { group: group.name, subject: subgroup ? `${subject} (${subgroup})` : subject });
}

/** «Период: 1 четверть (01.09.2026 – 25.10.2026)». */
export const periodLine = (page: JournalPage, t: TFunction): string =>
  t('journalPage:period', { name: page.period.name, from: ruDate(page.period.startDate), to: ruDate(page.period.endDate) });

/** The legend's line of the page's work types with their weights; empty when the page has no marks. */
export function weightsLegend(page: JournalPage, f: TextFormat): string {
  if (page.workTypes.length === 0) return '';
  return f.t('journalPage:legend.weights', { weights: page.workTypes.map((w) => `${w.name} — ${f.weight.format(w.weight)}`).join('; ') });
}

export const markValue = (m: JournalMark): string => (m.second === null ? String(m.value) : `${m.value}/${m.second}`);

const weightText = (weight: number, f: TextFormat) => f.once(`w${weight}`, () => f.weight.format(weight));

export function markTitle(m: JournalMark, f: TextFormat): string {
  const parts = [markValue(m), m.workType, f.once(`wt${m.weight}`, () => f.t('journalPage:weight', { weight: weightText(m.weight, f) }))];
  if (m.makeUp) parts.push(f.once('makeUp', () => f.t('journalPage:makeUp')));
  return parts.join(', ');
}

export function cellTokens(cell: JournalCell, f: TextFormat): CellToken[] {
  const tokens: CellToken[] = [];
  const code = cell.attendance;
  if (code) {
    tokens.push({
      kind: 'attendance',
      text: f.once(`c${code}`, () => f.t(`statement:code.${code}`)),
      title: f.once(`ct${code}`, () => f.t(`journalPage:codeTitle.${code}`)),
    });
  }
  for (const m of cell.marks) {
    tokens.push({
      kind: 'mark',
      text: markValue(m),
      ...(m.weight !== 1 ? { weight: weightText(m.weight, f) } : {}),
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
