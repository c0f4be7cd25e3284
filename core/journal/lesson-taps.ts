import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { AuditLog, AuditRow, Snapshot } from '../audit/audit-log.js';
import { ConcurrentChange, ValidationFailed, problem } from '../base/errors.js';
import { beforeCommit, preparedQuery, preparedStatement } from '../db/prepared-query.js';
import { scheduleCtes, type Schedule } from '../notifications/coalescing.js';
import { recipientsOf, type OutboxEvent, type OutboxRow } from '../notifications/outbox.js';
import type { Clock } from '../time/clock.js';
import { ABSENCE_CODES, ATTENDANCE_CODES, type AttendanceCode } from './attendance-codes.js';
import { absenceEvent, lessonPayloadOf, markEventOf, type JournalNotices } from './journal-notices.js';
import type { LessonEventPayload } from './journal-payloads.js';
import { notInGroup, requireReadableLesson, requireTeacherOfLesson, type JournalRules } from './journal-rules.js';
import type { AttendanceView, LessonSheetView, MarkView } from './journal-views.js';
import { markProblems, type MarkInput } from './marks.js';
import { periodLocked } from './period-lock-check.js';
import { repeatedTap } from './repeated-mark.js';
import { readEntrySheet, readTapSheet, type TapSheet } from './lesson-tap-sheet.js';

/**
 * A journal tap (issue 17): a mark given, one student's attendance set, as the bot's and the Mini App's
 * buttons make them, in three statements: the lesson's lock and one read of all the tap checks and shows
 * (lesson-tap-sheet.ts), sent together; one statement writing the row with its audit line and its
 * notifications and moving the open batches on; nothing read back, the lesson's sheet after the change being
 * the one read, changed. A new row's write goes out with the transaction's COMMIT (beforeCommit: one round
 * trip less), as nothing later in the transaction reads it and an insert has no version to find moved on;
 * a change or removal of a row runs at once, to learn whether its version still held.
 * The rules are the journal's (journal-rules.ts, marks.ts, repeated-mark.ts, the outbox's planning), run
 * over plain values; the answers are those of Marks.give and RollCall.set, which the other changes still use.
 */
export class LessonTaps {
  constructor(
    private readonly em: () => EntityManager,
    private readonly rules: JournalRules,
    private readonly audit: AuditLog,
    private readonly notices: JournalNotices,
    private readonly clock: Clock,
  ) {}

  /** Marks.give, answering with the lesson's sheet after it (see TeacherJournal.giveMark). */
  async giveMark(lessonId: number, studentId: number, value: number, input: MarkInput, actor: Actor): Promise<{ mark: MarkView; sheet: LessonSheetView; given: boolean }> {
    return this.inTransaction(async (em) => {
      const now = this.clock.now();
      const sheet = await this.editable(em, lessonId, actor, studentId, now, 'mark_id_seq');
      const student = requireEnrolled(sheet, studentId);
      const wish = { value, second: input.second ?? null, workTypeId: input.workTypeId };
      if (input.seen !== undefined) {
        const given = repeatedTap(sheet.view.marks.filter((m) => m.studentId === studentId), input.seen, wish);
        if (given) return { mark: given, sheet: this.readable(actor, sheet), given: false };
      }
      const absent = sheet.view.attendance.some((a) => a.studentId === studentId && ABSENCE_CODES.includes(a.code));
      const mark: MarkView = {
        id: sheet.newId!,
        lessonId: sheet.lesson.id,
        studentId,
        ...wish,
        comment: input.comment?.trim() || null,
        makeUp: input.makeUp ?? absent,
        version: 1,
      };
      const problems = await markProblems(mark, {
        subject: sheet.subject,
        workTypeOfSchool: sheet.view.workTypes.some((w) => w.id === mark.workTypeId),
        absent: () => absent,
        student: () => student,
      });
      if (problems.length) throw new ValidationFailed(problems);

      const { schoolId } = sheet.lesson;
      const row = { id: mark.id, school: { id: schoolId }, lesson: { id: mark.lessonId }, student: { id: studentId }, value: mark.value, second: mark.second, workType: { id: mark.workTypeId }, comment: mark.comment, makeUp: mark.makeUp };
      const audit = this.audit.entry({ actor, action: 'create', entity: 'Mark', entityId: mark.id, schoolId, after: this.audit.snapshot(em, 'Mark', row) });
      const workType = sheet.view.workTypes.find((w) => w.id === mark.workTypeId)!.name;
      const event = markEventOf('mark', schoolId, studentId, this.about(sheet, student), mark, workType, `mark:${mark.id}:given`);
      await this.write(em, sheet, event, audit, now, {
        insert: true,
        sql: `insert into mark (id, school_id, lesson_id, student_id, value, second, work_type_id, comment, make_up) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id, version`,
        params: [mark.id, schoolId, mark.lessonId, studentId, mark.value, mark.second, mark.workTypeId, mark.comment, mark.makeUp],
      });
      sheet.view.marks = byId([...sheet.view.marks, mark]);
      return { mark, sheet: this.readable(actor, sheet), given: true };
    });
  }

  /**
   * RollCall.set, answering with the lesson's sheet after it (see TeacherJournal.setAttendance): `saved` is
   * the row now (null: present), `changed` whether it changed.
   */
  async setAttendance(lessonId: number, studentId: number, code: AttendanceCode | null, expectedVersion: number | undefined, actor: Actor): Promise<{ saved: AttendanceView | null; sheet: LessonSheetView; changed: boolean }> {
    if (code !== null && !(ATTENDANCE_CODES as readonly string[]).includes(code)) {
      throw new ValidationFailed([problem('valueNotAllowed', 'code', { value: String(code) })]);
    }
    return this.inTransaction(async (em) => {
      const now = this.clock.now();
      const sheet = await this.editable(em, lessonId, actor, studentId, now, code === null ? undefined : 'attendance_id_seq');
      const student = requireEnrolled(sheet, studentId);
      const row = sheet.view.attendance.find((a) => a.studentId === studentId);
      if (expectedVersion !== undefined && (row?.version ?? 0) !== expectedVersion) throw new ConcurrentChange();
      if (!row && code === null) return { saved: null, sheet: this.readable(actor, sheet), changed: false };
      if (row && row.code === code) return { saved: row, sheet: this.readable(actor, sheet), changed: false };

      const { schoolId } = sheet.lesson;
      const snapshot = (r: { id: number; code: AttendanceCode }) =>
        this.audit.snapshot(em, 'Attendance', { id: r.id, school: { id: schoolId }, lesson: { id: sheet.lesson.id }, student: { id: studentId }, code: r.code });
      const about = this.about(sheet, student);
      let saved: AttendanceView | null;
      if (code === null) {
        saved = null;
        await this.write(em, sheet, absenceEvent(schoolId, about, { ...row!, student: { id: studentId } }, row!.code, null),
          this.audit.entry({ actor, action: 'delete', entity: 'Attendance', entityId: row!.id, schoolId, before: snapshot(row!) }), now,
          { sql: 'delete from attendance where id = ? and version = ? returning id, version', params: [row!.id, row!.version] });
      } else if (row) {
        saved = { ...row, code, version: row.version + 1 };
        await this.write(em, sheet, absenceEvent(schoolId, about, { ...saved, student: { id: studentId } }, row.code, code),
          this.audit.entry({ actor, action: 'update', entity: 'Attendance', entityId: row.id, schoolId, before: snapshot(row), after: snapshot(saved) }), now,
          { sql: 'update attendance set code = ?, version = version + 1, updated_at = ?::timestamptz where id = ? and version = ? returning id, version', params: [code, now, row.id, row.version] });
      } else {
        saved = { id: sheet.newId!, studentId, code, version: 1 };
        await this.write(em, sheet, absenceEvent(schoolId, about, { ...saved, student: { id: studentId } }, null, code),
          this.audit.entry({ actor, action: 'create', entity: 'Attendance', entityId: saved.id, schoolId, after: snapshot(saved) }), now,
          { insert: true, sql: 'insert into attendance (id, school_id, lesson_id, student_id, code) values (?, ?, ?, ?, ?) returning id, version', params: [saved.id, schoolId, sheet.lesson.id, studentId, code] });
      }
      const others = sheet.view.attendance.filter((a) => a.studentId !== studentId);
      sheet.view.attendance = byId(saved ? [...others, saved] : others);
      return { saved, sheet: this.readable(actor, sheet), changed: true };
    });
  }

  /**
   * The teacher is done entering the lesson (`ended`: left its card) or still at it (a tap on its screens):
   * its students' and guardians' news goes out now, or waits the idle time again (Outbox.endLessonEntry,
   * continueLessonEntry). Only the lesson's teacher or substitute moves its entry. Two statements at most.
   */
  async entryActivity(lessonId: number, actor: Actor, ended: boolean): Promise<void> {
    await this.inTransaction(async (em) => {
      const now = this.clock.now();
      const entry = await readEntrySheet(em, lessonId, actor, now);
      requireTeacherOfLesson(actor, entry.parties);
      if (entry.batches.size === 0) return;
      const { ctes, params } = scheduleCtes(this.notices.entrySchedule(entry.batches, entry.known, now, ended), now);
      await preparedQuery(em, preparedStatement(`with ${ctes} select count(*) as n from scheduled`), params);
    });
  }

  /** The work of a tap in the update's transaction (one is open in the bot), or in one of its own. */
  private async inTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const em = this.em();
    return em.isInTransaction() ? work(em) : this.rules.change(work);
  }

  /**
   * The lesson, locked for the tap (marks of a lesson are given one at a time: see repeated-mark.ts) and read
   * after the lock is held, if the actor is its teacher and it is open for changes (JournalRules.editableLesson).
   */
  private async editable(em: EntityManager, lessonId: number, actor: Actor, studentId: number, now: Date, sequence?: 'mark_id_seq' | 'attendance_id_seq'): Promise<TapSheet> {
    const sheet = await readTapSheet(em, lessonId, actor, studentId, now, sequence, [LOCK, [lessonId]]);
    requireTeacherOfLesson(actor, sheet.parties);
    this.rules.requireOpen(sheet.lesson.date, sheet.school.markEditWindow, sheet.school.timeZone, true);
    if (sheet.lock) throw periodLocked(sheet.lock);
    return sheet;
  }

  /** The sheet after the change, for an actor who may see it (as TeacherJournal.lesson checks). */
  private readable(actor: Actor, sheet: TapSheet): LessonSheetView {
    requireReadableLesson(actor, sheet.parties);
    return sheet.view;
  }

  private about(sheet: TapSheet, student: TapSheet['students'][number]): LessonEventPayload {
    return lessonPayloadOf(sheet.lesson, sheet.subject.name, { lastName: student.lastName, firstName: student.firstName, sex: student.sex as LessonEventPayload['studentSex'] });
  }

  /**
   * One statement: the row's change (`change`, returning the row's id and version; none when its version
   * moved on meanwhile: ConcurrentChange, and nothing else is written), its audit line, its notification rows,
   * and the open batches moved on as enqueue moves them. An `insert` goes out with the COMMIT: a failure
   * then fails the whole transaction, whose caller has shown nothing yet (the bot edits the screen after it).
   */
  private async write(em: EntityManager, sheet: TapSheet, event: OutboxEvent, audit: AuditRow, now: Date, change: { sql: string; params: unknown[]; insert?: true }): Promise<void> {
    const { guardiansOf, ...reads } = sheet.outbox;
    const { rows, schedule } = this.notices.plan([event], { ...reads, recipients: recipientsOf([event], guardiansOf) }, now);
    const { sql, params } = writeStatement(change, audit, rows, schedule, now);
    if (change.insert) return beforeCommit(em, sql, params);
    const written = await preparedQuery<{ id: number }>(em, preparedStatement(sql), params);
    if (written.length === 0) throw new ConcurrentChange();
  }
}

/** The student of the tap, if it studies in the lesson's group (and subgroup) on its date, in its school. */
function requireEnrolled(sheet: TapSheet, studentId: number): TapSheet['students'][number] {
  const student = sheet.students.find((s) => s.id === studentId);
  if (!student || student.schoolId !== sheet.lesson.schoolId) throw notInGroup();
  return student;
}

/**
 * The tap's statements are prepared (parsed and planned once a connection, run by name with bound values):
 * PostgreSQL spent more time planning the tap's read and write than running them. The write's text is one of
 * four (the row's insert, update or delete), each prepared once (preparedStatement keeps them by text).
 */
const LOCK = preparedStatement('select 1 from lesson where id = ? for no key update');

const byId = <T extends { id: number }>(rows: T[]): T[] => rows.sort((a, b) => a.id - b.id);

const json = (value: Snapshot | null) => (value === null ? null : JSON.stringify(value));

function writeStatement(change: { sql: string; params: unknown[] }, audit: AuditRow, rows: OutboxRow[], schedule: Schedule, now: Date): { sql: string; params: unknown[] } {
  const scheduled = scheduleCtes(schedule, now, 'exists (select 1 from changed)');
  const told = rows.map((r) => ({
    school_id: r.school, telegram_account_id: r.telegramAccountId, person_kind: r.personKind, person_id: r.personId, student_id: r.studentId, lesson_id: r.lessonId,
    kind: r.kind, payload: r.payload, event_key: r.eventKey, status: r.status, not_before: r.notBefore, open_until: r.openUntil, created_at: r.createdAt, updated_at: r.updatedAt,
  }));
  return {
    sql: `with changed as (${change.sql}),
     audited as (insert into audit_entry (school_id, at, source, actor_kind, actor_staff_id, actor_account_id, action, entity, entity_id, before, after, compromise_report_id)
       select ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ? from changed),
     told as (insert into notification (school_id, telegram_account_id, person_kind, person_id, student_id, lesson_id, kind, payload, event_key, status, not_before, open_until, created_at, updated_at)
       select r.* from changed, jsonb_to_recordset(?::jsonb) as r(school_id int, telegram_account_id bigint, person_kind text, person_id int, student_id int, lesson_id int,
         kind text, payload jsonb, event_key text, status text, not_before timestamptz, open_until timestamptz, created_at timestamptz, updated_at timestamptz)
       on conflict (telegram_account_id, event_key) do nothing),
     ${scheduled.ctes}
     select id, version from changed`,
    params: [
      ...change.params,
      audit.school, audit.at, audit.source, audit.actorKind, audit.actorStaff, audit.actorAccountId, audit.action, audit.entity, audit.entityId, json(audit.before), json(audit.after), audit.compromiseReport,
      JSON.stringify(told),
      ...scheduled.params,
    ],
  };
}
