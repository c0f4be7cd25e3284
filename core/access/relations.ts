import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The relations every access decision and every list of people is built on, one query each: who is in a
 * group when, whose guardian a person is and whether its consent is in force, whose lessons a teacher
 * gives. Services ask these instead of writing their own joins over enrollment, student_guardian and
 * consent, so "a member of the class" and "a guardian with consent" mean the same everywhere.
 */

/**
 * A day, or a stretch of days (both ends included), as ISO dates; or OPEN: the stretches still open, who is
 * in a class as its records stand (the panel's lists, which need no "today").
 */
export type On = string | { from: string; to: string };
export const OPEN = 'open';

/** Students still at school: the ones a guardian or a student may act about, and the bot serves. */
export const CURRENT_STUDENT_STATUSES = ['studying', 'academic_leave'] as const;

/** The SQL condition of `on` over enrollment (alias `e`), with its bindings. */
function during(on: On): { sql: string; bindings: string[] } {
  if (on === OPEN) return { sql: 'e.end_date is null', bindings: [] };
  const { from, to } = typeof on === 'string' ? { from: on, to: on } : on;
  return { sql: 'e.start_date <= ? and (e.end_date is null or e.end_date >= ?)', bindings: [to, from] };
}

const unique = (ids: readonly number[]) => [...new Set(ids)];

/** The students enrolled in any of `groupIds` at any time of `on` (with `among`: only those of them). */
export async function studentsOf(em: EntityManager, groupIds: readonly number[], on: On, among?: readonly number[]): Promise<number[]> {
  if (groupIds.length === 0 || among?.length === 0) return [];
  const when = during(on);
  const rows = await em.execute<{ student_id: number }[]>(
    `select distinct e.student_id from enrollment e
      where e.group_id in (?) and ${when.sql} ${among ? 'and e.student_id in (?)' : ''} order by e.student_id`,
    [unique(groupIds), ...when.bindings, ...(among ? [unique(among)] : [])],
  );
  return rows.map((r) => r.student_id);
}

/** For each of `studentIds`, the groups it is enrolled in at any time of `on` (a student in none is absent). */
export async function groupsOf(em: EntityManager, studentIds: readonly number[], on: On): Promise<Map<number, number[]>> {
  const groups = new Map<number, number[]>();
  if (studentIds.length === 0) return groups;
  const when = during(on);
  const rows = await em.execute<{ student_id: number; group_id: number }[]>(
    `select distinct e.student_id, e.group_id from enrollment e
      where e.student_id in (?) and ${when.sql} order by e.student_id, e.group_id`,
    [unique(studentIds), ...when.bindings],
  );
  for (const r of rows) groups.set(r.student_id, [...(groups.get(r.student_id) ?? []), r.group_id]);
  return groups;
}

/** The groups of one student during `on`. */
export async function groupsOfStudent(em: EntityManager, studentId: number, on: On): Promise<number[]> {
  return (await groupsOf(em, [studentId], on)).get(studentId) ?? [];
}

/** Of `studentIds`, those in `subgroupId`. */
export async function inSubgroup(em: EntityManager, subgroupId: number, studentIds: readonly number[]): Promise<Set<number>> {
  if (studentIds.length === 0) return new Set();
  const rows = await em.execute<{ student_id: number }[]>(
    'select student_id from subgroup_member where subgroup_id = ? and student_id in (?)',
    [subgroupId, unique(studentIds)],
  );
  return new Set(rows.map((r) => r.student_id));
}

/**
 * Of `guardianIds`, those whose consent to the processing of personal data is in force (G2): the latest line
 * of the registry, by date then by entry, says «given». With `on`, lines dated after it are not counted.
 */
export async function withConsent(em: EntityManager, guardianIds: readonly number[], on?: string): Promise<Set<number>> {
  if (guardianIds.length === 0) return new Set();
  const rows = await em.execute<{ guardian_id: number }[]>(
    `select guardian_id from (
       select distinct on (guardian_id) guardian_id, status from consent
        where guardian_id in (?) ${on ? 'and date <= ?' : ''}
        order by guardian_id, date desc, id desc
     ) latest where status = 'given'`,
    on ? [unique(guardianIds), on] : [unique(guardianIds)],
  );
  return new Set(rows.map((r) => r.guardian_id));
}

/** For each of `studentIds`, its guardians whose consent is in force (a student with none is absent). */
export async function guardiansWithConsent(em: EntityManager, studentIds: readonly number[], on?: string): Promise<Map<number, number[]>> {
  const byStudent = new Map<number, number[]>();
  if (studentIds.length === 0) return byStudent;
  const links = await em.execute<{ student_id: number; guardian_id: number }[]>(
    'select student_id, guardian_id from student_guardian where student_id in (?) order by student_id, guardian_id',
    [unique(studentIds)],
  );
  const consented = await withConsent(em, links.map((l) => l.guardian_id), on);
  for (const l of links) {
    if (consented.has(l.guardian_id)) byStudent.set(l.student_id, [...(byStudent.get(l.student_id) ?? []), l.guardian_id]);
  }
  return byStudent;
}

/**
 * The children a guardian may act about: linked to it, of its school, still at school — and none at all
 * unless its consent is in force (no consent, no guardian account: G2).
 */
export async function childrenOf(em: EntityManager, guardianId: number, schoolId: number): Promise<number[]> {
  if (!(await withConsent(em, [guardianId])).has(guardianId)) return [];
  const rows = await em.execute<{ id: number }[]>(
    `select s.id from student_guardian l join student s on s.id = l.student_id join guardian g on g.id = l.guardian_id
      where l.guardian_id = ? and g.school_id = ? and s.school_id = ? and s.status in (?) order by s.id`,
    [guardianId, schoolId, schoolId, [...CURRENT_STUDENT_STATUSES]],
  );
  return rows.map((r) => r.id);
}

/** Of `studentIds`, those of `schoolId` still at school. */
export async function currentStudents(em: EntityManager, schoolId: number, studentIds: readonly number[]): Promise<Set<number>> {
  if (studentIds.length === 0) return new Set();
  const rows = await em.execute<{ id: number }[]>(
    'select id from student where id in (?) and school_id = ? and status in (?)',
    [unique(studentIds), schoolId, [...CURRENT_STUDENT_STATUSES]],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Of `lessonIds`, the lessons `teacherId` gives: those of its own assignments, and those it substitutes in
 * (C6). Without ids: every such lesson during `on`.
 */
export async function lessonsOf(em: EntityManager, teacherId: number, query: { lessonIds: readonly number[] } | { on: On }): Promise<number[]> {
  if ('lessonIds' in query) {
    if (query.lessonIds.length === 0) return [];
    const rows = await em.execute<{ id: number }[]>(
      `select l.id from lesson l join teaching_assignment a on a.id = l.assignment_id
        where l.id in (?) and (a.teacher_id = ? or l.substitute_teacher_id = ?) order by l.id`,
      [unique(query.lessonIds), teacherId, teacherId],
    );
    return rows.map((r) => r.id);
  }
  const { from, to } = query.on === OPEN ? { from: '-infinity', to: 'infinity' } : typeof query.on === 'string' ? { from: query.on, to: query.on } : query.on;
  const rows = await em.execute<{ id: number }[]>(
    `select l.id from lesson l join teaching_assignment a on a.id = l.assignment_id
      where l.date between ? and ? and (a.teacher_id = ? or l.substitute_teacher_id = ?) order by l.date, l.lesson_number, l.id`,
    [from, to, teacherId, teacherId],
  );
  return rows.map((r) => r.id);
}

/**
 * The same relations as SQL predicates, for queries that must join them into a larger select. Each takes the
 * SQL expressions to compare (a column such as `e.student_id`, or a binding `?` / `:student`): a binding
 * named twice is bound twice.
 */
/** An enrollment row (aliased `e`) covers some day from `from` to `to`. */
const enrolledDuring = (e: string, from: string, to: string) => `${e}.start_date <= ${to} and (${e}.end_date is null or ${e}.end_date >= ${from})`;

export const relationSql = {
  /** `student` is enrolled in `group` at any time from `from` to `to` (one day: the same expression twice). */
  enrolled(student: string, group: string, from: string, to: string = from): string {
    return `exists (select 1 from enrollment e_ where e_.student_id = ${student} and e_.group_id = ${group} and ${enrolledDuring('e_', from, to)})`;
  },
  /**
   * The ids of the students enrolled in `group` at any time from `from` to `to`, as a select of one column
   * `student_id` (each once): the same relation as `enrolled`, for a query that starts from the group. A
   * lesson's roster joins this rather than testing `enrolled` student by student, which PostgreSQL's generic
   * plan ran as a scan of every student of the database with a scan of the group's enrollments for each.
   */
  enrolledIn(group: string, from: string, to: string = from): string {
    return `select distinct e_.student_id from enrollment e_ where e_.group_id = ${group} and ${enrolledDuring('e_', from, to)}`;
  },
  /** `student` belongs to the subgroup of `assignment` (an alias of teaching_assignment), or it has none. */
  inAssignmentSubgroup(student: string, assignment: string): string {
    return `(${assignment}.subgroup_id is null or exists (select 1 from subgroup_member m_
      where m_.subgroup_id = ${assignment}.subgroup_id and m_.student_id = ${student}))`;
  },
  /** The latest line of `guardian`'s consent registry says «given» (G2). */
  consentInForce(guardian: string): string {
    return `(select c_.status from consent c_ where c_.guardian_id = ${guardian} order by c_.date desc, c_.id desc limit 1) = 'given'`;
  },
  /** `student` is still at school (an alias of student). */
  current(student: string): string {
    return `${student}.status in (${CURRENT_STUDENT_STATUSES.map((s) => `'${s}'`).join(', ')})`;
  },
};

/** Any time at all: PostgreSQL's own ends of the calendar (a class's students over its whole history). */
export const ALWAYS: On = { from: '-infinity', to: 'infinity' };

/** A stretch of a student's membership of a group (both ends included; `to` null: still open). */
export interface Stretch {
  studentId: number;
  from: string;
  to: string | null;
}

/**
 * The stretches in `groupId` that touch `on` (with `among`: only those of these students), by student and
 * start: who joined or left a class during a period, so that a journal page shows each student only while
 * enrolled, as the paper one does.
 */
export async function stretchesIn(em: EntityManager, groupId: number, on: On, among?: readonly number[]): Promise<Stretch[]> {
  if (among?.length === 0) return [];
  const when = during(on);
  const rows = await em.execute<{ student_id: number; start: string; finish: string | null }[]>(
    `select e.student_id, to_char(e.start_date, 'YYYY-MM-DD') as start, to_char(e.end_date, 'YYYY-MM-DD') as finish from enrollment e
      where e.group_id = ? and ${when.sql} ${among ? 'and e.student_id in (?)' : ''} order by e.student_id, e.start_date`,
    [groupId, ...when.bindings, ...(among ? [unique(among)] : [])],
  );
  return rows.map((r) => ({ studentId: r.student_id, from: r.start, to: r.finish }));
}
