import type { EntityManager } from '@mikro-orm/postgresql';
import { ABSENCE_CODES, type AttendanceCode } from '../../journal/attendance-codes.js';

export interface AttendanceScope {
  schoolId: number;
  assignmentIds: readonly number[];
  range: { from: string; to: string };
}

/**
 * The lessons of the assignments in the dates whose attendance was taken, with their length in minutes from
 * the class's bell schedule (null: no bell for that lesson number). A lesson counts once its roll call was
 * finished, or as soon as a code was recorded in it: the diary (D3) counts it the same way, so a guardian and
 * the report never disagree on an absence whose roll call the teacher left unfinished. Materialized: every
 * query below reads it twice. (Joins rather than `or exists`: the planner prices an `or exists` per row, and
 * its estimate of a whole school's year is then high enough to spend seconds JIT-compiling the query.)
 */
const HELD = `held as materialized (
  select l.id, l.date, l.lesson_number, l.topic, l.plan_topic_id, a.group_id, a.subgroup_id, a.subject_id,
         (extract(epoch from (bs.ends_at::time - bs.starts_at::time)) / 60)::int as minutes
    from lesson l
    join teaching_assignment a on a.id = l.assignment_id
    join school_group g on g.id = a.group_id
    left join bell_slot bs on bs.schedule_id = g.bell_schedule_id and bs.lesson_number = l.lesson_number
    left join (select distinct lesson_id from attendance where school_id = ?) coded on coded.lesson_id = l.id
   where l.school_id = ? and l.assignment_id in (?) and l.date between ? and ?
     and (l.attendance_taken_at is not null or coded.lesson_id is not null)
)`;

/**
 * Whether student `s` was one of the lesson `h`'s: in the class on its date (only its time in the class
 * counts, before it left or after it came; a student's stretches in classes never overlap) and in its
 * subgroup if it has one. Used as `join enrollment e … left join subgroup_member m … where`.
 */
const taughtTo = (h: string, s: string) => `
  join enrollment e on e.student_id = ${s} and e.group_id = ${h}.group_id and e.start_date <= ${h}.date and (e.end_date is null or e.end_date >= ${h}.date)
  left join subgroup_member m on m.subgroup_id = ${h}.subgroup_id and m.student_id = ${s}
 where (${h}.subgroup_id is null or m.id is not null)`;

const bindings = (s: AttendanceScope) => [s.schoolId, s.schoolId, [...new Set(s.assignmentIds)], s.range.from, s.range.to];

/** How many lessons of each length each class held. */
export function classLessons(em: EntityManager, s: AttendanceScope) {
  return em.execute<{ group_id: number; minutes: number | null; lessons: number }[]>(
    `with ${HELD} select group_id, minutes, count(*)::int as lessons from held group by group_id, minutes`, bindings(s));
}

/**
 * Per class and student, by lesson length: the lessons held for it (code null) and those with each code.
 * The lessons are counted per class, day and length before they meet the enrollments, so a whole school's
 * year is some 250,000 rows to sum rather than a row per student and lesson.
 */
export function studentTallies(em: EntityManager, s: AttendanceScope) {
  return em.execute<{ group_id: number; student_id: number; minutes: number | null; code: AttendanceCode | null; lessons: number }[]>(
    `with ${HELD}, days as (
       select group_id, subgroup_id, date, minutes, count(*)::int as lessons from held group by group_id, subgroup_id, date, minutes
     )
     select d.group_id, e.student_id, d.minutes, null as code, sum(d.lessons)::int as lessons
       from days d
       join enrollment e on e.group_id = d.group_id and e.start_date <= d.date and (e.end_date is null or e.end_date >= d.date)
       left join subgroup_member m on m.subgroup_id = d.subgroup_id and m.student_id = e.student_id
      where d.subgroup_id is null or m.id is not null
      group by d.group_id, e.student_id, d.minutes
     union all
     select h.group_id, at.student_id, h.minutes, at.code, count(*)::int
       from held h
       join attendance at on at.lesson_id = h.id ${taughtTo('h', 'at.student_id')}
      group by h.group_id, at.student_id, h.minutes, at.code`, bindings(s));
}

export interface MissedLessonRow {
  group_id: number;
  student_id: number;
  date: string;
  lesson_number: number;
  subject: string;
  topic: string | null;
  code: AttendanceCode;
  minutes: number | null;
}

/** The lessons each student missed (н, б, п) with their subject and topic (the plan's when the lesson has no text), by date. */
export function missedLessons(em: EntityManager, s: AttendanceScope) {
  return em.execute<MissedLessonRow[]>(
    `with ${HELD}
     select h.group_id, at.student_id, to_char(h.date, 'YYYY-MM-DD') as date, h.lesson_number, sub.name as subject,
            coalesce(nullif(h.topic, ''), pt.title) as topic, at.code, h.minutes
       from held h
       join attendance at on at.lesson_id = h.id and at.code in (?)
       join subject sub on sub.id = h.subject_id
       left join thematic_plan_topic pt on pt.id = h.plan_topic_id ${taughtTo('h', 'at.student_id')}
      order by h.group_id, at.student_id, h.date, h.lesson_number, sub.name`, [...bindings(s), [...ABSENCE_CODES]]);
}
