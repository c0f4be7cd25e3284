import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { actsEverywhere, type Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { countPeople, type PersonRef } from '../audit/named-people.js';
import type { ReadLog } from '../audit/read-log.js';
import { NotFound, ValidationFailed, problem, type Problem } from '../base/errors.js';
import { Staff } from '../people/staff.entity.js';
import { Student } from '../people/student.entity.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { fullName } from '../people/display-name.js';
import { isIsoDate } from '../school/rules/date-ranges.js';
import { School } from '../school/school.entity.js';
import { Lesson } from './lesson.entity.js';
import type { Clock } from '../time/clock.js';

export interface MarkChangeQuery {
  /** School-local dates (YYYY-MM-DD) of the changes, both inclusive; neither: the current academic year. */
  from?: string;
  to?: string;
  /** For the deployment administrator and the system; a member of staff always gets its own school. */
  schoolId?: number;
  limit?: number;
  offset?: number;
}

/** One changed or removed mark: who, when, which lesson and student, the mark before and after. */
export interface MarkChangeRow {
  id: number;
  changedAt: Date;
  action: 'update' | 'delete';
  teacherId: number | null;
  /** ФИО of the member of staff who made the change. */
  teacher: string | null;
  lessonId: number | null;
  lessonDate: string | null;
  studentId: number | null;
  student: string | null;
  subject: string | null;
  group: string | null;
  /** «4», or «5/4» for a double mark. */
  oldMark: string | null;
  /** Null when the mark was removed. */
  newMark: string | null;
}

export interface MarkChangePage {
  from: string | null;
  to: string | null;
  total: number;
  rows: MarkChangeRow[];
}

type Snapshot = Record<string, unknown> | null | undefined;

// An update that changed only a comment or a work type is not a change of the mark. A rollback of leaked
// access (B3) that removed, restored or changed a mark back is a change like any other, the administrator's.
const ACTIONS = ['update', 'delete', 'rollback'];
const MARK_CHANGED = `(e.action = 'delete' or (e."before"->>'value') is distinct from (e."after"->>'value') or (e."before"->>'second') is distinct from (e."after"->>'second'))`;

/**
 * The mark-change report (B4, S4 §3.8): every changed or removed mark of the school, from the audit log,
 * newest first, available all year. For whoever reads the audit log (the administrator, the director).
 */
export class MarkChangeReport {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
    private readonly reads: ReadLog,
  ) {}

  async list(query: MarkChangeQuery, actor: Actor): Promise<MarkChangePage> {
    const em = this.em();
    const schoolId = actsEverywhere(actor) ? query.schoolId : actor.schoolId;
    requireAccess(actor, 'audit.view', schoolId ? { schoolId } : undefined);
    const { from, to, range } = await this.range(em, query, schoolId);
    const qb = em.createQueryBuilder(AuditEntry, 'e')
      .where({ entity: 'Mark', action: { $in: ACTIONS }, ...(schoolId ? { school: schoolId } : {}), ...(range ? { at: range } : {}) })
      .andWhere(MARK_CHANGED);
    const total = await qb.clone().getCount();
    qb.orderBy({ at: 'desc', id: 'desc' });
    if (query.limit !== undefined) qb.limit(query.limit);
    if (query.offset !== undefined) qb.offset(query.offset);
    const entries = await qb.getResultList();
    const rows = await this.rows(em, entries);
    // The page names the students and the teachers of its changes: one read (G4).
    await this.reads.record(actor, { kind: 'report', resource: 'MarkChange', schoolId: schoolId ?? null, detail: `${from ?? '…'}–${to ?? '…'}`, people: countPeople(rows.flatMap(named), actor) });
    return { from, to, total, rows };
  }

  /** One line of the report by its audit entry, within the actor's school. */
  async entry(id: number, actor: Actor): Promise<MarkChangeRow> {
    const em = this.em();
    const schoolId = actsEverywhere(actor) ? undefined : actor.schoolId;
    requireAccess(actor, 'audit.view', schoolId ? { schoolId } : undefined);
    const entry = await em.createQueryBuilder(AuditEntry, 'e')
      .where({ id, entity: 'Mark', action: { $in: ACTIONS }, ...(schoolId ? { school: schoolId } : {}) })
      .andWhere(MARK_CHANGED)
      .getSingleResult();
    if (!entry) throw new NotFound('AuditEntry');
    const [row] = await this.rows(em, [entry]);
    await this.reads.record(actor, { kind: 'record', resource: 'MarkChange', recordId: id, schoolId: entry.school?.id ?? null, people: countPeople(named(row!), actor) });
    return row!;
  }

  /** The asked dates as instants in the school's time zone; by default the academic year of today. */
  private async range(em: EntityManager, query: MarkChangeQuery, schoolId: number | undefined) {
    const problems: Problem[] = [];
    if (query.from !== undefined && !isIsoDate(query.from)) problems.push(problem('dateInvalid', 'from'));
    if (query.to !== undefined && !isIsoDate(query.to)) problems.push(problem('dateInvalid', 'to'));
    if (!problems.length && query.from && query.to && query.to < query.from) problems.push(problem('dateRangeReversed', 'to'));
    if (problems.length) throw new ValidationFailed(problems);
    const school = schoolId ? await em.findOne(School, schoolId) : null;
    const zone = school?.timeZone ?? 'UTC';
    let { from, to } = query;
    if (from === undefined && to === undefined && school) {
      const today = this.clock.today(zone);
      const year = await em.findOne(AcademicYear, { school: school.id, startDate: { $lte: today } }, { orderBy: { startDate: 'desc' } });
      if (year) ({ startDate: from, endDate: to } = year);
    }
    const start = (date: string) => DateTime.fromISO(date, { zone }).startOf('day').toJSDate();
    const range = from || to
      ? { ...(from ? { $gte: start(from) } : {}), ...(to ? { $lt: DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toJSDate() } : {}) }
      : undefined;
    return { from: from ?? null, to: to ?? null, range };
  }

  private async rows(em: EntityManager, entries: AuditEntry[]): Promise<MarkChangeRow[]> {
    const ref = (e: AuditEntry, field: string) => numberOf(e.before?.[field] ?? e.after?.[field]);
    const ids = (pick: (e: AuditEntry) => number | null) => [...new Set(entries.map(pick).filter((id): id is number => id !== null))];
    const [staff, lessons, students] = await Promise.all([
      em.find(Staff, { id: { $in: ids((e) => e.actorStaff?.id ?? null) } }),
      em.find(Lesson, { id: { $in: ids((e) => ref(e, 'lesson')) } }, { populate: ['assignment.subject', 'assignment.group'] }),
      em.find(Student, { id: { $in: ids((e) => ref(e, 'student')) } }),
    ]);
    return entries.map((e) => {
      const teacher = staff.find((s) => s.id === e.actorStaff?.id);
      const lesson = lessons.find((l) => l.id === ref(e, 'lesson'));
      const student = students.find((s) => s.id === ref(e, 'student'));
      return {
        id: Number(e.id),
        changedAt: e.at,
        action: e.after ? 'update' : 'delete',
        teacherId: teacher?.id ?? null,
        teacher: teacher ? fullName(teacher) : null,
        lessonId: lesson?.id ?? ref(e, 'lesson'),
        lessonDate: lesson?.date ?? null,
        studentId: student?.id ?? ref(e, 'student'),
        student: student ? fullName(student) : null,
        subject: lesson?.assignment.subject.name ?? null,
        group: lesson?.assignment.group.name ?? null,
        oldMark: markText(e.before),
        newMark: markText(e.after),
      };
    });
  }
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function markText(snapshot: Snapshot): string | null {
  const value = numberOf(snapshot?.value);
  if (value === null) return null;
  const second = numberOf(snapshot?.second);
  return second === null ? String(value) : `${value}/${second}`;
}

/** Whom a line of the report names: the student and the teacher who changed the mark. */
const named = (row: MarkChangeRow): PersonRef[] => [['Student', row.studentId], ['Staff', row.teacherId]];
