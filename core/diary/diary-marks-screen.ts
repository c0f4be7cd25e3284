import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { familyReachSql, requireStudents } from '../access/access.js';
import type { Actor } from '../access/actor.js';
import { relationSql } from '../access/relations.js';
import { AccessDenied, NotFound } from '../base/errors.js';
import { preparedQuery, type PreparedStatement } from '../db/prepared-query.js';
import type { Clock } from '../time/clock.js';
import { subjectRows, type DiaryMark, type MarksBySubject, type TaughtSubject } from './diary-marks.js';
import { defaultPeriod } from './diary-scope.js';
import type { PeriodInfo } from './period-info.js';

/*
 * D1 by subject — the screen a guardian opens most — in two prepared statements instead of the ORM's dozen
 * (issue 14: p99 ≤ 10 ms on a school of 1,000 students): the first reads the school, whether the student is
 * there and whether the viewer reaches it (the access policy's own condition, `familyReachSql`), and the
 * school's years and periods; the period is then chosen in code (`defaultPeriod`, the same rule as every
 * other diary screen); the second reads the period's marks by mark.date (an index range per student) and
 * the subjects the student is taught. What it answers is what `marksBySubject` answered before.
 */

const statement = (purpose: string, text: string): PreparedStatement =>
  ({ name: `${purpose}-${createHash('sha1').update(text).digest('hex').slice(0, 12)}`, text });

interface ContextRow {
  time_zone: string;
  rounding_threshold: number;
  known: boolean;
  allowed: boolean;
  years: { id: number; start: string }[] | null;
  periods: (PeriodInfo & { yearId: number })[] | null;
}

/**
 * $1 school, $2 student, $3 the viewer's own id; the reach condition is the viewer's kind's (`$3::int` names
 * the binding's type for the kinds whose condition does not use it).
 */
const contextSql = (reach: string) => `
select s.time_zone, s.rounding_threshold::float8 as rounding_threshold, $3::int as viewer,
       coalesce(${relationSql.current('st')}, false) as known,
       coalesce(${reach}, false) as allowed,
       (select json_agg(json_build_object('id', y.id, 'start', y.start_date)) from academic_year y where y.school_id = s.id) as years,
       (select json_agg(json_build_object('id', p.id, 'name', p.name, 'type', p.type, 'number', p.number, 'startDate', p.start_date,
                                          'endDate', p.end_date, 'yearId', p.year_id) order by p.start_date, p.id)
          from period p where p.school_id = s.id) as periods
  from school s
  left join student st on st.id = $2 and st.school_id = s.id
 where s.id = $1`;

interface LineRow {
  subject_id: number;
  subject: string;
  without_attestation: boolean;
  /** Null: a subject taught, not a mark. */
  mark_id: number | null;
  date: string;
  lesson_number: number;
  value: number;
  second: number | null;
  work_type: string;
  weight: number;
  comment: string | null;
  make_up: boolean;
}

/**
 * $1 student, $2 school, $3–$4 the period's dates, $5 its year: the subjects of the assignments of the
 * student's groups in the period (whole group or its subgroups), then its marks of lessons in those dates,
 * oldest first.
 */
const LINES = statement('diary-marks-lines', `
select 0 as line, sub.id as subject_id, sub.name as subject, sub.without_attestation, null::int as mark_id, null as date, null::int as lesson_number,
       null::int as value, null::int as second, null as work_type, null::float8 as weight, null as comment, null::boolean as make_up
  from subject sub
 where sub.id in (select a.subject_id from teaching_assignment a
                   where a.school_id = $2 and a.year_id = $5
                     and a.group_id in (select e.group_id from enrollment e
                                         where e.student_id = $1 and e.start_date <= $4::date and (e.end_date is null or e.end_date >= $3::date))
                     and (a.subgroup_id is null or a.subgroup_id in (select m.subgroup_id from subgroup_member m where m.student_id = $1)))
union all
select 1, sub.id, sub.name, false, k.id, to_char(k.date, 'YYYY-MM-DD'), l.lesson_number,
        k.value, k.second, w.name, w.weight::float8, k.comment, k.make_up
   from mark k
   join lesson l on l.id = k.lesson_id
   join teaching_assignment a on a.id = l.assignment_id
   join subject sub on sub.id = a.subject_id
   join work_type w on w.id = k.work_type_id
  where k.student_id = $1 and k.school_id = $2 and k.date between $3::date and $4::date
order by line, date, lesson_number, mark_id`);

/** One statement per reach condition (a handful: one per kind of viewer), named and hashed once, not per screen. */
const contextStatements = new Map<string, PreparedStatement>();
const contextStatement = (reach: string): PreparedStatement => {
  let found = contextStatements.get(reach);
  if (!found) contextStatements.set(reach, (found = statement('diary-marks-context', contextSql(reach))));
  return found;
};

/**
 * D1 by subject for `viewer` about `studentId`: refused as the diary's door refuses (requireDiaryAccess) —
 * NotFound for a student not of the viewer's school, no longer at school or made up, AccessDenied for
 * anyone else's child.
 */
export async function diaryMarksScreen(em: EntityManager, clock: Clock, viewer: Actor, studentId: number, periodId?: number): Promise<MarksBySubject> {
  if (!Number.isSafeInteger(studentId) || studentId <= 0 || viewer.schoolId === undefined) throw new NotFound('Student');
  // Staff reach a student through grants over its groups: allowedStudents decides those (none has diary.view today).
  const reach = familyReachSql(viewer, 'diary.view', { student: 'st', school: '$1', person: '$3' });
  const [context] = await preparedQuery<ContextRow>(em, contextStatement(reach ?? 'false'), [viewer.schoolId, studentId, viewer.personId ?? 0]);
  if (!context?.known) throw new NotFound('Student');
  const today = clock.today(context.time_zone);
  if (reach === undefined) await requireStudents(em, viewer, 'diary.view', [studentId], today);
  else if (!context.allowed) throw new AccessDenied('diary.view');

  const period = choosePeriod(context, today, periodId);
  const threshold = context.rounding_threshold;
  if (!period) return { period: null, roundingThreshold: threshold, subjects: [] };
  const lines = await preparedQuery<LineRow>(em, LINES, [studentId, viewer.schoolId, period.startDate, period.endDate, period.yearId]);
  const subjects = new Map<number, TaughtSubject>();
  const marks: DiaryMark[] = [];
  for (const r of lines) {
    if (r.mark_id === null) subjects.set(r.subject_id, { name: r.subject, withoutAttestation: r.without_attestation });
    else marks.push({ markId: r.mark_id, date: r.date, lessonNumber: r.lesson_number, subjectId: r.subject_id, subject: r.subject, value: r.value,
      second: r.second, workType: r.work_type, weight: r.weight, comment: r.comment, makeUp: r.make_up });
  }
  const { yearId: _, ...info } = period;
  return { period: info, roundingThreshold: threshold, subjects: subjectRows(subjects, marks, threshold) };
}

/** The period asked for (one of the school's), else the default one of today's academic year. */
function choosePeriod(context: ContextRow, today: string, periodId: number | undefined): (PeriodInfo & { yearId: number }) | undefined {
  const periods = context.periods ?? [];
  if (periodId !== undefined) {
    const chosen = periods.find((p) => p.id === periodId);
    if (!chosen) throw new NotFound('Period');
    return chosen;
  }
  // The academic year of today, or the last one that began before it (yearFor).
  const year = (context.years ?? []).filter((y) => y.start <= today).sort((a, b) => b.start.localeCompare(a.start))[0];
  if (!year) return undefined;
  return defaultPeriod(periods.filter((p) => p.yearId === year.id), today);
}
