import type { EntityManager } from '@mikro-orm/postgresql';
import type { PeriodType } from '../school/period.entity.js';

/*
 * The set-based reads behind the teacher reminders (C9, H1): one statement per kind of reminder and school,
 * however many teachers and timetable slots the school has. Dates come back as text (YYYY-MM-DD) so that no
 * time zone of the Node process shifts them.
 */

/** Who teaches what, to describe an item: the subject and the group with its subgroup. */
interface TeachingRow {
  assignment_id: number;
  teacher_id: number;
  subject: string;
  group_name: string;
  subgroup_name: string | null;
}

/** One timetabled lesson of a day, with what the journal holds for it. */
export interface TimetabledLessonRow extends TeachingRow {
  group_id: number;
  lesson_number: number;
  /** The journal's lesson, once opened. */
  lesson_id: number | null;
  substitute_id: number | null;
  /** End ("HH:MM") of the last lesson of the slot's group that day, from the group's bell schedule; null without one. */
  group_ends_at: string | null;
  has_topic: boolean;
  has_attendance: boolean;
  has_homework: boolean;
}

export interface TodayLessonRow extends TimetabledLessonRow {
  group_ends_at: string;
}

/**
 * The school's timetabled lessons of `day` with what each holds (topic, roll call, the class's homework),
 * none on a holiday or outside the assignment's year. Shared by the reminders and the day summary, so that
 * «a lesson without a topic» means the same in both.
 */
export function timetabledLessons(em: EntityManager, schoolId: number, day: string, weekday: number): Promise<TimetabledLessonRow[]> {
  return select<TimetabledLessonRow>(
    em,
    `with slot as (
       select ts.assignment_id, ts.group_id, ts.subgroup_id, ts.lesson_number,
              max(ts.lesson_number) over (partition by ts.group_id) as last_number
       from timetable_slot ts
       join teaching_assignment ta on ta.id = ts.assignment_id
       join academic_year y on y.id = ta.year_id
       where ts.school_id = :school and ts.weekday = :weekday
         and ts.valid_from <= :today and (ts.valid_to is null or ts.valid_to >= :today)
         and y.start_date <= :today and y.end_date >= :today
         and not exists (select 1 from holiday h where h.school_id = ts.school_id and h.start_date <= :today and h.end_date >= :today)
     )
     select s.assignment_id, s.group_id, s.lesson_number, l.id as lesson_id, ta.teacher_id, l.substitute_teacher_id as substitute_id,
            sub.name as subject, g.name as group_name, sg.name as subgroup_name, bs.ends_at as group_ends_at,
            coalesce(l.topic is not null, false) as has_topic,
            coalesce(l.attendance_taken_at is not null, false) as has_attendance,
            exists (select 1 from homework hw where hw.lesson_id = l.id and (hw.student_id is null or hw.none)) as has_homework
     from slot s
     join teaching_assignment ta on ta.id = s.assignment_id
     join subject sub on sub.id = ta.subject_id
     join school_group g on g.id = s.group_id
     left join subgroup sg on sg.id = s.subgroup_id
     left join bell_slot bs on bs.schedule_id = g.bell_schedule_id and bs.lesson_number = s.last_number
     left join lesson l on l.assignment_id = s.assignment_id and l.date = :today and l.lesson_number = s.lesson_number
     order by s.lesson_number, g.name, s.assignment_id`,
    { school: schoolId, today: day, weekday },
  );
}

/**
 * Today's timetabled lessons of the school that miss a topic, a roll call or homework. A group without a
 * bell schedule (or without a bell for its last lesson) has no known end of day and is left out.
 */
export async function todayLessons(em: EntityManager, schoolId: number, today: string, weekday: number): Promise<TodayLessonRow[]> {
  return (await timetabledLessons(em, schoolId, today, weekday)).filter(
    (row): row is TodayLessonRow => row.group_ends_at !== null && (!row.has_topic || !row.has_attendance || !row.has_homework),
  );
}

export interface UngradedWorkRow extends TeachingRow {
  control_work_id: number;
  date: string;
  form: string;
  title: string | null;
}

/**
 * Control works of the assignments of the current year held from `since` to `today` with no mark yet in a
 * lesson of their assignment on their day. Whether the grading deadline has passed is decided by the
 * caller: the form is matched to a work type case-insensitively, which PostgreSQL without a locale
 * cannot do for Cyrillic.
 */
export function ungradedWorks(em: EntityManager, schoolId: number, today: string, since: string): Promise<UngradedWorkRow[]> {
  return select<UngradedWorkRow>(
    em,
    `select cw.id as control_work_id, cw.date::text as date, cw.form, cw.title, ta.id as assignment_id, ta.teacher_id,
            sub.name as subject, g.name as group_name, sg.name as subgroup_name
     from control_work cw
     join teaching_assignment ta on ta.id = cw.assignment_id
     join academic_year y on y.id = ta.year_id
     join subject sub on sub.id = ta.subject_id
     join school_group g on g.id = ta.group_id
     left join subgroup sg on sg.id = ta.subgroup_id
     where cw.school_id = :school and cw.date >= :since and cw.date <= :today
       and y.start_date <= :today and y.end_date >= :today and cw.date >= y.start_date
       and not exists (
         select 1 from mark m join lesson l on l.id = m.lesson_id
         where l.assignment_id = cw.assignment_id and l.date = cw.date
       )`,
    { school: schoolId, today, since },
  );
}

/** The grading deadlines the school set for its work types (A13). */
export function gradingDeadlines(em: EntityManager, schoolId: number): Promise<{ name: string; days: number }[]> {
  return em.execute<{ name: string; days: number }[]>(
    'select name, grading_deadline_days as days from work_type where school_id = ? and grading_deadline_days is not null',
    [schoolId],
  );
}

export interface MissingPeriodMarksRow extends TeachingRow {
  period_id: number;
  period_type: PeriodType;
  period_number: number;
  end_date: string;
  students_left: number;
}

/**
 * For each period of the school ending between `today` and `lastDay` and each assignment of its year in
 * a subject with attestation: how many students studying in the assignment's group (and subgroup) today
 * have no period mark row yet (a deferred mark is a row: the teacher has dealt with that student).
 */
export function missingPeriodMarks(em: EntityManager, schoolId: number, today: string, lastDay: string): Promise<MissingPeriodMarksRow[]> {
  return select<MissingPeriodMarksRow>(
    em,
    `select p.id as period_id, p.type as period_type, p.number as period_number, p.end_date::text as end_date,
            ta.id as assignment_id, ta.teacher_id, sub.name as subject, g.name as group_name, sg.name as subgroup_name,
            count(*)::int as students_left
     from period p
     join teaching_assignment ta on ta.year_id = p.year_id
     join subject sub on sub.id = ta.subject_id and not sub.without_attestation
     join school_group g on g.id = ta.group_id
     left join subgroup sg on sg.id = ta.subgroup_id
     join enrollment e on e.group_id = ta.group_id and e.start_date <= :today and (e.end_date is null or e.end_date >= :today)
     where p.school_id = :school and p.end_date >= :today and p.end_date <= :lastDay
       and (ta.subgroup_id is null or exists (
         select 1 from subgroup_member sm where sm.subgroup_id = ta.subgroup_id and sm.student_id = e.student_id))
       and not exists (
         select 1 from period_mark pm where pm.assignment_id = ta.id and pm.period_id = p.id and pm.student_id = e.student_id)
     group by p.id, ta.id, sub.name, g.name, sg.name`,
    { school: schoolId, today, lastDay },
  );
}

/** A query with named bindings (`:today`), so that a value used in several places is passed once. */
function select<T>(em: EntityManager, sql: string, bindings: Record<string, string | number>): Promise<T[]> {
  return em.execute<T[]>(em.getKnex().raw(sql, bindings));
}
