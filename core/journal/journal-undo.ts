import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import { sameSnapshot, type AuditLog, type Snapshot } from '../audit/audit-log.js';
import { snapshotData } from '../audit/snapshot-data.js';
import { Period } from '../school/period.entity.js';
import { ThematicPlanTopic } from '../schedule/thematic-plan-topic.entity.js';
import type { Attendance } from './attendance.entity.js';
import type { Homework } from './homework.entity.js';
import type { Cancellation, JournalNotices } from './journal-notices.js';
import type { JournalRules } from './journal-rules.js';
import type { Lesson } from './lesson.entity.js';
import type { Mark } from './mark.entity.js';
import type { Marks } from './marks.js';
import { lockOf } from './period-lock-check.js';
import { PeriodLock } from './period-lock.entity.js';
import { PeriodMark } from './period-mark.entity.js';
import { lessonRoster } from './roster.js';

/** The journal's rows a rollback of leaked access puts back (B3). */
export const JOURNAL_UNDO_KINDS = ['Mark', 'Attendance', 'Homework', 'Lesson', 'PeriodMark', 'PeriodLock'] as const;
export type JournalUndoKind = (typeof JOURNAL_UNDO_KINDS)[number];

export function isJournalUndoKind(entity: string): entity is JournalUndoKind {
  return (JOURNAL_UNDO_KINDS as readonly string[]).includes(entity);
}

/** One journal row as a rollback should leave it: as it was before the leak. */
export interface UndoTarget {
  entity: JournalUndoKind;
  schoolId: number;
  /** The report of leaked access being rolled back: the audit lines and notifications name it. */
  reportId: number;
  /** The row's id as the newest operation through the leaked access left it. */
  entityId: number;
  /** The row as that newest operation left it (its lesson and student find attendance and homework). */
  latest: Snapshot;
  /** The row before the leak; null when the leak created it. */
  base: Snapshot | null;
  /** The row as the leak created it (with `base` null): a lesson that holds other entries is cleared back to it. */
  created: Snapshot | null;
  /** The fields the leak changed; 'all' for a row it created or deleted. */
  fields: readonly string[] | 'all';
}

/** Undone, or left as it is because its period is closed by period marks (the administrator unlocks it first). */
export type UndoOutcome = 'undone' | 'periodLocked';

type Row = Mark | Attendance | Homework;

/** What is written on a lesson rather than being its place in the timetable. */
const LESSON_ENTRIES = ['topic', 'planTopic', 'substituteTeacher', 'attendanceTakenAt'];

/**
 * The rollback of leaked access (B3) in the journal: each row changed through the leaked binding or session
 * is put back as it was before the leak, under the journal's own rules — the row's lesson must lie outside a
 * period closed by period marks, a mark put back must be a valid mark — audited as `rollback` with the
 * report, and for marks, absences, period marks and homework the families told that the entry was cancelled.
 *
 * The teacher's edit window does not apply: the entries are void whenever they were made (S1 §5.4, S4 §4.4),
 * and it is the administrator who voids them, holding the right to roll back (staff.edit), not the lesson's
 * teacher. Runs in the caller's transaction: a rollback is all or nothing.
 */
export class JournalUndo {
  constructor(
    private readonly rules: JournalRules,
    private readonly marks: Marks,
    private readonly audit: AuditLog,
    private readonly notices: JournalNotices,
  ) {}

  async undo(em: EntityManager, target: UndoTarget, actor: Actor): Promise<UndoOutcome> {
    requireAccess(actor, 'staff.edit', { schoolId: target.schoolId });
    switch (target.entity) {
      case 'Mark':
      case 'Attendance':
      case 'Homework':
        return this.lessonEntry(em, target, actor);
      case 'Lesson':
        return this.lesson(em, target, actor);
      case 'PeriodMark':
        return this.periodMark(em, target, actor);
      case 'PeriodLock':
        return this.periodLock(em, target, actor);
    }
  }

  /** A mark, an absence or homework: removed, changed back or made again as before the leak. */
  private async lessonEntry(em: EntityManager, target: UndoTarget, actor: Actor): Promise<UndoOutcome> {
    const { entity, base, latest } = target;
    const lesson = await this.rules.findLesson(em, Number(latest.lesson), actor);
    if (await lockOf(em, lesson)) return 'periodLocked';
    // A mark is one of several in its cell; attendance and homework are the lesson's for the student (or the group).
    const where = entity === 'Mark' ? { id: target.entityId, lesson: lesson.id } : { lesson: lesson.id, student: (latest.student as number | null) ?? null };
    const current = await em.findOne<Row>(entity, where);
    const before = current ? this.audit.snapshot(em, entity, current) : null;
    let row = current;
    if (!base) {
      if (current) em.remove(current);
      row = null;
    } else if (current) {
      em.assign(current, snapshotData(em, entity, base, target.fields));
    } else {
      row = em.create<Row>(entity, snapshotData(em, entity, base, 'all') as never);
    }
    if (row && entity === 'Mark') {
      const mark = row as Mark;
      // A mark given back to a student recorded absent since is a make-up mark, as giving it would make it.
      mark.makeUp ||= await this.rules.isAbsent(em, lesson, mark.student.id);
      await this.marks.checkMark(em, lesson, mark);
    }
    await em.flush();
    const after = row ? this.audit.snapshot(em, entity, row) : null;
    if (sameSnapshot(before, after)) return 'undone';
    this.record(em, target, actor, (row ?? current)!.id, before, after);
    const said = (s: Snapshot | null) => (s ? entryValue(entity, s) : null);
    if (said(before) !== said(after)) {
      const what: Cancellation = { entry: entity === 'Mark' ? 'mark' : entity === 'Attendance' ? 'absence' : 'homework', entryId: (row ?? current)!.id, cancelled: said(before), restored: said(after) };
      const student = (after ?? before)!.student as number | null;
      const students = student ? [student] : (await lessonRoster(em, lesson)).map((s) => s.id);
      await this.notices.cancelled(em, lesson, students, what, target.reportId);
    }
    await em.flush();
    return 'undone';
  }

  /**
   * A lesson's topic, roll call or substitute as before the leak. A lesson the leak opened is removed,
   * unless it holds entries the rollback keeps: then only what the leak wrote on it is cleared.
   */
  private async lesson(em: EntityManager, target: UndoTarget, actor: Actor): Promise<UndoOutcome> {
    const lesson = await this.rules.findLesson(em, target.entityId, actor);
    if (await lockOf(em, lesson)) return 'periodLocked';
    const before = this.audit.snapshot(em, 'Lesson', lesson);
    const removed = !target.base && !(await inUse(em, lesson));
    if (removed) {
      em.remove(lesson);
    } else {
      // A lesson the leak opened keeps its place (other entries are in it); what the leak wrote on it goes.
      const data = target.base
        ? snapshotData(em, 'Lesson', target.base, target.fields)
        : Object.fromEntries(LESSON_ENTRIES.map((f) => [f, target.created?.[f] ?? null]));
      // A plan topic deleted since cannot be pointed at again.
      if (data.planTopic && !(await em.count(ThematicPlanTopic, { id: data.planTopic as number }))) data.planTopic = null;
      em.assign(lesson, data);
    }
    await em.flush();
    const after = removed ? null : this.audit.snapshot(em, 'Lesson', lesson);
    if (sameSnapshot(before, after)) return 'undone';
    this.record(em, target, actor, lesson.id, before, after);
    if (after) await this.notices.substitution(em, lesson, before.substituteTeacher);
    await em.flush();
    return 'undone';
  }

  private async periodMark(em: EntityManager, target: UndoTarget, actor: Actor): Promise<UndoOutcome> {
    const { base, latest } = target;
    const place = { assignment: Number(latest.assignment), period: Number(latest.period), student: Number(latest.student) };
    if (await em.count(PeriodLock, { assignment: place.assignment, period: place.period, locked: true })) return 'periodLocked';
    const current = await em.findOne(PeriodMark, { ...place, school: target.schoolId });
    const before = current ? this.audit.snapshot(em, 'PeriodMark', current) : null;
    let row = current;
    if (!base) {
      if (current) em.remove(current);
      row = null;
    } else if (current) {
      em.assign(current, snapshotData(em, 'PeriodMark', base, target.fields));
    } else {
      row = em.create(PeriodMark, snapshotData(em, 'PeriodMark', base, 'all') as never);
    }
    await em.flush();
    const after = row ? this.audit.snapshot(em, 'PeriodMark', row) : null;
    if (sameSnapshot(before, after)) return 'undone';
    const id = (row ?? current)!.id;
    this.record(em, target, actor, id, before, after);
    const said = (s: Snapshot | null) => (s?.value as string | null | undefined) ?? null;
    if (said(before) !== said(after)) {
      const period = await em.findOneOrFail(Period, place.period);
      const what: Cancellation = { entry: 'periodMark', entryId: id, cancelled: said(before), restored: said(after) };
      await this.notices.periodMarkCancelled(em, { school: target.schoolId, assignment: place.assignment, student: place.student }, period.name, what, target.reportId);
    }
    await em.flush();
    return 'undone';
  }

  /** A period closed (or closed again) through the leak: open as before, so its marks can be put back. */
  private async periodLock(em: EntityManager, target: UndoTarget, actor: Actor): Promise<UndoOutcome> {
    const current = await em.findOne(PeriodLock, { id: target.entityId, school: target.schoolId });
    if (!current) return 'undone';
    const before = this.audit.snapshot(em, 'PeriodLock', current);
    if (target.base) em.assign(current, snapshotData(em, 'PeriodLock', target.base, target.fields));
    else em.remove(current);
    await em.flush();
    const after = target.base ? this.audit.snapshot(em, 'PeriodLock', current) : null;
    if (!sameSnapshot(before, after)) this.record(em, target, actor, current.id, before, after);
    await em.flush();
    return 'undone';
  }

  private record(em: EntityManager, target: UndoTarget, actor: Actor, entityId: number, before: Snapshot | null, after: Snapshot | null): void {
    this.audit.record(em, { actor, action: 'rollback', entity: target.entity, entityId, schoolId: target.schoolId, before, after, compromiseReportId: target.reportId });
  }
}

/** What the family was told an entry says: a mark «5/4», an attendance code, homework's text ('' for none). */
function entryValue(entity: JournalUndoKind, s: Snapshot): string {
  const text = (value: unknown) => (typeof value === 'number' || typeof value === 'string' ? String(value) : '');
  if (entity === 'Mark') return s.second ? `${text(s.value)}/${text(s.second)}` : text(s.value);
  if (entity === 'Attendance') return text(s.code);
  return s.none ? '' : text(s.text);
}

/** Whether anything is entered in the lesson: marks, attendance, homework. */
async function inUse(em: EntityManager, lesson: Lesson): Promise<boolean> {
  for (const entity of ['Mark', 'Attendance', 'Homework']) {
    if (await em.count(entity, { lesson: lesson.id })) return true;
  }
  return false;
}
