import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { addDays } from '../time/local-date.js';
import { nextSchoolDayOf } from '../school/school-days.js';
import { Homework } from '../journal/homework.entity.js';
import type { Lesson } from '../journal/lesson.entity.js';
import { lessonsOfStudent, type DiaryScope } from './diary-scope.js';

/** The ranges of the diary's buttons (their index travels in the button); `day` is one date asked for in words. */
export const HOMEWORK_RANGES = ['tomorrow', 'week'] as const;
export type HomeworkRange = (typeof HOMEWORK_RANGES)[number] | 'day';

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
  /** Only this subject's homework (a typed question named it). */
  subjectId?: number;
  from: string;
  to: string;
  /** By due date, then subject. */
  items: DiaryHomework[];
}

/**
 * The dates a range covers: «на завтра» is the next school day (`nextSchoolDay`: a Friday's is Monday), the week
 * the coming seven days from tomorrow.
 */
export function homeworkDates(today: string, range: Exclude<HomeworkRange, 'day'>, nextSchoolDay: string): { from: string; to: string } {
  if (range === 'tomorrow') return { from: nextSchoolDay, to: nextSchoolDay };
  return { from: addDays(today, 1), to: addDays(today, 7) };
}

/** What a homework screen asks for: a range of the buttons, or one date; all subjects, or one. */
export interface HomeworkAsk {
  range: HomeworkRange;
  /** For the range `day`. */
  date?: string;
  subjectId?: number;
}

/** D4: the homework of the group's lessons (and the student's own individual homework) due in the range. */
export async function homework(em: EntityManager, scope: DiaryScope, ask: HomeworkAsk): Promise<HomeworkView> {
  const { range, subjectId } = ask;
  const { from, to } = range === 'day'
    ? { from: ask.date ?? scope.today, to: ask.date ?? scope.today }
    : homeworkDates(scope.today, range, range === 'tomorrow' ? await nextSchoolDayOf(em, scope.school, scope.today) : addDays(scope.today, 1));
  const view = { range, from, to, ...(subjectId === undefined ? {} : { subjectId }) };
  const lessons = lessonsOfStudent(scope);
  if (!lessons) return { ...view, items: [] };
  const rows = await em.find(Homework, {
    $and: [
      { school: scope.school.id, lesson: lessons },
      ...(subjectId === undefined ? [] : [{ lesson: { assignment: { subject: subjectId } } } as FilterQuery<Homework>]),
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
  return { ...view, items };
}
