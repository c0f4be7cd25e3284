import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { schoolScope, type Actor } from '../access/actor.js';
import { requireAccess, requireTeacher, requireTeachesLesson } from '../access/policy.js';
import { sameSnapshot, type AuditLog } from '../audit/audit-log.js';
import { ConcurrentChange, NotFound, ValidationFailed, problem } from '../base/errors.js';
import { AdminAccount } from '../accounts/admin-account.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { isIsoDate } from '../school/rules/date-ranges.js';
import { Period } from '../school/period.entity.js';
import { School } from '../school/school.entity.js';
import { ruDate } from '../time/format.js';
import { PeriodLock } from './period-lock.entity.js';
import type { JournalNotices } from './journal-notices.js';
import { PERIOD_MARK_VALUES, PeriodMark, type PeriodMarkValue } from './period-mark.entity.js';
import { lockState, periodRows, studentsOfPeriod, type PeriodSheet } from './period-sheet.js';
import type { Clock } from '../time/clock.js';

/** A period mark, or its deferral to a date after the period for a student who was ill (S0 п. 12). */
export type PeriodMarkChoice = { value: PeriodMarkValue } | { deferredUntil: string };

/** A teacher's assignments of the current year and the year's periods. */
export interface PeriodOverview {
  today: string;
  assignments: TeachingAssignment[];
  periods: Period[];
  currentPeriodId: number | null;
}

interface Place {
  assignment: TeachingAssignment;
  period: Period;
}

/**
 * Period marks (C7): the sheet with the proposed marks, setting or deferring a student's mark, and the
 * period lock. Once every student of the sheet has a mark or a deferral, the assignment's journal for the
 * period is locked (the lesson changes of JournalService are refused, see period-lock-check.ts) until the
 * administrator unlocks it. Only the assignment's own teacher sets period marks, as in JournalService.
 */
export class PeriodMarks {
  constructor(
    private readonly em: () => EntityManager,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly notices: JournalNotices,
  ) {}

  /**
   * What a teacher can give period marks in: its assignments of the current year and that year's periods,
   * the current one first among equals (the period containing today, or else the last one ended).
   */
  async overview(actor: Actor): Promise<PeriodOverview> {
    requireTeacher(actor);
    const em = this.em();
    const school = await em.findOneOrFail(School, actor.schoolId!);
    const today = this.clock.today(school.timeZone);
    const assignments = await em.find(TeachingAssignment, { teacher: actor.staffId!, year: { startDate: { $lte: today }, endDate: { $gte: today } } }, {
      populate: ['subject', 'group', 'subgroup'],
      orderBy: { group: { name: 'asc' }, subject: { name: 'asc' } },
    });
    const yearIds = [...new Set(assignments.map((a) => a.year.id))];
    const periods = yearIds.length ? await em.find(Period, { year: { $in: yearIds } }, { orderBy: { startDate: 'asc', type: 'asc' } }) : [];
    const current = periods.find((p) => p.type !== 'year' && p.startDate <= today && today <= p.endDate)
      ?? [...periods].reverse().find((p) => p.type !== 'year' && p.endDate < today);
    return { today, assignments, periods, currentPeriodId: current?.id ?? null };
  }

  async sheet(assignmentId: number, periodId: number, actor: Actor): Promise<PeriodSheet> {
    const em = this.em();
    const { assignment, period } = await this.place(em, assignmentId, periodId, actor);
    requireAccess(actor, 'journal.view', { schoolId: assignment.school.id, groupIds: [assignment.group.id], teacherId: assignment.teacher.id });
    const threshold = Number(assignment.school.roundingThreshold);
    const [rows, lock] = await Promise.all([
      periodRows(em, assignment, period, threshold),
      em.findOne(PeriodLock, { assignment: assignment.id, period: period.id }),
    ]);
    return { assignment, period, roundingThreshold: threshold, rows, lock: lockState(lock) };
  }

  /**
   * Sets (or defers) a student's period mark. `expectedVersion` is the version of the mark the teacher saw;
   * omitted, the teacher saw none, and a mark set meanwhile by another tap is a ConcurrentChange.
   */
  async set(assignmentId: number, periodId: number, studentId: number, choice: PeriodMarkChoice, expectedVersion: number | undefined, actor: Actor): Promise<PeriodMark> {
    return this.change(async (em) => {
      const place = await this.place(em, assignmentId, periodId, actor);
      this.requireTeacher(actor, place.assignment);
      return this.save(em, place, studentId, choice, expectedVersion ?? null, actor);
    });
  }

  /** Sets the mark the journal proposes: the weighted average rounded by the school's rule. */
  async acceptProposed(assignmentId: number, periodId: number, studentId: number, actor: Actor): Promise<PeriodMark> {
    return this.change(async (em) => {
      const place = await this.place(em, assignmentId, periodId, actor);
      this.requireTeacher(actor, place.assignment);
      const rows = await periodRows(em, place.assignment, place.period, Number(place.assignment.school.roundingThreshold));
      const row = rows.find((r) => r.studentId === studentId);
      if (!row) throw this.notInGroup(place.period);
      if (row.proposed === null) throw new ValidationFailed([problem('journal.noProposedMark', 'value', { period: place.period.name })]);
      return this.save(em, place, studentId, { value: String(row.proposed) as PeriodMarkValue }, 'any', actor);
    });
  }

  /**
   * One tap for the whole sheet (C7): every student without a period mark gets the proposed one, in one
   * transaction (a mark set meanwhile by another tap makes it a ConcurrentChange, and nothing is saved).
   * Returns how many were set.
   */
  async acceptAllProposed(assignmentId: number, periodId: number, actor: Actor): Promise<number> {
    return this.change(async (em) => {
      const place = await this.place(em, assignmentId, periodId, actor);
      this.requireTeacher(actor, place.assignment);
      const rows = await periodRows(em, place.assignment, place.period, Number(place.assignment.school.roundingThreshold));
      let accepted = 0;
      for (const row of rows) {
        if (row.periodMark || row.proposed === null) continue;
        await this.save(em, place, row.studentId, { value: String(row.proposed) as PeriodMarkValue }, null, actor);
        accepted++;
      }
      return accepted;
    });
  }

  /** Opens the period's journal again (the administrator's alone); the next complete set of marks re-locks it. */
  async unlock(assignmentId: number, periodId: number, actor: Actor): Promise<PeriodLock> {
    return this.change(async (em) => {
      const { assignment, period } = await this.place(em, assignmentId, periodId, actor);
      requireAccess(actor, 'journal.unlock', { schoolId: assignment.school.id });
      const lock = await em.findOne(PeriodLock, { assignment: assignment.id, period: period.id });
      if (!lock?.locked) throw new ValidationFailed([problem('journal.periodNotLocked', 'period', { period: period.name })]);
      const before = this.audit.snapshot(em, 'PeriodLock', lock);
      lock.locked = false;
      lock.unlockedAt = this.clock.now();
      lock.unlockedBy = await this.describe(em, actor);
      this.audit.record(em, { actor, action: 'update', entity: 'PeriodLock', entityId: lock.id, schoolId: assignment.school.id, before, after: this.audit.snapshot(em, 'PeriodLock', lock) });
      await em.flush();
      return lock;
    });
  }

  // ---------------------------------------------------------------------------------------------------

  /** `expected`: the version the teacher saw, null for none, 'any' to take the mark as it is now. */
  private async save(em: EntityManager, place: Place, studentId: number, choice: PeriodMarkChoice, expected: number | null | 'any', actor: Actor): Promise<PeriodMark> {
    const { assignment, period } = place;
    this.checkChoice(choice, period, assignment);
    const students = await studentsOfPeriod(em, assignment, period);
    if (!students.some((s) => s.id === studentId)) throw this.notInGroup(period);
    const existing = await em.findOne(PeriodMark, { assignment: assignment.id, period: period.id, student: studentId });
    if (expected !== 'any' && (existing?.version ?? null) !== expected) throw new ConcurrentChange();
    const lock = await em.findOne(PeriodLock, { assignment: assignment.id, period: period.id });
    // A deferred mark was promised for later: giving it does not reopen the rest of the closed period.
    const givingDeferred = existing?.value == null && existing?.deferredUntil != null && 'value' in choice;
    if (lock?.locked && !givingDeferred) {
      throw new ValidationFailed([problem('journal.periodLocked', 'period', { period: period.name, start: ruDate(period.startDate), end: ruDate(period.endDate) })]);
    }
    const before = existing ? this.audit.snapshot(em, 'PeriodMark', existing) : null;
    const row = existing ?? em.create(PeriodMark, { school: assignment.school.id, assignment: assignment.id, period: period.id, student: studentId, value: null, deferredUntil: null });
    row.value = 'value' in choice ? choice.value : null;
    row.deferredUntil = 'value' in choice ? null : choice.deferredUntil;
    // The same mark confirmed again changes nothing, but may still close a period the administrator reopened.
    if (!existing || !sameSnapshot(before, this.audit.snapshot(em, 'PeriodMark', row))) {
      await em.flush();
      this.audit.record(em, { actor, action: existing ? 'update' : 'create', entity: 'PeriodMark', entityId: row.id, schoolId: assignment.school.id, before, after: this.audit.snapshot(em, 'PeriodMark', row) });
      await this.notices.periodMark(em, row, period.name);
      await em.flush();
    }
    await this.lockWhenComplete(em, place, students.map((s) => s.id), lock, actor);
    return row;
  }

  private checkChoice(choice: PeriodMarkChoice, period: Period, assignment: TeachingAssignment): void {
    if ('value' in choice) {
      if (!(PERIOD_MARK_VALUES as readonly unknown[]).includes(choice.value)) {
        throw new ValidationFailed([problem('valueNotAllowed', 'value', { value: String(choice.value) })]);
      }
      return;
    }
    const date = choice.deferredUntil;
    if (!isIsoDate(date)) throw new ValidationFailed([problem('dateInvalid', 'deferredUntil')]);
    if (date <= period.endDate || date > assignment.year.endDate) {
      throw new ValidationFailed([problem('journal.deferralOutOfRange', 'deferredUntil', { end: ruDate(period.endDate), yearEnd: ruDate(assignment.year.endDate) })]);
    }
  }

  /** Locks (or locks again) the period once each of its students has a mark or a deferral. */
  private async lockWhenComplete(em: EntityManager, { assignment, period }: Place, studentIds: number[], lock: PeriodLock | null, actor: Actor): Promise<void> {
    if (lock?.locked) return;
    const marks = await em.find(PeriodMark, { assignment: assignment.id, period: period.id, student: { $in: studentIds } });
    const settled = new Set(marks.filter((m) => m.value != null || m.deferredUntil != null).map((m) => m.student.id));
    if (!studentIds.every((id) => settled.has(id))) return;
    const before = lock ? this.audit.snapshot(em, 'PeriodLock', lock) : null;
    const row = lock ?? em.create(PeriodLock, { school: assignment.school.id, assignment: assignment.id, period: period.id, lockedAt: this.clock.now() });
    row.locked = true;
    row.lockedAt = this.clock.now();
    await em.flush();
    this.audit.record(em, { actor, action: lock ? 'update' : 'create', entity: 'PeriodLock', entityId: row.id, schoolId: assignment.school.id, before, after: this.audit.snapshot(em, 'PeriodLock', row) });
    await em.flush();
  }

  /** The assignment and the period, which must be of the assignment's school and year. */
  private async place(em: EntityManager, assignmentId: number, periodId: number, actor: Actor): Promise<Place> {
    const school = schoolScope(actor);
    const assignment = await em.findOne(TeachingAssignment, { id: assignmentId, ...school }, { populate: ['school', 'year'] });
    if (!assignment) throw new NotFound('TeachingAssignment');
    const period = await em.findOne(Period, { id: periodId, ...school });
    if (!period) throw new NotFound('Period');
    if (period.school.id !== assignment.school.id || period.year.id !== assignment.year.id) {
      throw new ValidationFailed([problem('journal.periodOfAnotherYear', 'period', { period: period.name })]);
    }
    return { assignment, period };
  }

  /** As JournalService: staff holding journal.edit as a teacher, and this assignment's teacher. */
  private requireTeacher(actor: Actor, assignment: TeachingAssignment): void {
    requireTeachesLesson(actor, { schoolId: assignment.school.id, teacherIds: [assignment.teacher.id] });
  }

  private notInGroup(period: Period): ValidationFailed {
    return new ValidationFailed([problem('journal.notInGroupInPeriod', 'student', { period: period.name })]);
  }

  /** Who unlocked, in a few words: the panel login's e-mail, else the member of staff or the system. */
  private async describe(em: EntityManager, actor: Actor): Promise<string> {
    const account = actor.accountId ? await em.findOne(AdminAccount, { id: actor.accountId }) : null;
    if (account) return account.email;
    return actor.staffId ? `staff:${actor.staffId}` : actor.kind;
  }

  /** One transaction; a row changed or created meanwhile by someone else becomes ConcurrentChange. */
  private async change<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.em().transactional((em) => work(em));
    } catch (err) {
      if (err instanceof OptimisticLockError || err instanceof UniqueConstraintViolationException) throw new ConcurrentChange();
      throw err;
    }
  }
}
