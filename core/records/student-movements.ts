import type { EntityManager } from '@mikro-orm/postgresql';
import { actsEverywhere, type Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import { sameSnapshot, type AuditLog, type Snapshot } from '../audit/audit-log.js';
import { NotFound, ValidationFailed, assertNoProblems, problem, type Problem } from '../base/errors.js';
import { coerceInput, missingRequired } from './coerce.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { contains, isIsoDate, previousDay } from '../school/rules/date-ranges.js';
import { Enrollment, type EnrollmentEnd } from '../people/enrollment.entity.js';
import { Group } from '../people/group.entity.js';
import { checkEnrollmentHistory } from '../people/rules/enrollment-history.js';
import { StudentMovement, type MovementKind } from '../people/student-movement.entity.js';
import { Student, type StudentStatus } from '../people/student.entity.js';
import type { Clock } from '../time/clock.js';
import { sexParams } from '../people/sex-context.js';

const LAST_GRADE = 11;

/** A row a movement changed or created, with how it was before (null: created), for the audit log. */
interface Touched {
  entity: 'Student' | 'Enrollment' | 'Group';
  row: { id: number };
  before: Snapshot | null;
}

/**
 * Student movement (A16): each movement is recorded once and applied at once — the current group
 * stretch is closed the day before the movement's date and, where the student goes on, a new one opens
 * on that date. Stretches already closed are never touched, so past journals stay as they were.
 */
export class StudentMovements {
  constructor(
    private readonly em: () => EntityManager,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async record(input: Record<string, unknown>, actor: Actor): Promise<StudentMovement> {
    const em = this.em();
    const { data, problems } = coerceInput(em.getMetadata().get('StudentMovement'), input);
    problems.push(...missingRequired(em.getMetadata().get('StudentMovement'), data));
    assertNoProblems(problems);
    const schoolId = actsEverywhere(actor) ? Number(input.school) : actor.schoolId ?? 0;
    requireAccess(actor, 'students.move', { schoolId });
    const kind = data.kind as MovementKind;
    const date = data.date as string;
    if (!isIsoDate(date)) throw new ValidationFailed([problem('dateInvalid', 'date')]);

    return em.transactional(async () => {
      const student = data.student ? await em.findOne(Student, { id: data.student as number, school: schoolId }) : null;
      const group = data.group ? await em.findOne(Group, { id: data.group as number, school: schoolId }) : null;
      if (kind !== 'promotion' && !student) throw new ValidationFailed([problem('required', 'student')]);
      if ((kind === 'transfer' || kind === 'return' || kind === 'promotion') && !group) throw new ValidationFailed([problem('required', 'group')]);

      const touched: Touched[] = [];
      if (kind === 'promotion') await this.promote(em, group!, date, touched);
      else await this.moveOne(em, kind, student!, group, date, touched);

      const movement = em.create(StudentMovement, {
        school: schoolId,
        kind,
        student,
        group,
        date,
        orderNumber: (data.orderNumber as string | null) ?? null,
        note: (data.note as string | null) ?? null,
      });
      await em.flush();
      // One time for the movement and the rows it changed: the compromise rollback tells them apart by it.
      const at = this.clock.now();
      this.audit.record(em, { actor, action: 'movement', entity: 'StudentMovement', entityId: movement.id, schoolId, after: this.audit.snapshot(em, 'StudentMovement', movement), at });
      for (const { entity, row, before } of touched) {
        const after = this.audit.snapshot(em, entity, row);
        if (before && sameSnapshot(before, after)) continue;
        this.audit.record(em, { actor, action: before ? 'update' : 'create', entity, entityId: row.id, schoolId, before, after, at });
      }
      await em.flush();
      return movement;
    });
  }

  /**
   * What refuses `groupId` as the class a student of `schoolId` is put in today: not a class of that school
   * (another school's, a deleted one, a forged id), or a class of another academic year than the one
   * today (the school's today by the clock) falls in. Nothing: it may.
   */
  async placementProblems(schoolId: number, groupId: unknown): Promise<Problem[]> {
    const em = this.em();
    const id = Number(groupId);
    const group = Number.isSafeInteger(id) && id > 0 ? await em.findOne(Group, { id, school: schoolId }, { populate: ['year', 'school'] }) : null;
    if (!group) return [problem('referenceInvalid', 'group')];
    const today = this.clock.today(group.school);
    const year = group.year;
    if (!(year.startDate <= today && today <= year.endDate)) return [problem('groupNotOfThisYear', 'group', { year: year.name })];
    return [];
  }

  /**
   * Puts a student in a class from the student's own form: from today (the school's today by the clock),
   * in a class of this academic year of the student's school, as the administrator's movements do
   * (students.move, audited). A student in no class is admitted to it; a student in another class is
   * transferred today (a movement, with its rules); the same class changes nothing.
   */
  async placeInClass(studentId: number, groupId: unknown, actor: Actor): Promise<void> {
    const em = this.em();
    const student = await em.findOne(Student, actsEverywhere(actor) ? { id: studentId } : { id: studentId, school: actor.schoolId ?? 0 }, { populate: ['school'] });
    if (!student) throw new NotFound('Student');
    const schoolId = student.school.id;
    requireAccess(actor, 'students.move', { schoolId });
    assertNoProblems(await this.placementProblems(schoolId, groupId));
    const group = await em.findOneOrFail(Group, Number(groupId));
    const today = this.clock.today(student.school);
    const current = await em.findOne(Enrollment, { student, endDate: null });
    if (current?.group.id === group.id) return;
    if (current) {
      await this.record({ school: schoolId, kind: 'transfer', student: student.id, group: group.id, date: today }, actor);
      return;
    }
    if (student.status !== 'studying') throw new ValidationFailed([problem('studentNotStudying', 'group', sexParams(student))]);
    const stretch = em.create(Enrollment, { school: schoolId, student, group, startDate: today, startReason: 'admission' });
    await em.flush();
    assertNoProblems(checkEnrollmentHistory(await em.find(Enrollment, { student })));
    this.audit.record(em, { actor, action: 'create', entity: 'Enrollment', entityId: stretch.id, schoolId, before: null, after: this.snapshot(em, 'Enrollment', stretch), at: this.clock.now() });
    await em.flush();
  }

  private snapshot(em: EntityManager, entity: Touched['entity'], row: object): Snapshot {
    return this.audit.snapshot(em, entity, row);
  }

  private async moveOne(em: EntityManager, kind: Exclude<MovementKind, 'promotion'>, student: Student, group: Group | null, date: string, touched: Touched[]) {
    const current = await em.findOne(Enrollment, { student, endDate: null });
    touched.push({ entity: 'Student', row: student, before: this.snapshot(em, 'Student', student) });
    if (current) touched.push({ entity: 'Enrollment', row: current, before: this.snapshot(em, 'Enrollment', current) });
    const open = (row: Enrollment) => touched.push({ entity: 'Enrollment', row, before: null });
    if (kind === 'return') {
      if (student.status !== 'academic_leave' || current) throw new ValidationFailed([problem('studentNotOnLeave', 'student', sexParams(student))]);
      open(em.create(Enrollment, { school: student.school, student, group: group!, startDate: date, startReason: 'return' }));
      student.status = 'studying';
    } else {
      if (!current || student.status !== 'studying') throw new ValidationFailed([problem('studentNotStudying', 'student', sexParams(student))]);
      if (date <= current.startDate) throw new ValidationFailed([problem('dateBeforeEnrollment', 'date', { date: current.startDate })]);
      if (kind === 'transfer' && current.group.id === group!.id) throw new ValidationFailed([problem('sameGroup', 'group', sexParams(student))]);
      close(current, date, kind === 'transfer' ? 'transfer' : kind === 'expulsion' ? 'expulsion' : 'academic_leave');
      if (kind === 'transfer') open(em.create(Enrollment, { school: student.school, student, group: group!, startDate: date, startReason: 'transfer' }));
      const status: Record<typeof kind, StudentStatus> = { transfer: 'studying', expulsion: 'expelled', academic_leave: 'academic_leave' };
      student.status = status[kind];
    }
    await em.flush();
    assertNoProblems(checkEnrollmentHistory(await em.find(Enrollment, { student })));
  }

  /** The whole group moves to the next grade of the next academic year; the last grade graduates. */
  private async promote(em: EntityManager, group: Group, date: string, touched: Touched[]) {
    const year = await em.findOneOrFail(AcademicYear, group.year.id);
    const next = await em.findOne(AcademicYear, { school: group.school, startDate: { $gt: year.endDate } }, { orderBy: { startDate: 'asc' } });
    const open = await em.find(Enrollment, { group, endDate: null }, { populate: ['student'] });
    for (const stretch of open) {
      touched.push({ entity: 'Enrollment', row: stretch, before: this.snapshot(em, 'Enrollment', stretch) });
      if (group.gradeLevel >= LAST_GRADE) touched.push({ entity: 'Student', row: stretch.student, before: this.snapshot(em, 'Student', stretch.student) });
    }
    if (group.gradeLevel >= LAST_GRADE) {
      for (const stretch of open) {
        close(stretch, date, 'graduation');
        stretch.student.status = 'graduated';
      }
      return;
    }
    if (!next) throw new ValidationFailed([problem('noNextYear', 'group')]);
    if (!contains({ start: next.startDate, end: next.endDate }, { start: date, end: date })) {
      throw new ValidationFailed([problem('outsideYear', 'date', { year: next.name, start: next.startDate, end: next.endDate })]);
    }
    const name = group.name.replace(/^\d+/, String(group.gradeLevel + 1));
    let target = await em.findOne(Group, { year: next, name });
    if (!target) {
      target = em.create(Group, { school: group.school, year: next, name, gradeLevel: group.gradeLevel + 1, classTeacher: group.classTeacher ?? null, bellSchedule: group.bellSchedule ?? null });
      touched.push({ entity: 'Group', row: target, before: null });
    }
    for (const stretch of open) {
      close(stretch, date, 'promotion');
      const row = em.create(Enrollment, { school: group.school, student: stretch.student, group: target, startDate: date, startReason: 'promotion' });
      touched.push({ entity: 'Enrollment', row, before: null });
    }
  }
}

function close(stretch: Enrollment, firstDayAway: string, reason: EnrollmentEnd): void {
  stretch.endDate = previousDay(firstDayAway);
  stretch.endReason = reason;
}
