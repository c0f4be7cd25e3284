import type { InlineKeyboardButton } from 'telegraf/types';
import { addDays } from '../../../core/time/local-date.js';
import type { SubjectMarks } from '../../../core/diary/diary-marks.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { Language } from '../../../core/i18n/languages.js';
import { encodeDiary } from '../../callback-data/diary.js';
import { clip } from '../journal/format.js';
import { button, pageOf, pager, rows } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { DiaryFlow } from './flow.js';
import { backRow, decimal, heading, markLabel, markLines, shortDate } from './format.js';

const PAGE = 10;

/** D1: the marks of the last two weeks, newest first, with work type and comment. */
export async function recentScreen(flow: DiaryFlow, studentId: number, page: number): Promise<Screen> {
  const { t } = flow.ctx;
  const recent = await flow.core.diary.recentMarks(flow.viewer, studentId);
  const shown = pageOf(recent.marks, page, PAGE);
  const from = addDays(recent.today, -(recent.days - 1));
  const lines = [heading(flow, studentId, t('diary:recent.title', { from: shortDate(from), to: shortDate(recent.today) }))];
  if (recent.marks.length === 0) lines.push(t('diary:recent.none'));
  else lines.push(shown.items.map((m) => markLines(t, m)).join('\n'));
  return {
    text: lines.join('\n\n'),
    keyboard: [
      ...pager(shown.page, shown.pages, (p) => encodeDiary('mr', { studentId, page: p })),
      [button(t('diary:button.subjects'), encodeDiary('ms', { studentId }))],
      backRow(t, studentId),
    ],
  };
}

/** D1: every subject of the term with its marks, averages and forecast; a button per subject for the details. */
export async function subjectsScreen(flow: DiaryFlow, studentId: number): Promise<Screen> {
  const { t, language } = flow.ctx;
  const view = await flow.core.diary.marksBySubject(flow.viewer, studentId);
  if (!view.period) return { text: [heading(flow, studentId, t('diary:subjects.titleNoPeriod')), t('diary:noPeriod')].join('\n\n'), keyboard: [backRow(t, studentId)] };
  const lines = [heading(flow, studentId, t('diary:subjects.title', { period: view.period.name }))];
  if (view.subjects.length === 0) lines.push(t('diary:subjects.none'));
  for (const subject of view.subjects) lines.push(subjectSummary(t, language, subject));
  const buttons: InlineKeyboardButton[] = view.subjects.map((s) =>
    button(clip(s.subject, 28), encodeDiary('mj', { studentId, subjectId: s.subjectId })));
  return { text: lines.join('\n\n'), keyboard: [...rows(buttons, 2), backRow(t, studentId)] };
}

function subjectSummary(t: TFunction, language: Language, s: SubjectMarks): string {
  if (s.marks.length === 0) return t('diary:subjects.noMarks', { subject: s.subject });
  const head = t('diary:subjects.line', { subject: s.subject, marks: s.marks.map((m) => markLabel(m)).join(' ') });
  const averages = t('diary:subjects.averages', { average: decimal(language, s.average!), weighted: decimal(language, s.weightedAverage!) });
  const forecast = s.forecast === null ? '' : t('diary:subjects.forecast', { forecast: s.forecast });
  return `${head}\n   ${averages}${forecast}`;
}

/** D1: one subject in detail: every mark of the term, the averages, the forecast and the fives to the next mark. */
export async function subjectScreen(flow: DiaryFlow, studentId: number, subjectId: number): Promise<Screen> {
  const { t, language } = flow.ctx;
  const s = await flow.core.diary.subjectMarks(flow.viewer, studentId, subjectId);
  const lines = [heading(flow, studentId, t('diary:subject.title', { subject: s.subject, period: s.period?.name ?? '' }))];
  if (s.marks.length === 0) lines.push(t('diary:subject.noMarks'));
  else {
    lines.push(s.marks.map((m) => {
      const line = t('diary:subject.mark', { date: shortDate(m.date), mark: markLabel(m), work: m.workType, weight: decimal(language, m.weight) });
      return m.comment ? `${line}\n   ${t('diary:recent.comment', { comment: m.comment })}` : line;
    }).join('\n'));
    lines.push([
      t('diary:subject.average', { value: decimal(language, s.average!) }),
      t('diary:subject.weighted', { value: decimal(language, s.weightedAverage!) }),
    ].join('\n'));
  }
  if (s.withoutAttestation) lines.push(t('diary:subject.noAttestation'));
  else if (s.forecast !== null) {
    const next = s.fivesToNext
      ? t('diary:subject.fives', { count: s.fivesToNext.count, target: s.fivesToNext.target })
      : s.forecast === 5 ? t('diary:subject.top') : null;
    lines.push([t('diary:subject.forecast', { mark: s.forecast }), next].filter(Boolean).join('\n'));
  }
  return {
    text: lines.join('\n\n'),
    keyboard: [
      [button(t('diary:button.subjectChart'), encodeDiary('ch', { studentId, subjectId }))],
      [button(t('diary:button.backToSubjects'), encodeDiary('ms', { studentId })), ...backRow(t, studentId)],
    ],
  };
}
