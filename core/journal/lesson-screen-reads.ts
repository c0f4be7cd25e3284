import type { PersonRef } from '../audit/named-people.js';
import type { ReadKind } from '../audit/personal-data-read.entity.js';
import { ABSENCE_CODES } from './attendance-codes.js';
import type { LessonSheet } from './lessons.js';

/** The bot's screens of a lesson that list the whole class by name. */
export type ClassScreen = 'rollCall' | 'marks' | 'homework';

/**
 * A screen of a lesson the teacher opened in the bot that names people (G4): the class lists; the lesson card,
 * which names the absent, the late and a substitute; the homework screen, which names the students given
 * homework of their own; one student's screen (its marks, one of its marks, its homework prompt).
 */
export type LessonScreen = ClassScreen | 'card' | 'homeworkBook' | { student: number; screen: 'student' | 'mark' | 'homeworkFor' };

/** What a read of that screen is: a list of the lesson or one student's record, and whom it names. */
export function lessonScreenRead(screen: LessonScreen, sheet: LessonSheet): { kind: ReadKind; resource: string; recordId: number; detail: string; named: PersonRef[] } {
  const lessonId = sheet.lesson.id;
  const inClass = new Set(sheet.students.map((s) => s.id));
  // Only the class's students are named: a row of someone no longer in it is shown without a name.
  const students = (ids: Iterable<number>): PersonRef[] => [...ids].filter((id) => inClass.has(id)).map((id) => ['Student', id] as const);
  if (typeof screen === 'object') {
    return { kind: 'record', resource: 'Student', recordId: screen.student, detail: `${screen.screen}, lesson ${lessonId}`, named: students([screen.student]) };
  }
  const list = (named: PersonRef[]) => ({ kind: 'list' as const, resource: 'Lesson', recordId: lessonId, detail: screen, named });
  switch (screen) {
    case 'rollCall':
    case 'marks':
    case 'homework':
      return list(students(inClass));
    case 'card': {
      const absentOrLate = sheet.attendance.filter((a) => a.code === 'op' || ABSENCE_CODES.includes(a.code)).map((a) => a.student.id);
      const substitute = sheet.lesson.substituteTeacher?.id;
      return list([...students(absentOrLate), ...(substitute ? [['Staff', substitute] as const] : [])]);
    }
    case 'homeworkBook':
      return list(students(sheet.homework.flatMap((h) => (h.student ? [h.student.id] : []))));
  }
}
