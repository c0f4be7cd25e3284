import { createHash } from 'node:crypto';
import { FlushMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Attendance, AttendanceCode } from '../journal/attendance.entity.js';
import { localDate } from '../time/local-date.js';
import type { Homework } from '../journal/homework.entity.js';
import type { Lesson } from '../journal/lesson.entity.js';
import type { Mark } from '../journal/mark.entity.js';
import type { PeriodMark } from '../journal/period-mark.entity.js';
import { lessonRoster } from '../journal/roster.js';
import { WorkType } from '../journal/work-type.entity.js';
import { Staff } from '../people/staff.entity.js';
import { Student } from '../people/student.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { fullName } from '../school/rules/names.js';
import { School } from '../school/school.entity.js';
import type { AbsencePayload, HomeworkPayload, LessonEventPayload, MarkPayload, PeriodMarkPayload, SchedulePayload } from './journal-payloads.js';
import { enqueueMany, type OutboxEvent } from './outbox.js';

const read = { flushMode: FlushMode.COMMIT } as const;

/**
 * The notifications of the journal's changes (D10), one call per change, made by JournalService inside the
 * transaction of the change: rows are persisted by its flush, and a refused change writes none.
 */
export const journalNotices = {
  /** A mark given (C4). */
  async markGiven(em: EntityManager, mark: Mark, now: Date): Promise<void> {
    await enqueueMany(em, [await markEvent(em, 'mark', mark, `mark:${mark.id}:given`)], now);
  },

  /** A mark's value changed (`before`: the audit snapshot before the change); other edits are not news. */
  async markChanged(em: EntityManager, mark: Mark, before: Record<string, unknown>, now: Date): Promise<void> {
    const oldValue = Number(before.value);
    const oldSecond = before.second === null || before.second === undefined ? null : Number(before.second);
    if (oldValue === mark.value && oldSecond === (mark.second ?? null)) return;
    const event = await markEvent(em, 'markChanged', mark, `mark:${mark.id}:changed:v${mark.version}`);
    Object.assign(event.payload, { oldValue, oldSecond });
    await enqueueMany(em, [event], now);
  },

  async markRemoved(em: EntityManager, mark: Mark, now: Date): Promise<void> {
    await enqueueMany(em, [await markEvent(em, 'markRemoved', mark, `mark:${mark.id}:removed`)], now);
  },

  /** An absence or lateness that appeared or changed (`row`), or disappeared (`row` removed, `code` null). */
  async attendance(em: EntityManager, lesson: Lesson, row: Attendance, oldCode: AttendanceCode | null, code: AttendanceCode | null, now: Date): Promise<void> {
    if (oldCode === code) return;
    const key = code === null ? `absence:${row.id}:removed` : `absence:${row.id}:v${row.version}`;
    const payload: AbsencePayload = { ...(await lessonPayload(em, lesson, row.student.id)), code, oldCode };
    await enqueueMany(em, [{ schoolId: lesson.school.id, kind: 'absence', studentId: row.student.id, payload: { ...payload }, eventKey: key }], now);
  },

  /** «Все присутствуют»: every absence of the lesson cleared. */
  async attendanceCleared(em: EntityManager, lesson: Lesson, rows: Attendance[], now: Date): Promise<void> {
    const events: OutboxEvent[] = [];
    for (const row of rows) {
      const payload: AbsencePayload = { ...(await lessonPayload(em, lesson, row.student.id)), code: null, oldCode: row.code };
      events.push({ schoolId: lesson.school.id, kind: 'absence', studentId: row.student.id, payload: { ...payload }, eventKey: `absence:${row.id}:removed` });
    }
    await enqueueMany(em, events, now);
  },

  /** Homework set or changed: the group's goes to every student of the lesson, an individual one to its student. */
  async homework(em: EntityManager, lesson: Lesson, homework: Homework, now: Date): Promise<void> {
    const school = await em.findOneOrFail(School, lesson.school.id, read);
    if (homework.dueDate && homework.dueDate < localDate(now, school.timeZone)) return;
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
      events.push({ schoolId: lesson.school.id, kind: 'homework', studentId, payload: { ...payload }, eventKey: `homework:${homework.id}:${version}:${studentId}` });
    }
    await enqueueMany(em, events, now);
  },

  /** A substitution registered or cancelled (C6, A11), for the lesson's students, if the lesson is still ahead. */
  async substitution(em: EntityManager, lesson: Lesson, previousSubstituteId: unknown, now: Date): Promise<void> {
    const substituteId = lesson.substituteTeacher?.id ?? null;
    if ((previousSubstituteId ?? null) === substituteId) return;
    const school = await em.findOneOrFail(School, lesson.school.id, read);
    if (lesson.date < localDate(now, school.timeZone)) return;
    const substitute = substituteId === null ? null : await em.findOneOrFail(Staff, substituteId, read);
    const events: OutboxEvent[] = [];
    for (const { id: studentId } of await lessonRoster(em, lesson)) {
      const payload: SchedulePayload = { ...(await lessonPayload(em, lesson, studentId)), substitute: substitute ? fullName(substitute) : null };
      events.push({ schoolId: lesson.school.id, kind: 'schedule', studentId, payload: { ...payload }, eventKey: `schedule:${lesson.id}:${substituteId ?? 0}:v${lesson.version}:${studentId}` });
    }
    await enqueueMany(em, events, now);
  },
};

async function markEvent(em: EntityManager, kind: 'mark' | 'markChanged' | 'markRemoved', mark: Mark, eventKey: string): Promise<OutboxEvent> {
  const workType = await em.findOne(WorkType, mark.workType.id, read);
  const payload: MarkPayload = {
    ...(await lessonPayload(em, mark.lesson, mark.student.id)),
    markId: mark.id,
    value: mark.value,
    second: mark.second ?? null,
    workType: workType?.name ?? '',
    comment: mark.comment ?? null,
    makeUp: mark.makeUp,
  };
  return { schoolId: mark.school.id, kind, studentId: mark.student.id, payload: { ...payload }, eventKey };
}

async function lessonPayload(em: EntityManager, lesson: Lesson, studentId: number): Promise<LessonEventPayload> {
  const assignment = await em.findOneOrFail(TeachingAssignment, lesson.assignment.id, { ...read, populate: ['subject'] });
  const student = await em.findOneOrFail(Student, studentId, read);
  return {
    lessonId: lesson.id,
    subject: assignment.subject.name,
    date: lesson.date,
    lessonNumber: lesson.lessonNumber,
    studentName: `${student.lastName} ${student.firstName}`,
    studentSex: student.sex,
  };
}

/** A period mark given (C7): `mark` with the period's name, for the student and its guardians. */
export async function notifyPeriodMark(em: EntityManager, periodMark: PeriodMark, periodName: string, now: Date): Promise<void> {
  if (!periodMark.value) return;
  const assignment = await em.findOneOrFail(TeachingAssignment, periodMark.assignment.id, { ...read, populate: ['subject'] });
  const student = await em.findOneOrFail(Student, periodMark.student.id, read);
  const payload: PeriodMarkPayload = {
    period: periodName,
    periodMarkId: periodMark.id,
    subject: assignment.subject.name,
    studentName: `${student.lastName} ${student.firstName}`,
    value: periodMark.value,
  };
  await enqueueMany(em, [{ schoolId: periodMark.school.id, kind: 'mark', studentId: student.id, payload: { ...payload }, eventKey: `period-mark:${periodMark.id}:v${periodMark.version}` }], now);
}
