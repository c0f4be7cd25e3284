import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { can } from '../access/policy.js';
import { reportScope } from '../access/report-scope.js';
import { AccessDenied, ValidationFailed, problem } from '../base/errors.js';
import type { TFunction } from '../i18n/i18n.js';
import { resolveRange } from './statement-range.js';
import type { ReportParams } from './report-params.js';

export interface PeriodRow {
  id: number;
  name: string;
  type: string;
  start: string;
  end: string;
}

export interface AssignmentRow {
  id: number;
  groupId: number;
  groupName: string;
  gradeLevel: number;
  subjectId: number;
  subjectName: string;
  withoutAttestation: boolean;
  teacherId: number;
  teacherName: string;
  subgroupId: number | null;
}

export interface GroupRow {
  id: number;
  name: string;
  gradeLevel: number;
}

/** Everything a report kind builds on, checked: the school, the dates, the periods, the assignments in reach. */
export interface ReportContext {
  em: EntityManager;
  t: TFunction;
  actor: Actor;
  school: { id: number; name: string; timeZone: string };
  year: { id: number; name: string };
  range: { from: string; to: string };
  /** Today at the school, from the one clock (a report about how things stand says so as of min(today, range.to)). */
  today: string;
  /** The period asked for; undefined when a range of dates was. */
  period: PeriodRow | undefined;
  /** The school year's periods that lie within the range (the period itself when one was asked for), by end, shortest first. */
  periods: PeriodRow[];
  /** The year's assignments the actor reaches, narrowed by the class, subject and teacher asked for. */
  assignments: AssignmentRow[];
  /**
   * The year's classes the actor reaches as a class (the heads: all; a class teacher: its own; a teacher: none),
   * narrowed by the class asked for and, when a subject or teacher is, to the classes it is taught in.
   */
  groups: GroupRow[];
  /** The names of the filters chosen, for the heading. */
  filters: { class?: string; subject?: string; teacher?: string };
  /** The ids of those filters, checked to be of this school (not that the actor reaches them: see `assignments`). */
  filterIds: { class?: number; subject?: number; teacher?: number };
}

const PERIOD_LENGTH: Record<string, number> = { quarter: 1, trimester: 2, half: 3, semester: 3, year: 4 };

/**
 * Resolves the params against the database and the one access policy (`reportScope`): ids of another
 * school, made up or deleted are refused in words («класс не найден»), a class, subject or teacher outside
 * the actor's reach is refused as access denied, and so is an actor with no reports at all.
 */
export async function resolveContext(em: EntityManager, actor: Actor, params: ReportParams, t: TFunction, today: (timeZone: string) => string,
  reach: 'assignments' | 'classes' = 'assignments'): Promise<ReportContext> {
  const scope = reportScope(actor);
  if (!scope) throw new AccessDenied('reports.view');
  const school = await resolveSchool(em, scope.schoolId, params.school);

  let period: PeriodRow | undefined;
  let range: { from: string; to: string };
  let yearId: number;
  if (params.period !== undefined) {
    const [row] = await em.execute<(PeriodRow & { year_id: number })[]>(
      `select id, name, type, to_char(start_date, 'YYYY-MM-DD') as start, to_char(end_date, 'YYYY-MM-DD') as "end", year_id
         from period where id = ? and school_id = ?`, [params.period, school.id]);
    if (!row) throw new ValidationFailed([problem('report.unknown.period', 'period')]);
    period = { id: row.id, name: row.name, type: row.type, start: row.start, end: row.end };
    range = { from: row.start, to: row.end };
    yearId = row.year_id;
  } else {
    const years = await em.execute<{ id: number; name: string; startDate: string; endDate: string }[]>(
      `select id, name, to_char(start_date, 'YYYY-MM-DD') as "startDate", to_char(end_date, 'YYYY-MM-DD') as "endDate"
         from academic_year where school_id = ? order by start_date`, [school.id]);
    const resolved = resolveRange({ from: params.from, to: params.to }, today(school.timeZone), years);
    range = { from: resolved.from, to: resolved.to };
    yearId = resolved.year.id;
  }
  const [year] = await em.execute<{ id: number; name: string }[]>('select id, name from academic_year where id = ?', [yearId]);
  const periods = period ? [period] : (await em.execute<PeriodRow[]>(
    `select id, name, type, to_char(start_date, 'YYYY-MM-DD') as start, to_char(end_date, 'YYYY-MM-DD') as "end"
       from period where year_id = ? and start_date >= ? and end_date <= ?`, [yearId, range.from, range.to]))
    .sort((a, b) => a.end.localeCompare(b.end) || (PERIOD_LENGTH[a.type] ?? 0) - (PERIOD_LENGTH[b.type] ?? 0));

  const filters: ReportContext['filters'] = {};
  if (params.class !== undefined) filters.class = await nameOf(em, 'select name from school_group where id = ? and school_id = ? and year_id = ?', [params.class, school.id, yearId], 'class');
  if (params.subject !== undefined) filters.subject = await nameOf(em, 'select name from subject where id = ? and school_id = ?', [params.subject, school.id], 'subject');
  if (params.teacher !== undefined) {
    filters.teacher = await nameOf(em, `select concat_ws(' ', last_name, first_name, middle_name) as name from staff where id = ? and school_id = ?`, [params.teacher, school.id], 'teacher');
  }

  const all = await em.execute<{ id: number; group_id: number; group_name: string; grade_level: number; subject_id: number; subject_name: string;
    without_attestation: boolean; teacher_id: number; teacher_name: string; subgroup_id: number | null }[]>(
    `select a.id, g.id as group_id, g.name as group_name, g.grade_level, s.id as subject_id, s.name as subject_name, s.without_attestation,
            st.id as teacher_id, concat_ws(' ', st.last_name, st.first_name, st.middle_name) as teacher_name, a.subgroup_id
       from teaching_assignment a join school_group g on g.id = a.group_id join subject s on s.id = a.subject_id join staff st on st.id = a.teacher_id
      where a.school_id = ? and a.year_id = ?
      order by g.grade_level, g.name, s.name, a.id`, [school.id, yearId]);
  const assignments = all
    .map((a): AssignmentRow => ({ id: a.id, groupId: a.group_id, groupName: a.group_name, gradeLevel: a.grade_level, subjectId: a.subject_id, subjectName: a.subject_name,
      withoutAttestation: a.without_attestation, teacherId: a.teacher_id, teacherName: a.teacher_name, subgroupId: a.subgroup_id }))
    .filter((a) => (params.class === undefined || a.groupId === params.class)
      && (params.subject === undefined || a.subjectId === params.subject)
      && (params.teacher === undefined || a.teacherId === params.teacher));
  const reached = assignments.filter((a) => can(actor, 'reports.view', { schoolId: school.id, groupIds: [a.groupId], teacherId: a.teacherId }));
  const taughtIn = params.subject === undefined && params.teacher === undefined ? undefined : new Set(assignments.map((a) => a.groupId));
  const groups = (await em.execute<{ id: number; name: string; grade_level: number }[]>(
    'select id, name, grade_level from school_group where school_id = ? and year_id = ? order by grade_level, name, id', [school.id, yearId]))
    .filter((g) => (params.class === undefined || g.id === params.class) && (taughtIn?.has(g.id) ?? true))
    .filter((g) => can(actor, 'reports.view', { schoolId: school.id, groupIds: [g.id] }))
    .map((g): GroupRow => ({ id: g.id, name: g.name, gradeLevel: g.grade_level }));
  // Beyond the school's heads a report covers what the actor reaches (a teacher asking for a class gets its
  // own subjects there); asking for nothing it reaches is refused.
  if (!scope.wholeSchool && (reach === 'classes' ? groups : reached).length === 0) throw new AccessDenied('reports.view');
  const filterIds = { class: params.class, subject: params.subject, teacher: params.teacher };
  return { em, t, actor, school, year: year!, range, today: today(school.timeZone), period, periods, assignments: reached, groups, filters, filterIds };
}

/** The school a report or its form is about: the actor's own (another asked for is unknown), or for the deployment the one asked for or the only one. */
export async function resolveSchool(em: EntityManager, own: number | undefined, asked: number | undefined) {
  if (own !== undefined && asked !== undefined && asked !== own) throw new ValidationFailed([problem('report.unknown.school', 'school')]);
  const wanted = own ?? asked;
  const rows = await em.execute<{ id: number; name: string; time_zone: string }[]>(
    `select id, name, time_zone from school ${wanted === undefined ? '' : 'where id = ?'} order by id limit 2`, wanted === undefined ? [] : [wanted]);
  if (rows.length === 0) throw new ValidationFailed([problem('report.unknown.school', 'school')]);
  if (rows.length > 1) throw new ValidationFailed([problem('report.chooseSchool', 'school')]);
  return { id: rows[0]!.id, name: rows[0]!.name, timeZone: rows[0]!.time_zone };
}

async function nameOf(em: EntityManager, sql: string, bindings: unknown[], field: 'class' | 'subject' | 'teacher'): Promise<string> {
  const [row] = await em.execute<{ name: string }[]>(sql, bindings);
  if (!row) throw new ValidationFailed([problem(`report.unknown.${field}`, field)]);
  return row.name;
}
