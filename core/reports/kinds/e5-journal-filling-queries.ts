import type { EntityManager } from '@mikro-orm/postgresql';
import { executeWithoutJit } from '../../db/without-jit.js';

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

/** What a lesson's journal may lack, in the order the report names them. */
export const GAPS = ['noTopic', 'noRollCall', 'noHomework', 'late', 'overdue'] as const;
export type Gap = (typeof GAPS)[number];

/** An assignment's lessons held and how many of them lack each thing. */
export interface AssignmentGaps {
  held: number;
  gaps: Record<Gap, number>;
}

/** A lesson with at least one gap, as the report lists it. */
export interface GapLesson {
  assignmentId: number;
  date: string;
  lessonNumber: number;
  substituteId: number | null;
  gaps: Gap[];
}

export interface JournalGaps {
  byAssignment: Map<number, AssignmentGaps>;
  /** How many lessons have a gap. */
  lessonsWithGaps: number;
  /** The first `limit` of them in the report's order. */
  listed: GapLesson[];
}

/** The assignments a statement covers, in the report's order of the gap list, and the rank of each one's teacher (by name). */
export interface GapOrder {
  assignmentIds: readonly number[];
  teacherRanks: readonly number[];
  limit: number;
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
 * are made first (materialized): checked against the holidays once each, not once per timetable slot and day;
 * and the end of each date at the school is converted to an instant once per date, not once per lesson.
 *
 * Marks came late when written after the lesson's day, or, for a work type with a grading deadline (A13:
 * control work 3 days), after that deadline; a mark's time is the later of `created_at` and `updated_at` (a
 * change counts). The database keeps the latest per lesson and work type (lesson_mark_time, migration
 * mark_assignment_and_times): a few rows per lesson, not every mark; a deadline is converted only for the
 * work types written after the lesson's day.
 *
 * The statement returns what the report prints, not the lessons: per assignment the lessons held and the
 * count of each gap, how many lessons have any, and the first `limit` of those in the report's order (the
 * teacher's rank by name, the date, the lesson number, the assignment's rank), as JSON in one row.
 */
const JOURNAL_GAPS_SQL = `
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
   where ts.school_id = :school and ts.assignment_id = any(:ids::int[])
),
homework_set as (
  select distinct hw.lesson_id
    from homework hw join lesson l on l.id = hw.lesson_id
   where l.school_id = :school and l.assignment_id = any(:ids::int[]) and l.date between :from::date and :last::date and (hw.student_id is null or hw.none)
),
last_absence as (
  select x.lesson_id, max(x.created_at) as at
    from attendance x join lesson l on l.id = x.lesson_id
   where l.school_id = :school and l.assignment_id = any(:ids::int[]) and l.date between :from::date and :last::date
   group by x.lesson_id
),
last_topic as (
  select e.entity_id::int as lesson_id, max(e.at) as at
    from audit_entry e
   where e.school_id = :school and e.entity = 'Lesson' and e.action = 'update' and e.at >= (:from::date)::timestamp at time zone :zone
     and (e.after ->> 'topic') is distinct from (e.before ->> 'topic')
   group by e.entity_id
),
day_ends as materialized (
  select :from::date + n as date, ((:from::date + n + 1)::timestamp at time zone :zone) as over
    from generate_series(0, :last::date - :from::date) n
),
held as (
  select j.id, coalesce(j.assignment_id, t.assignment_id) as assignment_id, coalesce(j.date, t.date) as date,
         coalesce(j.lesson_number, t.lesson_number) as lesson_number, j.topic, j.attendance_taken_at, j.substitute_teacher_id, e.over as day_over
    from timetabled t
    full join (select l.id, l.assignment_id, l.date, l.lesson_number, l.topic, l.attendance_taken_at, l.substitute_teacher_id
                 from lesson l
                where l.school_id = :school and l.assignment_id = any(:ids::int[]) and l.date between :from::date and :last::date) j
      on j.assignment_id = t.assignment_id and j.date = t.date and j.lesson_number = t.lesson_number
    join day_ends e on e.date = coalesce(j.date, t.date)
),
late_marks as (
  select h.id as lesson_id, bool_or(w.grading_deadline_days is null) as late,
         bool_or(w.grading_deadline_days is not null and s.last_at >= ((h.date + 1 + w.grading_deadline_days)::timestamp at time zone :zone)) as overdue
    from held h
    join lesson_mark_time s on s.lesson_id = h.id and s.last_at >= h.day_over
    join work_type w on w.id = s.work_type_id
   group by h.id
),
checked as (
  select h.assignment_id, h.date, h.lesson_number, h.substitute_teacher_id,
         h.topic is null as no_topic,
         h.attendance_taken_at is null as no_roll_call,
         hs.lesson_id is null as no_homework,
         coalesce(h.attendance_taken_at >= h.day_over or la.at >= h.day_over or lt.at >= h.day_over or lm.late, false) as late,
         coalesce(lm.overdue, false) as overdue
    from held h
    left join homework_set hs on hs.lesson_id = h.id
    left join last_absence la on la.lesson_id = h.id
    left join last_topic lt on lt.lesson_id = h.id
    left join late_marks lm on lm.lesson_id = h.id
),
gapped as (
  select c.*, r.teacher_rank, r.assignment_rank
    from checked c
    join unnest(:ids::int[], :teacher_ranks::int[]) with ordinality as r(assignment_id, teacher_rank, assignment_rank) on r.assignment_id = c.assignment_id
   where c.no_topic or c.no_roll_call or c.no_homework or c.late or c.overdue
)
select
  (select coalesce(json_agg(json_build_array(assignment_id, held, no_topic, no_roll_call, no_homework, late, overdue)), '[]')
     from (select assignment_id, count(*) as held, count(*) filter (where no_topic) as no_topic, count(*) filter (where no_roll_call) as no_roll_call,
                  count(*) filter (where no_homework) as no_homework, count(*) filter (where late) as late, count(*) filter (where overdue) as overdue
             from checked group by assignment_id) a) as by_assignment,
  (select count(*) from gapped)::int as lessons_with_gaps,
  (select coalesce(json_agg(json_build_array(assignment_id, to_char(date, 'YYYY-MM-DD'), lesson_number, substitute_teacher_id,
                                             no_topic, no_roll_call, no_homework, late, overdue) order by n), '[]')
     from (select g.*, row_number() over (order by teacher_rank, date, lesson_number, assignment_rank) as n from gapped g
            order by teacher_rank, date, lesson_number, assignment_rank limit :limit) f) as listed`;

type AssignmentCountsRow = [assignmentId: number, held: number, ...counts: number[]];
type ListedRow = [assignmentId: number, date: string, lessonNumber: number, substituteId: number | null, ...flags: boolean[]];

/**
 * The lessons held in the scope's days with their gaps, counted per assignment, and the first of those with a
 * gap. PostgreSQL runs a statement on one core: the assignments are cut in two at a teacher (by rank) and
 * the halves run side by side on two connections; the first half's list comes before the second's.
 */
export async function journalGaps(em: EntityManager, s: FillingScope, order: GapOrder): Promise<JournalGaps> {
  const result: JournalGaps = { byAssignment: new Map(), lessonsWithGaps: 0, listed: [] };
  if (s.assignmentIds.length === 0 || s.last < s.from) return result;
  const parts = await Promise.all(splitAtTeacher(order).map((part) => gapsOf(em, s, part)));
  for (const part of parts) {
    for (const [id, counts] of part.byAssignment) result.byAssignment.set(id, counts);
    result.lessonsWithGaps += part.lessonsWithGaps;
    result.listed.push(...part.listed);
  }
  result.listed = result.listed.slice(0, order.limit);
  return result;
}

/** The assignments in two parts of about as many, each a run of whole teachers by rank (one part for one teacher), in their given order. */
export function splitAtTeacher(order: GapOrder): GapOrder[] {
  const ranks = [...new Set(order.teacherRanks)].sort((a, b) => a - b);
  if (ranks.length < 2) return [order];
  const perRank = new Map<number, number>();
  for (const r of order.teacherRanks) perRank.set(r, (perRank.get(r) ?? 0) + 1);
  let cut = 1;
  let before = perRank.get(ranks[0]!)!;
  while (cut < ranks.length - 1 && before < order.assignmentIds.length / 2) before += perRank.get(ranks[cut++]!)!;
  const boundary = ranks[cut]!;
  const part = (first: boolean): GapOrder => {
    const picked = order.teacherRanks.flatMap((rank, i) => ((rank < boundary) === first ? [i] : []));
    return { assignmentIds: picked.map((i) => order.assignmentIds[i]!), teacherRanks: picked.map((i) => order.teacherRanks[i]!), limit: order.limit };
  };
  return [part(true), part(false)];
}

/** One part's statement. */
async function gapsOf(em: EntityManager, s: FillingScope, part: GapOrder): Promise<JournalGaps> {
  const [row] = await executeWithoutJit<{ by_assignment: AssignmentCountsRow[]; lessons_with_gaps: number; listed: ListedRow[] }>(em, em.getKnex().raw(JOURNAL_GAPS_SQL, {
    // Integer arrays as PostgreSQL array literals: one parameter each, not one per assignment.
    school: s.schoolId, year: s.yearId, zone: s.timeZone, ids: `{${part.assignmentIds.join(',')}}`, from: s.from, last: s.last,
    teacher_ranks: `{${part.teacherRanks.join(',')}}`, limit: part.limit,
  }));
  return {
    byAssignment: new Map(row!.by_assignment.map(([assignmentId, held, ...counts]) =>
      [assignmentId, { held, gaps: Object.fromEntries(GAPS.map((g, i) => [g, counts[i]!])) as Record<Gap, number> }])),
    lessonsWithGaps: row!.lessons_with_gaps,
    listed: row!.listed.map(([assignmentId, date, lessonNumber, substituteId, ...flags]) =>
      ({ assignmentId, date, lessonNumber, substituteId, gaps: GAPS.filter((_, i) => flags[i]) })),
  };
}
