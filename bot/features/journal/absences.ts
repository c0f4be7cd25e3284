import type { InlineKeyboardButton } from 'telegraf/types';
import { NotFound } from '../../../core/base/errors.js';
import { ABSENCE_CODES } from '../../../core/journal/attendance-codes.js';
import type { ClassAbsenceView } from '../../../core/journal/journal-views.js';
import { studentName } from '../../../core/people/display-name.js';
import { encodeJournal } from '../../callback-data/journal.js';
import { button, pagedKeyboard } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { Flow } from './flow.js';
import { codeLabel, shortDate, studentShort } from './format.js';

const PAGE = 10;

/** «Мой класс»: the class's absences of the last weeks, for the class teacher to record their reasons (C3). */
export async function absencesScreen(flow: Flow, page: number, notice?: string, opened = false): Promise<Screen> {
  return renderAbsences(flow, await flow.core.teacherJournal.classAbsences(flow.actor, opened), page, notice);
}

function renderAbsences(flow: Flow, absences: ClassAbsenceView[], page: number, notice?: string): Screen {
  const { t } = flow.ctx;
  const lines = [notice, t('journal:absences.title'), absences.length ? t('journal:absences.help') : t('journal:absences.none')].filter(Boolean) as string[];
  const list = pagedKeyboard(absences, {
    page, size: PAGE,
    to: (p) => encodeJournal('ca', { page: p }),
    button: (a) => button(
      `${shortDate(a.date)} ${studentShort(t, a.student)} — ${a.subject} (${codeLabel(t, a.code)})`,
      encodeJournal('ce', { attendanceId: a.attendanceId }),
    ),
  });
  return { text: lines.join('\n\n'), keyboard: list.keyboard };
}

/** One absence, to record its reason; `opened`: a read of its student (G4). */
export async function absenceScreen(flow: Flow, attendanceId: number, opened = false): Promise<Screen> {
  const { t } = flow.ctx;
  const absence = await flow.core.teacherJournal.classAbsence(attendanceId, flow.actor, opened);
  const text = t('journal:absences.one', {
    student: studentName(absence.student, 'full', t), group: absence.group, date: shortDate(absence.date), number: absence.lessonNumber,
    subject: absence.subject, code: codeLabel(t, absence.code),
  });
  const keyboard: InlineKeyboardButton[][] = [
    ABSENCE_CODES.map((code, i) => button(
      `${code === absence.code ? '✓ ' : ''}${t(`journal:absences.reason.${code}`)}`,
      encodeJournal('cx', { attendanceId, version: absence.version, code: i }),
    )),
    [button(t('journal:lesson.button.back'), encodeJournal('ca', { page: 0 }))],
  ];
  return { text, keyboard };
}

export async function excuse(flow: Flow, attendanceId: number, version: number, codeIndex: number): Promise<Screen> {
  const code = ABSENCE_CODES[codeIndex];
  if (!code) throw new NotFound('code');
  const absences = await flow.core.teacherJournal.excuseAbsence(attendanceId, code, version, flow.actor);
  return renderAbsences(flow, absences, 0, flow.ctx.t('journal:absences.saved'));
}
