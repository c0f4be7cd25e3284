import type { EntityManager } from '@mikro-orm/postgresql';
import type { AttendanceCode } from '../journal/attendance-codes.js';
import type { PeriodMarkValue } from '../journal/period-mark-values.js';

/**
 * The set reads behind a journal page: each of lessons, marks, attendance, homework and period marks in one
 * statement over the whole period (never one per cell), joined to the page's lessons so they can run at once.
 */

/** Which lessons the page shows: an assignment's over a period, or only those `substitute` gave. */
export interface PageLessons {
  assignmentId: number;
  from: string;
  to: string;
  substitute?: number;
}

export interface LessonRow {
  id: number;
  date: string;
  lesson_number: number;
  topic: string | null;
  substitute_id: number | null;
  sub_last: string | null;
  sub_first: string | null;
  sub_middle: string | null;
}

export interface MarkRow {
  id: number;
  version: number;
  lesson_id: number;
  student_id: number;
  value: number;
  second: number | null;
  make_up: boolean;
  comment: string | null;
  work_type_id: number;
  work_type: string;
  weight: string | number;
}

export interface AttendanceRow {
  lesson_id: number;
  student_id: number;
  code: AttendanceCode;
  version: number;
}

export interface HomeworkRow {
  lesson_id: number;
  student_id: number | null;
  text: string | null;
  none: boolean;
}

export interface PeriodMarkRow {
  student_id: number;
  value: PeriodMarkValue | null;
  deferred_until: string | null;
}

/** The join and conditions that pick the page's lessons (alias `l`), with their bindings. */
function pageLessons(q: PageLessons): { sql: string; bindings: unknown[] } {
  const bindings: unknown[] = [q.assignmentId, q.from, q.to];
  let sql = 'l.assignment_id = ? and l.date between ? and ?';
  if (q.substitute !== undefined) {
    sql += ' and l.substitute_teacher_id = ?';
    bindings.push(q.substitute);
  }
  return { sql, bindings };
}

export function lessonRows(em: EntityManager, q: PageLessons): Promise<LessonRow[]> {
  const where = pageLessons(q);
  return em.execute<LessonRow[]>(
    `select l.id, to_char(l.date, 'YYYY-MM-DD') as date, l.lesson_number, l.topic, l.substitute_teacher_id as substitute_id,
            s.last_name as sub_last, s.first_name as sub_first, s.middle_name as sub_middle
       from lesson l left join staff s on s.id = l.substitute_teacher_id
      where ${where.sql} order by l.date, l.lesson_number, l.id`,
    where.bindings,
  );
}

export function markRows(em: EntityManager, q: PageLessons): Promise<MarkRow[]> {
  const where = pageLessons(q);
  return em.execute<MarkRow[]>(
    `select k.id, k.version, k.lesson_id, k.student_id, k.value, k.second, k.make_up, k.comment, w.id as work_type_id, w.name as work_type, w.weight
       from mark k join lesson l on l.id = k.lesson_id join work_type w on w.id = k.work_type_id
      where ${where.sql} order by k.lesson_id, k.id`,
    where.bindings,
  );
}

export function attendanceRows(em: EntityManager, q: PageLessons): Promise<AttendanceRow[]> {
  const where = pageLessons(q);
  return em.execute<AttendanceRow[]>(
    `select t.lesson_id, t.student_id, t.code, t.version from attendance t join lesson l on l.id = t.lesson_id where ${where.sql}`,
    where.bindings,
  );
}

export function homeworkRows(em: EntityManager, q: PageLessons): Promise<HomeworkRow[]> {
  const where = pageLessons(q);
  return em.execute<HomeworkRow[]>(
    `select h.lesson_id, h.student_id, h.text, h.none from homework h join lesson l on l.id = h.lesson_id
      where ${where.sql} order by h.lesson_id, h.id`,
    where.bindings,
  );
}

export function periodMarkRows(em: EntityManager, assignmentId: number, periodId: number): Promise<PeriodMarkRow[]> {
  return em.execute<PeriodMarkRow[]>(
    `select student_id, value, to_char(deferred_until, 'YYYY-MM-DD') as deferred_until
       from period_mark where assignment_id = ? and period_id = ?`,
    [assignmentId, periodId],
  );
}

/** Of `ids`, the students as the page names them, in no particular order. */
export function studentRows(em: EntityManager, schoolId: number, ids: readonly number[]): Promise<{ id: number; last_name: string; first_name: string; middle_name: string | null; pseudonym_no: number | null }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return em.execute(
    'select id, last_name, first_name, middle_name, pseudonym_no from student where school_id = ? and id in (?)',
    [schoolId, [...new Set(ids)]],
  );
}
