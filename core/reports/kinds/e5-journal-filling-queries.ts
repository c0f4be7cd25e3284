import type { EntityManager } from '@mikro-orm/postgresql';

export interface FillingScope {
  schoolId: number;
  yearId: number;
  timeZone: string;
  assignmentIds: readonly number[];
  /** The days whose lessons are over: the range up to yesterday at the school. */
  from: string;
  last: string;
}

/** One lesson held, with what its journal lacks and whether it was filled late. */
export interface FilledLessonRow {
  assignment_id: number;
  date: string;
  lesson_number: number;
  substitute_id: number | null;
  no_topic: boolean;
  no_roll_call: boolean;
  no_homework: boolean;
  /** A topic, a roll call, an absence or a mark of a work type without a grading deadline entered after the lesson's day. */
  late: boolean;
  /** A mark of a work type with a grading deadline entered after that deadline. */
  overdue: boolean;
}

/*
 * The lessons held: every timetabled lesson of the days (holidays, days outside the slot's validity and the
 * year skipped) and every lesson opened in the journal, once each. A timetabled lesson nobody opened lacks
 * everything: «a lesson without a topic» means what the teachers' reminders and the day summary mean by it
 * (reminder-queries.ts). `day_over` is the instant the lesson's day ends at the school: an entry at or after
 * it was made after the lesson's day, whatever the date in UTC.
 *
 * The time an entry was made: a mark's or an absence's row stamps (a change of a mark moves `updated_at`),
 * the roll call's `attendance_taken_at`, and for the topic the audit log's update of the lesson that changed
 * it (the lesson row has no stamp of its own for it). A later change of an absence's reason is left out: the
 * class teacher may make it any time (C3).
 */
const FILLING_SQL = `
with days as (
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
journal as (
  select l.id, l.assignment_id, l.date, l.lesson_number, l.topic, l.attendance_taken_at, l.substitute_teacher_id
    from lesson l
   where l.school_id = :school and l.assignment_id in (:ids) and l.date between :from::date and :last::date
),
held as (
  select coalesce(j.assignment_id, t.assignment_id) as assignment_id, coalesce(j.date, t.date) as date,
         coalesce(j.lesson_number, t.lesson_number) as lesson_number, j.id, j.topic, j.attendance_taken_at, j.substitute_teacher_id,
         ((coalesce(j.date, t.date) + 1)::timestamp at time zone :zone) as day_over
    from timetabled t
    full join journal j on j.assignment_id = t.assignment_id and j.date = t.date and j.lesson_number = t.lesson_number
),
marks as (
  select k.lesson_id,
         bool_or(w.grading_deadline_days is null and greatest(k.created_at, k.updated_at) >= h.day_over) as late,
         bool_or(w.grading_deadline_days is not null
                 and greatest(k.created_at, k.updated_at) >= ((h.date + 1 + w.grading_deadline_days)::timestamp at time zone :zone)) as overdue
    from held h
    join mark k on k.lesson_id = h.id
    join work_type w on w.id = k.work_type_id
   group by k.lesson_id
)
select h.assignment_id, to_char(h.date, 'YYYY-MM-DD') as date, h.lesson_number, h.substitute_teacher_id as substitute_id,
       h.topic is null as no_topic,
       h.attendance_taken_at is null as no_roll_call,
       not exists (select 1 from homework hw where hw.lesson_id = h.id and (hw.student_id is null or hw.none)) as no_homework,
       (coalesce(h.attendance_taken_at >= h.day_over, false)
         or coalesce(m.late, false)
         or exists (select 1 from attendance x where x.lesson_id = h.id and x.created_at >= h.day_over)
         or exists (select 1 from audit_entry e
                     where e.entity = 'Lesson' and e.entity_id = h.id::text and e.action = 'update' and e.at >= h.day_over
                       and (e.after ->> 'topic') is distinct from (e.before ->> 'topic'))) as late,
       coalesce(m.overdue, false) as overdue
  from held h
  left join marks m on m.lesson_id = h.id`;

/** Every lesson held in the scope's days with its gaps, in one statement whatever the number of lessons. */
export function filledLessons(em: EntityManager, s: FillingScope): Promise<FilledLessonRow[]> {
  if (s.assignmentIds.length === 0 || s.last < s.from) return Promise.resolve([]);
  return em.execute<FilledLessonRow[]>(em.getKnex().raw(FILLING_SQL, {
    school: s.schoolId, year: s.yearId, zone: s.timeZone, ids: [...new Set(s.assignmentIds)], from: s.from, last: s.last,
  }));
}

/**
 * How many marks each student has in each assignment over the dates (`assignment:student` → count; a double
 * mark 5/4 is two marks, as in the averages).
 */
export async function markCounts(em: EntityManager, schoolId: number, assignmentIds: readonly number[], range: { from: string; to: string }): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (assignmentIds.length === 0 || range.to < range.from) return counts;
  const rows = await em.execute<{ assignment_id: number; student_id: number; marks: number }[]>(
    `select l.assignment_id, k.student_id, (count(*) + count(k.second))::int as marks
       from mark k join lesson l on l.id = k.lesson_id
      where l.school_id = ? and l.assignment_id in (?) and l.date between ? and ?
      group by l.assignment_id, k.student_id`,
    [schoolId, [...new Set(assignmentIds)], range.from, range.to],
  );
  for (const r of rows) counts.set(`${r.assignment_id}:${r.student_id}`, r.marks);
  return counts;
}
