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
  /** Every assignment of the school's year is in `assignmentIds` (the school's heads, no filter): no need to narrow the marks to them first. */
  wholeSchool: boolean;
}

/** One lesson held, with what its journal lacks and whether it was filled in late (marks aside: see `lessonMarks`). */
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
 * The lessons with a mark that came late: after the lesson's day at the school, or, for a work type with a
 * grading deadline (A13: control work 3 days), after that deadline. A mark's time is `updated_at` (a change
 * counts) or `created_at`, whichever is later. The marks are aggregated per lesson by their own date
 * (mark.date, the lesson's), with no join: the latest entry without a deadline, compared with the end of the
 * lesson's day once per lesson (not a time zone conversion per mark), and the deadline checked only for the
 * marks that have one. Only lessons with either are sent. Beyond the whole school the marks are first
 * narrowed to the assignments' lessons.
 */
const lateMarksSql = (wholeSchool: boolean) => `
select m.lesson_id, coalesce(m.last_plain >= l.day_over, false) as late, m.overdue
  from (select k.lesson_id,
               max(greatest(k.created_at, k.updated_at)) filter (where w.grading_deadline_days is null) as last_plain,
               bool_or(w.grading_deadline_days is not null
                       and greatest(k.created_at, k.updated_at) >= ((k.date + 1 + w.grading_deadline_days)::timestamp at time zone :zone)) as overdue
          from mark k
          join work_type w on w.id = k.work_type_id
         where k.school_id = :school and k.date between :from::date and :to::date
           ${wholeSchool ? '' : 'and k.lesson_id in (select id from lesson where school_id = :school and assignment_id in (:ids) and date between :from::date and :to::date)'}
         group by k.lesson_id) m
  join (select id, ((date + 1)::timestamp at time zone :zone) as day_over from lesson
         where school_id = :school and assignment_id in (:ids) and date between :from::date and :to::date) l on l.id = m.lesson_id
 where m.last_plain >= l.day_over or m.overdue`;

/** How many marks each student has in each assignment (a double mark 5/4 is two, as in the averages). */
const MARK_COUNTS_SQL = `
select l.assignment_id, k.student_id, (count(*) + count(k.second))::int as marks
  from mark k
  join lesson l on l.id = k.lesson_id
 where k.school_id = :school and l.school_id = :school and l.assignment_id in (:ids) and l.date between :from::date and :to::date
 group by l.assignment_id, k.student_id`;

export interface LessonMarks {
  /** Lesson id → its marks came late (after the day) and/or overdue (after the work type's deadline). */
  byLesson: Map<number, { late: boolean; overdue: boolean }>;
  /** `assignment:student` → how many marks. */
  counts: Map<string, number>;
}

/**
 * The marks of the assignments' lessons up to `marksTo`, in two hash aggregates run side by side (one scan
 * grouped both ways needs a sort of every mark, which costs more than a second scan).
 */
export async function lessonMarks(em: EntityManager, s: FillingScope): Promise<LessonMarks> {
  const result: LessonMarks = { byLesson: new Map(), counts: new Map() };
  if (s.assignmentIds.length === 0 || s.marksTo < s.from) return result;
  const bindings = { school: s.schoolId, zone: s.timeZone, ids: [...new Set(s.assignmentIds)], from: s.from, to: s.marksTo };
  const [late, counts] = await Promise.all([
    em.execute<{ lesson_id: number; late: boolean; overdue: boolean }[]>(em.getKnex().raw(lateMarksSql(s.wholeSchool), bindings)),
    em.execute<{ assignment_id: number; student_id: number; marks: number }[]>(em.getKnex().raw(MARK_COUNTS_SQL, bindings)),
  ]);
  for (const r of late) result.byLesson.set(r.lesson_id, { late: r.late, overdue: r.overdue });
  for (const r of counts) result.counts.set(`${r.assignment_id}:${r.student_id}`, r.marks);
  return result;
}
