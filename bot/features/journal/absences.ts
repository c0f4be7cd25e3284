import { Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { NotFound } from '../../../core/errors.js';
import { ABSENCE_CODES } from '../../../core/journal/attendance.entity.js';
import { fullName } from '../../../core/school/rules/names.js';
import { encodeJournal } from '../../callback-data/journal.js';
import type { Flow } from './flow.js';
import { codeLabel, shortDate } from './format.js';
import { pageOf, pager, type Screen } from './screen.js';

const PAGE = 10;

/** «Мой класс»: the class's absences of the last weeks, for the class teacher to record their reasons (C3). */
export async function absencesScreen(flow: Flow, page: number, notice?: string): Promise<Screen> {
  const { t } = flow.ctx;
  const absences = await flow.core.classAbsences.recent(flow.actor);
  const shown = pageOf(absences, page, PAGE);
  const lines = [notice, t('journal:absences.title'), absences.length ? t('journal:absences.help') : t('journal:absences.none')].filter(Boolean) as string[];
  const keyboard: InlineKeyboardButton[][] = shown.items.map((a) => [
    Markup.button.callback(
      `${shortDate(a.date)} ${a.attendance.student.lastName} ${a.attendance.student.firstName.charAt(0)}. — ${a.subject} (${codeLabel(t, a.attendance.code)})`,
      encodeJournal('ce', { attendanceId: a.attendance.id }),
    ),
  ]);
  keyboard.push(...pager(shown.page, shown.pages, (p) => encodeJournal('ca', { page: p })));
  return { text: lines.join('\n\n'), keyboard };
}

export async function absenceScreen(flow: Flow, attendanceId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const absence = (await flow.core.classAbsences.recent(flow.actor)).find((a) => a.attendance.id === attendanceId);
  if (!absence) throw new NotFound('Attendance');
  const row = absence.attendance;
  const text = t('journal:absences.one', {
    student: fullName(row.student), group: absence.group, date: shortDate(absence.date), number: absence.lessonNumber,
    subject: absence.subject, code: codeLabel(t, row.code),
  });
  const keyboard: InlineKeyboardButton[][] = [
    ABSENCE_CODES.map((code, i) => Markup.button.callback(
      `${code === row.code ? '✓ ' : ''}${t(`journal:absences.reason.${code}`)}`,
      encodeJournal('cx', { attendanceId, version: row.version, code: i }),
    )),
    [Markup.button.callback(t('journal:lesson.button.back'), encodeJournal('ca', { page: 0 }))],
  ];
  return { text, keyboard };
}

export async function excuse(flow: Flow, attendanceId: number, version: number, codeIndex: number): Promise<Screen> {
  const code = ABSENCE_CODES[codeIndex];
  if (!code) throw new NotFound('code');
  await flow.core.journal.excuseAbsence(attendanceId, code, version, flow.actor);
  return absencesScreen(flow, 0, flow.ctx.t('journal:absences.saved'));
}
