import type { EntityManager } from '@mikro-orm/postgresql';
import { relationSql } from '../access/relations.js';
import type { AttendanceCode } from '../journal/attendance.entity.js';
import { addDays } from '../time/local-date.js';

/** Lists longer than this are cut in the payload (the message says how many more there were). */
const MAX_ITEMS = 40;
const MAX_HOMEWORK_TEXT = 160;

export interface DigestMark {
  date: string;
  subject: string;
  value: number;
  second: number | null;
  workType: string;
}

export interface DigestAbsence {
  date: string;
  lessonNumber: number;
  subject: string;
  code: AttendanceCode;
}

export interface DigestHomework {
  /** The day it is due (or the lesson's day, when no due day was set). */
  due: string;
  subject: string;
  text: string;
  individual: boolean;
}

/**
 * The week of one child as the 'digest' notification carries it (D11): its marks, absences and lateness,
 * and the homework due that week. The journal keeps no record of homework handed in, so "homework" is the
 * homework set for the week, general and the child's own.
 */
export interface DigestContent {
  weekStart: string;
  weekEnd: string;
  marks: DigestMark[];
  absences: DigestAbsence[];
  homework: DigestHomework[];
  totals: { marks: number; absences: number; homework: number };
}

export interface DigestPayload extends DigestContent, Record<string, unknown> {
  digestId: number;
  student: string;
  /** «н (отсутствовала)» or «н (отсутствовал)»; absent from older rows (the neutral wording). */
  studentSex?: 'm' | 'f';
}

const cut = (text: string) => (text.length > MAX_HOMEWORK_TEXT ? `${text.slice(0, MAX_HOMEWORK_TEXT - 1)}…` : text);

export async function digestContent(em: EntityManager, studentId: number, weekStart: string): Promise<DigestContent> {
  const weekEnd = addDays(weekStart, 6);
  const marks = await em.execute<{ date: string; subject: string; value: number; second: number | null; work_type: string }[]>(
    `select to_char(l.date, 'YYYY-MM-DD') as date, sj.name as subject, m.value, m.second, w.name as work_type
       from mark m join lesson l on l.id = m.lesson_id join teaching_assignment a on a.id = l.assignment_id
       join subject sj on sj.id = a.subject_id join work_type w on w.id = m.work_type_id
      where m.student_id = ? and l.date between ? and ?
      order by l.date, l.lesson_number, m.id`,
    [studentId, weekStart, weekEnd],
  );
  const absences = await em.execute<{ date: string; lesson_number: number; subject: string; code: AttendanceCode }[]>(
    `select to_char(l.date, 'YYYY-MM-DD') as date, l.lesson_number, sj.name as subject, at.code
       from attendance at join lesson l on l.id = at.lesson_id join teaching_assignment a on a.id = l.assignment_id
       join subject sj on sj.id = a.subject_id
      where at.student_id = ? and l.date between ? and ?
      order by l.date, l.lesson_number`,
    [studentId, weekStart, weekEnd],
  );
  const homework = await em.execute<{ due: string; subject: string; text: string | null; individual: boolean }[]>(
    `select to_char(coalesce(h.due_date, l.date), 'YYYY-MM-DD') as due, sj.name as subject, h.text, h.student_id is not null as individual
       from homework h join lesson l on l.id = h.lesson_id join teaching_assignment a on a.id = l.assignment_id
       join subject sj on sj.id = a.subject_id
      where not h.none and coalesce(h.due_date, l.date) between ? and ?
        and (h.student_id = ? or (h.student_id is null
          and ${relationSql.enrolled('?', 'a.group_id', '?', '?')}
          and ${relationSql.inAssignmentSubgroup('?', 'a')}))
      order by coalesce(h.due_date, l.date), l.lesson_number, h.id`,
    [weekStart, weekEnd, studentId, studentId, weekEnd, weekStart, studentId],
  );
  return {
    weekStart,
    weekEnd,
    marks: marks.slice(0, MAX_ITEMS).map((m) => ({ date: m.date, subject: m.subject, value: m.value, second: m.second, workType: m.work_type })),
    absences: absences.slice(0, MAX_ITEMS).map((a) => ({ date: a.date, lessonNumber: a.lesson_number, subject: a.subject, code: a.code })),
    homework: homework.slice(0, MAX_ITEMS).map((h) => ({ due: h.due, subject: h.subject, text: cut(h.text ?? ''), individual: h.individual })),
    totals: { marks: marks.length, absences: absences.length, homework: homework.length },
  };
}
