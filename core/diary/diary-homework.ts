import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { addDays } from '../time/local-date.js';
import { Homework } from '../journal/homework.entity.js';
import type { Lesson } from '../journal/lesson.entity.js';
import { lessonsOfStudent, type DiaryScope } from './diary-scope.js';

export const HOMEWORK_RANGES = ['tomorrow', 'week'] as const;
export type HomeworkRange = (typeof HOMEWORK_RANGES)[number];

/** One homework as the diary shows it (D4). */
export interface DiaryHomework {
  homeworkId: number;
  subjectId: number;
  subject: string;
  /** The lesson it was set in. */
  setOn: string;
  /** When it is due: its due date, or the lesson's date when none was given. */
  due: string;
  text: string | null;
  /** «Без задания», recorded explicitly. */
  none: boolean;
  /** Set for this student alone. */
  individual: boolean;
}

export interface HomeworkView {
  range: HomeworkRange;
  from: string;
  to: string;
  /** By due date, then subject. */
  items: DiaryHomework[];
}

/** The dates a range covers: tomorrow, or the coming seven days from tomorrow. */
export function homeworkDates(today: string, range: HomeworkRange): { from: string; to: string } {
  return { from: addDays(today, 1), to: addDays(today, range === 'tomorrow' ? 1 : 7) };
}

/** D4: the homework of the group's lessons (and the student's own individual homework) due in the range. */
export async function homework(em: EntityManager, scope: DiaryScope, range: HomeworkRange): Promise<HomeworkView> {
  const { from, to } = homeworkDates(scope.today, range);
  const lessons = lessonsOfStudent(scope);
  if (!lessons) return { range, from, to, items: [] };
  const rows = await em.find(Homework, {
    $and: [
      { school: scope.school.id, lesson: lessons },
      { $or: [{ student: null }, { student: scope.student.id }] },
      { $or: [{ dueDate: { $gte: from, $lte: to } }, { dueDate: null, lesson: { date: { $gte: from, $lte: to } } as FilterQuery<Lesson> }] },
    ],
  }, { populate: ['lesson.assignment.subject'] });
  const items = rows.map((h) => ({
    homeworkId: h.id,
    subjectId: h.lesson.assignment.subject.id,
    subject: h.lesson.assignment.subject.name,
    setOn: h.lesson.date,
    due: h.dueDate ?? h.lesson.date,
    text: h.text ?? null,
    none: h.none,
    individual: h.student !== null && h.student !== undefined,
  }));
  items.sort((a, b) => a.due.localeCompare(b.due) || a.subject.localeCompare(b.subject, 'ru') || Number(a.individual) - Number(b.individual) || a.homeworkId - b.homeworkId);
  return { range, from, to, items };
}
