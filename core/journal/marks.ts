import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { ValidationFailed, problem, type Problem } from '../base/errors.js';
import type { Lesson } from './lesson.entity.js';
import { Mark } from './mark.entity.js';
import { markOfRepeatedTap } from './repeated-mark.js';
import { WorkType } from '../school/work-type.entity.js';
import type { JournalNotices } from './journal-notices.js';
import type { JournalRules } from './journal-rules.js';
import { Student } from '../people/student.entity.js';
import { sexParams } from '../people/sex-context.js';

export interface MarkInput {
  /** The second mark of a double mark 5/4, where the subject allows it. */
  second?: number | null;
  workTypeId: number;
  comment?: string | null;
  /**
   * A mark for work made up after an absence: the absence stays recorded. Omitted when giving a mark: a
   * make-up mark exactly when the student is recorded absent from the lesson.
   */
  makeUp?: boolean;
  /** How many marks the student had in the lesson when the teacher chose this one (see repeated-mark.ts). */
  seen?: number;
}

export type MarkChange = Partial<Omit<MarkInput, 'seen'>> & { value?: number };

/** Marks (C4, C8): given, changed and removed by the lesson's teacher inside the edit window. */
export class Marks {
  constructor(
    private readonly em: () => EntityManager,
    private readonly rules: JournalRules,
    private readonly audit: AuditLog,
    private readonly notices: JournalNotices,
  ) {}

  /** A mark 2–5 with its work type (C4). */
  async giveMark(lessonId: number, studentId: number, value: number, input: MarkInput, actor: Actor): Promise<Mark> {
    return (await this.give(lessonId, studentId, value, input, actor)).mark;
  }

  /**
   * giveMark, answering also with the lesson as the change checked it (loaded in full, see
   * JournalRules.findLesson) and whether this call gave the mark (false: a repeated tap found the mark an
   * earlier press gave, and nothing was written or told).
   */
  async give(lessonId: number, studentId: number, value: number, input: MarkInput, actor: Actor): Promise<{ mark: Mark; lesson: Lesson; given: boolean }> {
    return this.rules.change(async (em) => {
      const lesson = await this.rules.editableLesson(em, lessonId, actor, true);
      await this.rules.requireEnrolled(em, lesson, studentId);
      if (input.seen !== undefined) {
        const given = await markOfRepeatedTap(em, lesson.id, studentId, input.seen, { value, second: input.second ?? null, workTypeId: input.workTypeId });
        if (given) return { mark: given, lesson, given: false };
      }
      const mark = em.create(Mark, {
        school: lesson.school.id,
        lesson: lesson.id,
        student: studentId,
        value,
        second: input.second ?? null,
        workType: input.workTypeId,
        comment: cleanComment(input.comment),
        makeUp: input.makeUp ?? false,
      });
      // Read once: the make-up flag follows it, and the check below needs it only when the flag was given.
      const absent = input.makeUp === undefined ? await this.rules.isAbsent(em, lesson, studentId) : undefined;
      if (absent !== undefined) mark.makeUp = absent;
      await this.checkMark(em, lesson, mark, absent);
      await em.flush();
      this.audit.record(em, { actor, action: 'create', entity: 'Mark', entityId: mark.id, schoolId: lesson.school.id, after: this.audit.snapshot(em, 'Mark', mark) });
      await this.notices.markGiven(em, mark);
      await em.flush();
      return { mark, lesson, given: true };
    });
  }

  /** Changes a mark the teacher saw at `expectedVersion` (C8: inside the edit window, audited). */
  async changeMark(markId: number, change: MarkChange, expectedVersion: number, actor: Actor): Promise<Mark> {
    return this.rules.change(async (em) => {
      const mark = await this.rules.editableMark(em, markId, expectedVersion, actor);
      const lesson = mark.lesson;
      const before = this.audit.snapshot(em, 'Mark', mark);
      if (change.value !== undefined) mark.value = change.value;
      if (change.second !== undefined) mark.second = change.second;
      if (change.workTypeId !== undefined) mark.workType = em.getReference(WorkType, change.workTypeId);
      if (change.comment !== undefined) mark.comment = cleanComment(change.comment);
      if (change.makeUp !== undefined) mark.makeUp = change.makeUp;
      await this.checkMark(em, lesson, mark);
      const after = this.audit.snapshot(em, 'Mark', mark);
      if (JSON.stringify(before) === JSON.stringify(after)) return mark;
      this.audit.record(em, { actor, action: 'update', entity: 'Mark', entityId: mark.id, schoolId: lesson.school.id, before, after });
      await this.notices.markChanged(em, mark, before);
      await em.flush();
      return mark;
    });
  }

  async removeMark(markId: number, expectedVersion: number, actor: Actor): Promise<void> {
    await this.rules.change(async (em) => {
      const mark = await this.rules.editableMark(em, markId, expectedVersion, actor);
      const before = this.audit.snapshot(em, 'Mark', mark);
      em.remove(mark);
      this.audit.record(em, { actor, action: 'delete', entity: 'Mark', entityId: mark.id, schoolId: mark.school.id, before });
      await this.notices.markRemoved(em, mark);
      await em.flush();
    });
  }

  /**
   * The rules of a mark in its lesson (C4): 2–5, a double mark where the subject allows it, the school's work
   * type, make-up when absent. `absent`: whether the student is recorded absent, when the caller read it already.
   */
  async checkMark(em: EntityManager, lesson: Lesson, mark: Mark, absent?: boolean): Promise<void> {
    const workType = await em.findOne(WorkType, { id: mark.workType.id, school: lesson.school.id });
    const problems = await markProblems(mark, {
      subject: lesson.assignment.subject,
      workTypeOfSchool: workType !== null,
      absent: async () => absent ?? await this.rules.isAbsent(em, lesson, mark.student.id),
      student: async () => em.findOne(Student, mark.student.id),
    });
    if (problems.length) throw new ValidationFailed(problems);
  }
}

/** What the rules of a mark (checkMark) need to know of its lesson and student, read however the caller reads. */
export interface MarkSetting {
  subject: { name: string; doubleMarksAllowed: boolean };
  /** Whether the mark's work type is one of the lesson's school. */
  workTypeOfSchool: boolean;
  /** Whether the student is recorded absent from the lesson (asked only for a mark that is not make-up). */
  absent: () => boolean | Promise<boolean>;
  /** The student, for the wording of a refusal (asked only then). */
  student: () => Parameters<typeof sexParams>[0] | Promise<Parameters<typeof sexParams>[0]>;
}

/** The rules of a mark in its lesson (C4): 2–5, a double mark where the subject allows it, the school's work type, make-up when absent. */
export async function markProblems(mark: { value: number; second?: number | null; makeUp: boolean }, setting: MarkSetting): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (!isMarkValue(mark.value)) problems.push(problem('journal.markInvalid', 'value', { value: String(mark.value) }));
  if (mark.second !== null && mark.second !== undefined) {
    if (!isMarkValue(mark.second)) problems.push(problem('journal.markInvalid', 'second', { value: String(mark.second) }));
    else if (!setting.subject.doubleMarksAllowed) problems.push(problem('journal.doubleMarkNotAllowed', 'second', { subject: setting.subject.name }));
  }
  if (!setting.workTypeOfSchool) problems.push(problem('referenceInvalid', 'workType'));
  // An absent student's mark is for work made up later: the absence stays, the mark says so (C4).
  if (!mark.makeUp && await setting.absent()) problems.push(problem('journal.absentNeedsMakeUp', 'makeUp', sexParams(await setting.student())));
  return problems;
}

function isMarkValue(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 2 && (value as number) <= 5;
}

function cleanComment(comment: string | null | undefined): string | null {
  return comment?.trim() || null;
}

