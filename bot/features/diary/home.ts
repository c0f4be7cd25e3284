import { studentName } from '../../../core/people/display-name.js';
import { encodeDiary } from '../../callback-data/diary.js';
import { button } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { DiaryFlow } from './flow.js';

/** The diary's sections (D1–D8) for one student: every button carries the student's id, re-checked on each tap. */
export async function homeScreen(flow: DiaryFlow, studentId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const student = await flow.core.diary.about(flow.viewer, studentId);
  const fullName = studentName(student.name, 'lastFirst', t);
  const name = student.group ? `${fullName}, ${student.group}` : fullName;
  const b = (key: string, data: string) => button(t(`diary:button.${key}`), data);
  const s = { studentId };
  return {
    text: [t('diary:of', { name }), t('diary:choose')].join('\n\n'),
    keyboard: [
      [b('recent', encodeDiary('mr', { ...s, page: 0 })), b('subjects', encodeDiary('ms', s))],
      [b('periodMarks', encodeDiary('pm', s)), b('absences', encodeDiary('ab', { ...s, page: 0 }))],
      [b('homeworkTomorrow', encodeDiary('hw', { ...s, range: 0 })), b('homeworkWeek', encodeDiary('hw', { ...s, range: 1 }))],
      [b('today', encodeDiary('sc', { ...s, range: 0 })), b('tomorrow', encodeDiary('sc', { ...s, range: 1 })), b('week', encodeDiary('sc', { ...s, range: 2 }))],
      [b('topics', encodeDiary('tc', { ...s, page: 0 })), b('rating', encodeDiary('rt', s))],
      [b('announcements', encodeDiary('an', { ...s, page: 0 })), b('chart', encodeDiary('ch', { ...s, subjectId: 0 }))],
    ],
  };
}
