import type { EntityManager } from '@mikro-orm/postgresql';
import { relationSql } from '../access/relations.js';
import type { AttendanceCode } from '../journal/attendance.entity.js';
import type { StatementRange } from './statement-range.js';

export interface LessonRow {
  id: number;
  date: string;
  lesson_number: number;
  topic: string | null;
  subject_id: number;
  subject_name: string;
}

export interface MarkRow {
  lesson_id: number;
  value: number;
  second: number | null;
  comment: string | null;
  make_up: boolean;
  work_type: string;
  weight: string | number;
}

export interface AttendanceRow {
  lesson_id: number;
  code: AttendanceCode;
}

/**
 * The lessons of a student in a range: those of its group on dates it was in the group (and of its subgroup,
 * where the assignment is for one), plus any lesson in which it has a mark or an attendance row (a student
 * who moved keeps what was recorded). By subject, then date and lesson number. The candidates are found
 * from the student's side (its groups' assignments, its marks by mark.date, its attendance), so the cost
 * follows the student's lessons, not the school's.
 */
export function studentLessons(em: EntityManager, schoolId: number, studentId: number, range: StatementRange): Promise<LessonRow[]> {
  return em.execute<LessonRow[]>(
    `select l.id, to_char(l.date, 'YYYY-MM-DD') as date, l.lesson_number, l.topic, s.id as subject_id, s.name as subject_name
     from lesson l
     join teaching_assignment a on a.id = l.assignment_id
     join subject s on s.id = a.subject_id
     where l.school_id = ? and l.date between ? and ?
       and l.id in (
         select g.id from lesson g join teaching_assignment ga on ga.id = g.assignment_id
          where ga.group_id in (select e.group_id from enrollment e where e.student_id = ?) and g.date between ? and ?
            and ${relationSql.enrolled('?', 'ga.group_id', 'g.date')} and ${relationSql.inAssignmentSubgroup('?', 'ga')}
         union all select k.lesson_id from mark k where k.student_id = ? and k.date between ? and ?
         union all select t.lesson_id from attendance t where t.student_id = ?)
     order by s.name, s.id, l.date, l.lesson_number, l.id`,
    [schoolId, range.from, range.to, studentId, range.from, range.to, studentId, studentId, studentId, range.from, range.to, studentId],
  );
}

export async function studentMarks(em: EntityManager, studentId: number, lessonIds: readonly number[]): Promise<MarkRow[]> {
  if (lessonIds.length === 0) return [];
  return em.execute<MarkRow[]>(
    `select k.lesson_id, k.value, k.second, k.comment, k.make_up, w.name as work_type, w.weight
     from mark k join work_type w on w.id = k.work_type_id
     where k.student_id = ? and k.lesson_id in (?)
     order by k.lesson_id, k.id`,
    [studentId, lessonIds],
  );
}

export async function studentAttendance(em: EntityManager, studentId: number, lessonIds: readonly number[]): Promise<AttendanceRow[]> {
  if (lessonIds.length === 0) return [];
  return em.execute<AttendanceRow[]>(
    'select lesson_id, code from attendance where student_id = ? and lesson_id in (?)',
    [studentId, lessonIds],
  );
}
