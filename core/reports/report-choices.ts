import type { EntityManager } from '@mikro-orm/postgresql';
import { actsEverywhere, type Actor } from '../access/actor.js';
import { can } from '../access/policy.js';
import { reportScope } from '../access/report-scope.js';
import { AccessDenied } from '../base/errors.js';
import type { TFunction } from '../i18n/i18n.js';
import { resolveSchool } from './report-context.js';
import { REPORT_KINDS } from './report-kinds.js';
import { parseSchoolParam } from './report-params.js';

type Named = { id: number; name: string };

/** What the panel's «Отчёты» offers the actor: the kinds it may make, and the periods, classes, subjects and teachers it reaches. */
export interface ReportChoices {
  /** The school the lists are of; `schools` lists the others only for the deployment's administrator. */
  school: Named;
  schools: Named[];
  kinds: { id: string; title: string; description: string }[];
  periods: { id: number; name: string; year: string }[];
  /** The shortest period that holds today at the school, if any: the form's first choice. */
  currentPeriod: number | undefined;
  classes: (Named & { year: string })[];
  subjects: Named[];
  teachers: Named[];
}

/**
 * The form's lists within the actor's reach (report-scope.ts, policy.ts): a kind made of assignments (E1–E8)
 * is offered to whoever reaches one, a kind made of classes (E9) to the heads and class teachers. Another
 * school's id (`school`, the deployment's administrator's to choose) is unknown, and an actor that reaches
 * nothing at all is refused, as making a report would be.
 */
export async function reportChoices(em: EntityManager, actor: Actor, t: TFunction, today: (timeZone: string) => string, askedSchool?: unknown): Promise<ReportChoices> {
  const scope = reportScope(actor);
  if (!scope) throw new AccessDenied('reports.view');
  const asked = parseSchoolParam(askedSchool);
  const schools = actsEverywhere(actor) ? await em.execute<Named[]>('select id, name from school order by name, id') : [];
  const school = await resolveSchool(em, scope.schoolId, asked ?? (schools.length > 1 ? schools[0]!.id : undefined));

  const periods = await em.execute<{ id: number; name: string; year: string; start: string; end: string }[]>(
    `select p.id, p.name, y.name as year, to_char(p.start_date, 'YYYY-MM-DD') as start, to_char(p.end_date, 'YYYY-MM-DD') as "end"
       from period p join academic_year y on y.id = p.year_id
      where p.school_id = ? order by y.start_date desc, p.end_date, p.start_date desc`, [school.id]);
  const day = today(school.timeZone);
  const current = periods.filter((p) => p.start <= day && day <= p.end).sort((a, b) => daysOf(a) - daysOf(b))[0];

  const assignments = (await em.execute<{ group_id: number; subject_id: number; subject_name: string; teacher_id: number; teacher_name: string }[]>(
    `select a.group_id, s.id as subject_id, s.name as subject_name, st.id as teacher_id, concat_ws(' ', st.last_name, st.first_name, st.middle_name) as teacher_name
       from teaching_assignment a join subject s on s.id = a.subject_id join staff st on st.id = a.teacher_id
      where a.school_id = ?`, [school.id]))
    .filter((a) => can(actor, 'reports.view', { schoolId: school.id, groupIds: [a.group_id], teacherId: a.teacher_id }));
  const groups = await em.execute<{ id: number; name: string; year: string }[]>(
    `select g.id, g.name, y.name as year from school_group g join academic_year y on y.id = g.year_id
      where g.school_id = ? order by y.start_date desc, g.grade_level, g.name, g.id`, [school.id]);
  const ownGroups = groups.filter((g) => can(actor, 'reports.view', { schoolId: school.id, groupIds: [g.id] }));
  const taught = new Set(assignments.map((a) => a.group_id));

  const kinds = Object.values(REPORT_KINDS)
    .filter((k) => scope.wholeSchool || (k.reach === 'classes' ? ownGroups.length : assignments.length) > 0)
    .map((k) => ({ id: k.id, title: t(k.titleKey), description: t(k.descriptionKey) }));
  if (kinds.length === 0) throw new AccessDenied('reports.view');
  const byName = (pairs: [number, string][]) => [...new Map(pairs).entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  return {
    school: { id: school.id, name: school.name },
    schools,
    kinds,
    periods: periods.map(({ id, name, year }) => ({ id, name, year })),
    currentPeriod: current?.id,
    classes: groups.filter((g) => taught.has(g.id) || ownGroups.includes(g)),
    subjects: byName(assignments.map((a) => [a.subject_id, a.subject_name])),
    teachers: byName(assignments.map((a) => [a.teacher_id, a.teacher_name])),
  };
}

const daysOf = (p: { start: string; end: string }) => (Date.parse(p.end) - Date.parse(p.start)) / 86_400_000;
