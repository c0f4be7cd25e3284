import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import type { AuditLog } from '../audit/audit-log.js';
import { ConcurrentChange, NotFound, ValidationFailed, problem } from '../base/errors.js';
import { ABSENCE_CODES, ATTENDANCE_CODES, Attendance, type AttendanceCode } from './attendance.entity.js';
import type { Lesson } from './lesson.entity.js';
import type { JournalNotices } from './journal-notices.js';
import type { JournalRules } from './journal-rules.js';
import type { Clock } from '../time/clock.js';
import { Student } from '../people/student.entity.js';
import { sexParams } from '../people/sex-context.js';

/** Attendance (C3): the roll call of a lesson, and the class teacher's reasons for absences. */
export class RollCall {
  constructor(
    private readonly em: () => EntityManager,
    private readonly rules: JournalRules,
    private readonly audit: AuditLog,
    private readonly notices: JournalNotices,
    private readonly clock: Clock,
  ) {}

  /**
   * A student's attendance in the lesson (C3): a code, or null for present. `expectedVersion` is the
   * version of the attendance row the teacher saw, 0 when the teacher saw none (omit it not to check).
   */
  async setAttendance(lessonId: number, studentId: number, code: AttendanceCode | null, expectedVersion: number | undefined, actor: Actor): Promise<Attendance | null> {
    return (await this.set(lessonId, studentId, code, expectedVersion, actor)).saved;
  }

  /**
   * setAttendance, answering also with the lesson as the change checked it (loaded in full, see
   * JournalRules.findLesson) and whether the code changed (false: it was already so; nothing written or told).
   */
  async set(lessonId: number, studentId: number, code: AttendanceCode | null, expectedVersion: number | undefined, actor: Actor): Promise<{ saved: Attendance | null; lesson: Lesson; changed: boolean }> {
    if (code !== null && !(ATTENDANCE_CODES as readonly string[]).includes(code)) {
      throw new ValidationFailed([problem('valueNotAllowed', 'code', { value: String(code) })]);
    }
    return this.rules.change(async (em) => {
      const lesson = await this.rules.editableLesson(em, lessonId, actor, true);
      await this.rules.requireEnrolled(em, lesson, studentId);
      const row = await em.findOne(Attendance, { lesson: lesson.id, student: studentId });
      if (expectedVersion !== undefined && (row?.version ?? 0) !== expectedVersion) throw new ConcurrentChange();
      if (!row && code === null) return { saved: null, lesson, changed: false };
      if (row && row.code === code) return { saved: row, lesson, changed: false };
      const before = row ? this.audit.snapshot(em, 'Attendance', row) : null;
      if (code === null) {
        em.remove(row!);
        this.audit.record(em, { actor, action: 'delete', entity: 'Attendance', entityId: row!.id, schoolId: lesson.school.id, before });
        await this.notices.attendance(em, lesson, row!, row!.code, null);
        await em.flush();
        return { saved: null, lesson, changed: true };
      }
      const saved = row ?? em.create(Attendance, { school: lesson.school.id, lesson: lesson.id, student: studentId, code });
      saved.code = code;
      await em.flush();
      this.audit.record(em, { actor, action: row ? 'update' : 'create', entity: 'Attendance', entityId: saved.id, schoolId: lesson.school.id, before, after: this.audit.snapshot(em, 'Attendance', saved) });
      await this.notices.attendance(em, lesson, saved, (before?.code ?? null) as AttendanceCode | null, code);
      await em.flush();
      return { saved, lesson, changed: true };
    });
  }

  /** «Все присутствуют» (C3): clears every absence of the lesson and records the roll call as taken. */
  async allPresent(lessonId: number, actor: Actor): Promise<Lesson> {
    return this.rules.change(async (em) => {
      const lesson = await this.rules.editableLesson(em, lessonId, actor, true);
      const cleared = await em.find(Attendance, { lesson: lesson.id });
      await this.notices.attendanceCleared(em, lesson, cleared);
      for (const row of cleared) {
        this.audit.record(em, { actor, action: 'delete', entity: 'Attendance', entityId: row.id, schoolId: lesson.school.id, before: this.audit.snapshot(em, 'Attendance', row) });
        em.remove(row);
      }
      this.takeRollCall(em, lesson, actor);
      await em.flush();
      return lesson;
    });
  }

  /** «Готово»: the roll call as the teacher left it is the lesson's attendance. */
  async finishRollCall(lessonId: number, actor: Actor): Promise<Lesson> {
    return this.rules.change(async (em) => {
      const lesson = await this.rules.editableLesson(em, lessonId, actor, true);
      this.takeRollCall(em, lesson, actor);
      await em.flush();
      return lesson;
    });
  }

  /**
   * The class teacher records why a student was absent after the fact (C3: a note from home turns н into
   * б or п). Only between absence codes: whether the student was there is the lesson teacher's record.
   */
  async excuseAbsence(attendanceId: number, code: AttendanceCode, expectedVersion: number, actor: Actor): Promise<Attendance> {
    if (!ABSENCE_CODES.includes(code)) throw new ValidationFailed([problem('valueNotAllowed', 'code', { value: String(code) })]);
    return this.rules.change(async (em) => {
      const row = await em.findOne(Attendance, { id: attendanceId, ...this.rules.schoolFilter(actor) }, { populate: ['lesson.assignment', 'lesson.school'] });
      if (!row) throw new NotFound('Attendance');
      requireAccess(actor, 'attendance.excuse', { schoolId: row.school.id, groupIds: [row.lesson.assignment.group.id] });
      if (!ABSENCE_CODES.includes(row.code)) throw new ValidationFailed([problem('journal.notAnAbsence', 'code', sexParams(await em.findOne(Student, row.student.id)))]);
      if (row.version !== expectedVersion) throw new ConcurrentChange();
      if (row.code === code) return row;
      const before = this.audit.snapshot(em, 'Attendance', row);
      row.code = code;
      await em.flush();
      this.audit.record(em, { actor, action: 'update', entity: 'Attendance', entityId: row.id, schoolId: row.school.id, before, after: this.audit.snapshot(em, 'Attendance', row) });
      await this.notices.attendance(em, row.lesson, row, before.code as AttendanceCode, code);
      await em.flush();
      return row;
    });
  }

  private takeRollCall(em: EntityManager, lesson: Lesson, actor: Actor): void {
    if (lesson.attendanceTakenAt) return;
    const before = this.audit.snapshot(em, 'Lesson', lesson);
    lesson.attendanceTakenAt = this.clock.now();
    this.audit.record(em, { actor, action: 'update', entity: 'Lesson', entityId: lesson.id, schoolId: lesson.school.id, before, after: this.audit.snapshot(em, 'Lesson', lesson) });
  }
}
