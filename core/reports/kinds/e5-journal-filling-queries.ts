import type { EntityManager } from '@mikro-orm/postgresql';

export interface FillingScope {
  schoolId: number;
  yearId: number;
  timeZone: string;
  assignmentIds: readonly number[];
  from: string;
  /** The last day whose lessons are over: the range's end or yesterday at the school. */
  last: string;
  /** The last day whose marks count for the shares: the range's end or today. */
  marksTo: string;
}

/** One lesson held, with what its journal lacks and whether it was filled in late (marks aside: see `lateMarkLessons`). */
export interface HeldLessonRow {
  /** Null: timetabled, never opened in the journal. */
  id: number | null;
  assignment_id: number;
  date: string;
  lesson_number: number;
  substitute_id: number | null;
  no_topic: boolean;
  no_roll_call: boolean;
  no_homework: boolean;
  /** The topic, the roll call or an absence entered after the lesson's day. */
  late: boolean;
}

/*
 * The lessons held: every timetabled lesson of the days (holidays, days outside the slot's validity and the
 * year skipped) and every lesson opened in the journal, once each. A timetabled lesson nobody opened lacks
 * everything: «a lesson without a topic» means what the teachers' reminders and the day summary mean by it
 * (reminder-queries.ts). `day_over` is the instant the lesson's day ends at the school: an entry at or after
 * it was made after the lesson's day, whatever the date in UTC.
 *
 * When an entry was made: the roll call's `attendance_taken_at`, an absence's `created_at` (a later change
 * of its reason is left out: the class teacher may make it any time, C3), and for the topic the audit log's
 * updates of the lesson that changed it (the lesson row keeps no stamp of its own for it). Each is joined as
 * one aggregate per lesson, not probed lesson by lesson, so the plan stays a few hash joins. The school days
 * are made first (materialized): checked against the holidays once each, not once per timetable slot and day.
 */
const HELD_SQL = `
with days as materialized (
  select d::date as date, extract(isodow from d)::int as weekday
    from academic_year y
    cross join generate_series(greatest(y.start_date, :from::date), least(y.end_date, :last::date), interval '1 day') d
   where y.id = :year
     and not exists (select 1 from holiday h where h.school_id = :school and d::date between h.start_date and h.end_date)
),
timetabled as (
  select distinct ts.assignment_id, days.date, ts.lesson_number
    from timetable_slot ts
    join days on days.weekday = ts.weekday and days.date >= ts.valid_from and (ts.valid_to is null or days.date <= ts.valid_to)
   where ts.school_id = :school and ts.assignment_id in (:ids)
),
homework_set as (
  select distinct hw.lesson_id
    from homework hw join lesson l on l.id = hw.lesson_id
   where l.school_id = :school and l.date between :from::date and :last::date and (hw.student_id is null or hw.none)
),
last_absence as (
  select x.lesson_id, max(x.created_at) as at
    from attendance x join lesson l on l.id = x.lesson_id
   where l.school_id = :school and l.date between :from::date and :last::date
   group by x.lesson_id
),
last_topic as (
  select e.entity_id::int as lesson_id, max(e.at) as at
    from audit_entry e
   where e.school_id = :school and e.entity = 'Lesson' and e.action = 'update' and e.at >= (:from::date)::timestamp at time zone :zone
     and (e.after ->> 'topic') is distinct from (e.before ->> 'topic')
   group by e.entity_id
),
held as (
  select j.id, coalesce(j.assignment_id, t.assignment_id) as assignment_id, coalesce(j.date, t.date) as date,
         coalesce(j.lesson_number, t.lesson_number) as lesson_number, j.topic, j.attendance_taken_at, j.substitute_teacher_id,
         ((coalesce(j.date, t.date) + 1)::timestamp at time zone :zone) as day_over
    from timetabled t
    full join (select l.id, l.assignment_id, l.date, l.lesson_number, l.topic, l.attendance_taken_at, l.substitute_teacher_id
                 from lesson l
                where l.school_id = :school and l.assignment_id in (:ids) and l.date between :from::date and :last::date) j
      on j.assignment_id = t.assignment_id and j.date = t.date and j.lesson_number = t.lesson_number
)
select h.id, h.assignment_id, to_char(h.date, 'YYYY-MM-DD') as date, h.lesson_number, h.substitute_teacher_id as substitute_id,
       h.topic is null as no_topic,
       h.attendance_taken_at is null as no_roll_call,
       hs.lesson_id is null as no_homework,
       coalesce(h.attendance_taken_at >= h.day_over or la.at >= h.day_over or lt.at >= h.day_over, false) as late
  from held h
  left join homework_set hs on hs.lesson_id = h.id
  left join last_absence la on la.lesson_id = h.id
  left join last_topic lt on lt.lesson_id = h.id`;

/** Every lesson held in the scope's days with its gaps, in one statement whatever the number of lessons. */
export function heldLessons(em: EntityManager, s: FillingScope): Promise<HeldLessonRow[]> {
  if (s.assignmentIds.length === 0 || s.last < s.from) return Promise.resolve([]);
  return em.execute<HeldLessonRow[]>(em.getKnex().raw(HELD_SQL, {
    school: s.schoolId, year: s.yearId, zone: s.timeZone, ids: [...new Set(s.assignmentIds)], from: s.from, last: s.last,
  }));
}

/*
 * The lessons whose marks came late: after the lesson's day at the school, or, for a work type with a grading
 * deadline (A13: control work 3 days), after that deadline. A mark's time is `updated_at` (a change counts) or
 * `created_at`, whichever is later; the database keeps the latest per lesson and work type (lesson_mark_time,
 * migration mark_assignment_and_times), so this reads a few rows per lesson, not every mark. The end of each
 * lesson's day is converted to an instant once per lesson (materialized: the planner would otherwise repeat it
 * per row joined), and a deadline only for the work types whose marks came after the day.
 */
const LATE_MARKS_SQL = `
with l as materialized (
  select id, date, ((date + 1)::timestamp at time zone :zone) as day_over from lesson
   where school_id = :school and assignment_id in (:ids) and date between :from::date and :to::date
)
select s.lesson_id, bool_or(w.grading_deadline_days is null) as late,
       bool_or(w.grading_deadline_days is not null and s.last_at >= ((l.date + 1 + w.grading_deadline_days)::timestamp at time zone :zone)) as overdue
  from l
  join lesson_mark_time s on s.lesson_id = l.id and s.last_at >= l.day_over
  join work_type w on w.id = s.work_type_id
 group by s.lesson_id`;

/** The lessons of the assignments up to `marksTo` whose marks came late (after the day) and/or overdue (after the work type's deadline). */
export async function lateMarkLessons(em: EntityManager, s: FillingScope): Promise<Map<number, { late: boolean; overdue: boolean }>> {
  const result = new Map<number, { late: boolean; overdue: boolean }>();
  if (s.assignmentIds.length === 0 || s.marksTo < s.from) return result;
  const rows = await em.execute<{ lesson_id: number; late: boolean; overdue: boolean }[]>(em.getKnex().raw(LATE_MARKS_SQL, {
    school: s.schoolId, zone: s.timeZone, ids: [...new Set(s.assignmentIds)], from: s.from, to: s.marksTo,
  }));
  for (const r of rows) if (r.late || r.overdue) result.set(r.lesson_id, { late: r.late, overdue: r.overdue });
  return result;
}

/*
 * Whether each student has no mark, one, or more in each assignment over the dates (a double mark 5/4 is two,
 * as in the averages): the report tells only those apart, so at most the first two marks of each pair are
 * read, from the index (assignment_id, student_id, date) that carries `second` — one short index range per
 * pair, whatever the number of marks in the year.
 */
const MARKS_UP_TO_TWO_SQL = `
select p.assignment_id, p.student_id,
       (select count(*) + count(x.second) from (select k.second from mark k
          where k.assignment_id = p.assignment_id and k.student_id = p.student_id and k.date between :from::date and :to::date limit 2) x)::int as marks
  from unnest(:assignments::int[], :students::int[]) as p(assignment_id, student_id)`;

/** A student of an assignment, as `marksUpToTwo` is asked about. */
export interface AssignmentStudent {
  assignmentId: number;
  studentId: number;
}

/** `assignment:student` → 0, 1 or 2 (two or more) marks from `from` to `to`, for each pair asked. */
export async function marksUpToTwo(em: EntityManager, pairs: readonly AssignmentStudent[], from: string, to: string): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (pairs.length === 0 || to < from) return result;
  const rows = await em.execute<{ assignment_id: number; student_id: number; marks: number }[]>(em.getKnex().raw(MARKS_UP_TO_TWO_SQL, {
    // Integer arrays as PostgreSQL array literals: one parameter each, whatever the number of pairs.
    assignments: `{${pairs.map((p) => p.assignmentId).join(',')}}`, students: `{${pairs.map((p) => p.studentId).join(',')}}`, from, to,
  }));
  for (const r of rows) result.set(`${r.assignment_id}:${r.student_id}`, Math.min(r.marks, 2));
  return result;
}
