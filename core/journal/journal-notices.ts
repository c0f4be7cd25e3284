import { createHash } from 'node:crypto';
import { FlushMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Outbox, OutboxEvent, OutboxReads, OutboxRow } from '../notifications/outbox.js';
import type { Batches, Known, Schedule } from '../notifications/coalescing.js';
import type { Clock } from '../time/clock.js';
import type { AttendanceCode } from './attendance-codes.js';
import type { Attendance } from './attendance.entity.js';
import type { Homework } from './homework.entity.js';
import type { Lesson } from './lesson.entity.js';
import type { Mark } from './mark.entity.js';
import type { PeriodMark } from './period-mark.entity.js';
import { lessonRoster } from './roster.js';
import { WorkType } from '../school/work-type.entity.js';
import { Staff } from '../people/staff.entity.js';
import { Student } from '../people/student.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { fullName } from '../people/display-name.js';
import { School } from '../school/school.entity.js';
import type { AbsencePayload, CancelledPayload, HomeworkPayload, LessonEventPayload, MarkPayload, PeriodMarkPayload, SchedulePayload } from './journal-payloads.js';

/** What a rollback undid of one entry (see CancelledPayload). */
export type Cancellation = Pick<CancelledPayload, 'entry' | 'entryId' | 'cancelled' | 'restored'>;

const read = { flushMode: FlushMode.COMMIT } as const;

/**
 * The notifications of the journal's changes (D10), one call per change, made by the journal's services
 * inside the transaction of the change: rows are persisted by its flush, and a refused change writes none.
 */
export class JournalNotices {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** The outbox's rows of `events` and their batches' schedule, for a change that read the outbox's part itself (Outbox.plan). */
  plan(events: readonly OutboxEvent[], reads: OutboxReads, now: Date): { rows: OutboxRow[]; schedule: Schedule } {
    return this.outbox.plan(events, reads, now);
  }

  /** Outbox.entrySchedule: when a lesson's open batches are due, its entry having ended or going on. */
  entrySchedule(batches: Batches, known: Omit<Known, 'preferenceChats'>, now: Date, ended: boolean): Schedule {
    return this.outbox.entrySchedule(batches, known, now, ended);
  }

  /** A mark given (C4). */
  async markGiven(em: EntityManager, mark: Mark): Promise<void> {
    await this.outbox.enqueue(em, [await markEvent(em, 'mark', mark, `mark:${mark.id}:given`)]);
  }

  /** A mark's value changed (`before`: the audit snapshot before the change); other edits are not news. */
  async markChanged(em: EntityManager, mark: Mark, before: Record<string, unknown>): Promise<void> {
    const oldValue = Number(before.value);
    const oldSecond = before.second === null || before.second === undefined ? null : Number(before.second);
    if (oldValue === mark.value && oldSecond === (mark.second ?? null)) return;
    const event = await markEvent(em, 'markChanged', mark, `mark:${mark.id}:changed:v${mark.version}`);
    Object.assign(event.payload, { oldValue, oldSecond });
    await this.outbox.enqueue(em, [event]);
  }

  async markRemoved(em: EntityManager, mark: Mark): Promise<void> {
    await this.outbox.enqueue(em, [await markEvent(em, 'markRemoved', mark, `mark:${mark.id}:removed`)]);
  }

  /** An absence or lateness that appeared or changed (`row`), or disappeared (`row` removed, `code` null). */
  async attendance(em: EntityManager, lesson: Lesson, row: Attendance, oldCode: AttendanceCode | null, code: AttendanceCode | null): Promise<void> {
    if (oldCode === code) return;
    await this.outbox.enqueue(em, [absenceEvent(lesson.school.id, await lessonPayload(em, lesson, row.student.id), row, oldCode, code)]);
  }

  /** «Все присутствуют»: every absence of the lesson cleared. */
  async attendanceCleared(em: EntityManager, lesson: Lesson, rows: Attendance[]): Promise<void> {
    const events: OutboxEvent[] = [];
    for (const row of rows) {
      const payload: AbsencePayload = { ...(await lessonPayload(em, lesson, row.student.id)), code: null, oldCode: row.code };
      events.push({ schoolId: lesson.school.id, kind: 'absence', studentId: row.student.id, lessonId: lesson.id, payload: { ...payload }, eventKey: `absence:${row.id}:removed` });
    }
    await this.outbox.enqueue(em, events);
  }

  /**
   * Homework set or changed: the group's goes to every student of the lesson, an individual one to its
   * student. Homework is the last thing a teacher enters for a lesson: its entry is over (see entryEnded).
   */
  async homework(em: EntityManager, lesson: Lesson, homework: Homework): Promise<void> {
    const school = await em.findOneOrFail(School, lesson.school.id, read);
    if (!homework.dueDate || homework.dueDate >= this.clock.today(school.timeZone)) {
      const version = createHash('sha256').update(JSON.stringify([homework.text, homework.none, homework.dueDate])).digest('hex').slice(0, 12);
      const studentIds = homework.student ? [homework.student.id] : (await lessonRoster(em, lesson)).map((s) => s.id);
      const events: OutboxEvent[] = [];
      for (const studentId of studentIds) {
        const payload: HomeworkPayload = {
          ...(await lessonPayload(em, lesson, studentId)),
          homeworkId: homework.id,
          text: homework.text ?? null,
          none: homework.none,
          dueDate: homework.dueDate ?? null,
          individual: Boolean(homework.student),
        };
        events.push({ schoolId: lesson.school.id, kind: 'homework', studentId, lessonId: lesson.id, payload: { ...payload }, eventKey: `homework:${homework.id}:${version}:${studentId}` });
      }
      await this.outbox.enqueue(em, events);
    }
    await this.entryEnded(em, lesson);
  }

  /**
   * The teacher's entry of the lesson is over (homework set, the lesson's card left): what its students and
   * guardians were waiting for goes out now, one message each, instead of after the idle time.
   */
  async entryEnded(em: EntityManager, lesson: Lesson): Promise<void> {
    await this.outbox.endLessonEntry(em, lesson.id);
  }

  /** A substitution registered or cancelled (C6, A11), for the lesson's students, if the lesson is still ahead. */
  async substitution(em: EntityManager, lesson: Lesson, previousSubstituteId: unknown): Promise<void> {
    const substituteId = lesson.substituteTeacher?.id ?? null;
    if ((previousSubstituteId ?? null) === substituteId) return;
    const school = await em.findOneOrFail(School, lesson.school.id, read);
    if (lesson.date < this.clock.today(school.timeZone)) return;
    const substitute = substituteId === null ? null : await em.findOneOrFail(Staff, substituteId, read);
    const events: OutboxEvent[] = [];
    for (const { id: studentId } of await lessonRoster(em, lesson)) {
      const payload: SchedulePayload = { ...(await lessonPayload(em, lesson, studentId)), substitute: substitute ? fullName(substitute) : null };
      events.push({ schoolId: lesson.school.id, kind: 'schedule', studentId, payload: { ...payload }, eventKey: `schedule:${lesson.id}:${substituteId ?? 0}:v${lesson.version}:${studentId}` });
    }
    await this.outbox.enqueue(em, events);
  }

  /** A period mark given (C7): `mark` with the period's name, for the student and its guardians. */
  async periodMark(em: EntityManager, periodMark: PeriodMark, periodName: string): Promise<void> {
    if (!periodMark.value) return;
    const assignment = await em.findOneOrFail(TeachingAssignment, periodMark.assignment.id, { ...read, populate: ['subject'] });
    const student = await em.findOneOrFail(Student, periodMark.student.id, read);
    const payload: PeriodMarkPayload = {
      period: periodName,
      periodMarkId: periodMark.id,
      subject: assignment.subject.name,
      studentName: `${student.lastName} ${student.firstName}`,
      studentSex: student.sex,
      value: periodMark.value,
    };
    await this.outbox.enqueue(em, [{ schoolId: periodMark.school.id, kind: 'mark', studentId: student.id, payload: { ...payload }, eventKey: `period-mark:${periodMark.id}:v${periodMark.version}` }]);
  }

  /**
   * A lesson's entry made through leaked access undone by the administrator's rollback (B3): told to the
   * students concerned and their guardians as `cancelled`, once per report.
   */
  async cancelled(em: EntityManager, lesson: Lesson, studentIds: readonly number[], what: Cancellation, reportId: number): Promise<void> {
    const events: OutboxEvent[] = [];
    for (const studentId of studentIds) {
      const payload: CancelledPayload = { ...(await lessonPayload(em, lesson, studentId)), ...what };
      events.push({ schoolId: lesson.school.id, kind: 'cancelled', studentId, payload: { ...payload }, eventKey: cancelledKey(reportId, what, studentId) });
    }
    await this.outbox.enqueue(em, events);
  }

  /** A period mark made through leaked access undone (B3), as `cancelled` with the period's name. */
  async periodMarkCancelled(em: EntityManager, row: { school: number; assignment: number; student: number }, periodName: string, what: Cancellation, reportId: number): Promise<void> {
    const assignment = await em.findOneOrFail(TeachingAssignment, row.assignment, { ...read, populate: ['subject'] });
    const student = await em.findOneOrFail(Student, row.student, read);
    const payload: CancelledPayload = { ...what, period: periodName, subject: assignment.subject.name, studentName: `${student.lastName} ${student.firstName}`, studentSex: student.sex };
    await this.outbox.enqueue(em, [{ schoolId: row.school, kind: 'cancelled', studentId: student.id, payload: { ...payload }, eventKey: cancelledKey(reportId, what, student.id) }]);
  }
}

const cancelledKey = (reportId: number, what: Cancellation, studentId: number) => `cancelled:${reportId}:${what.entry}:${what.entryId}:${studentId}`;

async function markEvent(em: EntityManager, kind: 'mark' | 'markChanged' | 'markRemoved', mark: Mark, eventKey: string): Promise<OutboxEvent> {
  const workType = await em.findOne(WorkType, mark.workType.id, read);
  const about = await lessonPayload(em, mark.lesson, mark.student.id);
  const { id, value, makeUp } = mark;
  return markEventOf(kind, mark.school.id, mark.student.id, about, { id, value, second: mark.second ?? null, comment: mark.comment ?? null, makeUp }, workType?.name ?? '', eventKey);
}

async function lessonPayload(em: EntityManager, lesson: Lesson, studentId: number): Promise<LessonEventPayload> {
  const assignment = await em.findOneOrFail(TeachingAssignment, lesson.assignment.id, { ...read, populate: ['subject'] });
  const student = await em.findOneOrFail(Student, studentId, read);
  return lessonPayloadOf(lesson, assignment.subject.name, student);
}

// The events as plain values, from whatever read the rows: the services above, and a journal tap that read
// its lesson in one statement (lesson-taps.ts).

/** What every event of a lesson about one student says: the lesson, its subject and the student. */
export function lessonPayloadOf(
  lesson: { id: number; date: string; lessonNumber: number },
  subject: string,
  student: { lastName: string; firstName: string; sex: LessonEventPayload['studentSex'] },
): LessonEventPayload {
  return {
    lessonId: lesson.id,
    subject,
    date: lesson.date,
    lessonNumber: lesson.lessonNumber,
    studentName: `${student.lastName} ${student.firstName}`,
    studentSex: student.sex,
  };
}

/** A mark's event (given, changed or removed), for its student and the student's guardians. */
export function markEventOf(
  kind: 'mark' | 'markChanged' | 'markRemoved',
  schoolId: number,
  studentId: number,
  about: LessonEventPayload,
  mark: { id: number; value: number; second: number | null; comment: string | null; makeUp: boolean },
  workType: string,
  eventKey: string,
): OutboxEvent {
  const payload: MarkPayload = { ...about, markId: mark.id, value: mark.value, second: mark.second, workType, comment: mark.comment, makeUp: mark.makeUp };
  return { schoolId, kind, studentId, lessonId: about.lessonId, payload: { ...payload }, eventKey };
}

/** An absence or lateness that appeared or changed (`row` at its new version), or disappeared (`code` null). */
export function absenceEvent(schoolId: number, about: LessonEventPayload, row: { id: number; version: number; student: { id: number } }, oldCode: AttendanceCode | null, code: AttendanceCode | null): OutboxEvent {
  const eventKey = code === null ? `absence:${row.id}:removed` : `absence:${row.id}:v${row.version}`;
  const payload: AbsencePayload = { ...about, code, oldCode };
  return { schoolId, kind: 'absence', studentId: row.student.id, lessonId: about.lessonId, payload: { ...payload }, eventKey };
}
