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
 * the report never disagree on an absence whose roll call the teacher left unfinished.
 */
const HELD = `held as (
  select l.id, l.date, l.lesson_number, l.topic, l.plan_topic_id, a.group_id, a.subgroup_id, a.subject_id,
         (extract(epoch from (bs.ends_at::time - bs.starts_at::time)) / 60)::int as minutes
    from lesson l
    join teaching_assignment a on a.id = l.assignment_id
    join school_group g on g.id = a.group_id
    left join bell_slot bs on bs.schedule_id = g.bell_schedule_id and bs.lesson_number = l.lesson_number
   where l.school_id = ? and l.assignment_id in (?) and l.date between ? and ?
     and (l.attendance_taken_at is not null or exists (select 1 from attendance x where x.lesson_id = l.id))
)`;

/**
 * Each held lesson × each student it was held for: a student of the class on the lesson's date (only its
 * time in the class counts, before it left or after it came), of the lesson's subgroup if it has one.
 */
const TAUGHT = `taught as (
  select distinct h.id as lesson_id, h.group_id, e.student_id, h.minutes
    from held h
    join enrollment e on e.group_id = h.group_id and e.start_date <= h.date and (e.end_date is null or e.end_date >= h.date)
   where h.subgroup_id is null
      or exists (select 1 from subgroup_member m where m.subgroup_id = h.subgroup_id and m.student_id = e.student_id)
)`;

const bindings = (s: AttendanceScope) => [s.schoolId, [...new Set(s.assignmentIds)], s.range.from, s.range.to];

/** How many lessons of each length each class held. */
export function classLessons(em: EntityManager, s: AttendanceScope) {
  return em.execute<{ group_id: number; minutes: number | null; lessons: number }[]>(
    `with ${HELD} select group_id, minutes, count(*)::int as lessons from held group by group_id, minutes`, bindings(s));
}

/** Per class and student, the lessons of each length held for it by code (null: present). */
export function studentTallies(em: EntityManager, s: AttendanceScope) {
  return em.execute<{ group_id: number; student_id: number; minutes: number | null; code: AttendanceCode | null; lessons: number }[]>(
    `with ${HELD}, ${TAUGHT}
     select t.group_id, t.student_id, t.minutes, at.code, count(*)::int as lessons
       from taught t left join attendance at on at.lesson_id = t.lesson_id and at.student_id = t.student_id
      group by t.group_id, t.student_id, t.minutes, at.code`, bindings(s));
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

/** The lessons each student missed (н, б, п) with their subject and topic, by date. */
export function missedLessons(em: EntityManager, s: AttendanceScope) {
  return em.execute<MissedLessonRow[]>(
    `with ${HELD}, ${TAUGHT}
     select t.group_id, t.student_id, to_char(h.date, 'YYYY-MM-DD') as date, h.lesson_number, sub.name as subject,
            coalesce(nullif(h.topic, ''), pt.title) as topic, at.code, t.minutes
       from taught t
       join held h on h.id = t.lesson_id
       join attendance at on at.lesson_id = t.lesson_id and at.student_id = t.student_id
       join subject sub on sub.id = h.subject_id
       left join thematic_plan_topic pt on pt.id = h.plan_topic_id
      where at.code in (?)
      order by t.group_id, t.student_id, h.date, h.lesson_number, sub.name`, [...bindings(s), [...ABSENCE_CODES]]);
}
