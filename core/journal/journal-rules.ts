import { OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { schoolScope, type Actor } from '../access/actor.js';
import { inSchool, requireAccess, requireTeachesLesson } from '../access/policy.js';
import { inSubgroup, studentsOf } from '../access/relations.js';
import { isIsoDate } from '../school/rules/date-ranges.js';
import { ConcurrentChange, NotFound, ValidationFailed, problem } from '../base/errors.js';
import { Student } from '../people/student.entity.js';
import type { EditWindow } from '../school/school.entity.js';
import { ABSENCE_CODES, Attendance } from './attendance.entity.js';
import { Lesson } from './lesson.entity.js';
import { Mark } from './mark.entity.js';
import { requireUnlocked } from './period-lock-check.js';
import { lastEditableDay } from './edit-window.js';
import { ruDate } from '../time/format.js';
import type { Clock } from '../time/clock.js';

const MAX_LESSON_NUMBER = 20;

/** A lesson's place in the journal: a real date and a lesson number of a school day. */
export function requireLessonPlace(date: string, lessonNumber: number): void {
  if (!isIsoDate(date)) throw new ValidationFailed([problem('dateInvalid', 'date')]);
  if (!Number.isInteger(lessonNumber) || lessonNumber < 1 || lessonNumber > MAX_LESSON_NUMBER) {
    throw new ValidationFailed([problem('outOfRange', 'lessonNumber', { min: 1, max: MAX_LESSON_NUMBER })]);
  }
}

/**
 * The journal's rules (SPEC C1–C8), shared by its services (lessons, roll call, marks, homework): every change is checked against the actor's rights, the school's edit window and the rows'
 * versions, and is audited (before/after) in the transaction that makes it; a refused change changes nothing.
 *
 * Only the lesson's teacher (the assignment's teacher) or its substitute may edit a lesson. That is
 * stricter than the `journal.edit` grant: the administrator holds every permission school-wide, but SPEC's
 * role table says it must not enter or change marks as a teacher, so an actor editing the journal must hold
 * `journal.edit` through its own assignments (the teacher role) and be that lesson's teacher.
 */
export class JournalRules {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  /** Runs a change in one transaction; a concurrent update of a versioned row becomes ConcurrentChange. */
  async change<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.em().transactional((em) => work(em));
    } catch (err) {
      if (err instanceof OptimisticLockError) throw new ConcurrentChange();
      throw err;
    }
  }

  /** The lesson, for its teacher, its substitute, or whoever may see the group's journal. */
  async readableLesson(em: EntityManager, lessonId: number, actor: Actor): Promise<Lesson> {
    const lesson = await this.findLesson(em, lessonId, actor);
    this.requireReadable(actor, lesson);
    return lesson;
  }

  /** The check of readableLesson, for a lesson loaded already (by findLesson, in this update). */
  requireReadable(actor: Actor, lesson: Lesson): void {
    requireReadableLesson(actor, lessonParties(lesson));
  }

  schoolFilter(actor: Actor): { school?: number } {
    return schoolScope(actor);
  }

  async findLesson(em: EntityManager, lessonId: number, actor: Actor): Promise<Lesson> {
    const lesson = await em.findOne(Lesson, { id: lessonId, ...this.schoolFilter(actor) }, { populate: ['assignment.subject', 'assignment.group', 'assignment.subgroup', 'school', 'substituteTeacher'] });
    if (!lesson) throw new NotFound('Lesson');
    return lesson;
  }

  /** The lesson, if the actor is its teacher and it is still open for changes (`marks`: not in the future either). */
  async editableLesson(em: EntityManager, lessonId: number, actor: Actor, marks: boolean): Promise<Lesson> {
    const lesson = await this.findLesson(em, lessonId, actor);
    this.requireLessonTeacher(actor, lesson);
    this.requireOpen(lesson.date, lesson.school.markEditWindow, lesson.school.timeZone, marks);
    await requireUnlocked(em, lesson);
    return lesson;
  }

  async editableMark(em: EntityManager, markId: number, expectedVersion: number, actor: Actor): Promise<Mark> {
    const mark = await em.findOne(Mark, { id: markId, ...this.schoolFilter(actor) }, { populate: ['lesson', 'lesson.assignment', 'lesson.assignment.subject', 'lesson.school'] });
    if (!mark) throw new NotFound('Mark');
    const lesson = mark.lesson;
    this.requireLessonTeacher(actor, lesson);
    this.requireOpen(lesson.date, lesson.school.markEditWindow, lesson.school.timeZone, true);
    await requireUnlocked(em, lesson);
    if (mark.version !== expectedVersion) throw new ConcurrentChange();
    return mark;
  }

  /** See the class comment: the lesson's own teacher or its substitute, as a teacher. */
  requireLessonTeacher(actor: Actor, lesson: Lesson): void {
    requireTeacherOfLesson(actor, lessonParties(lesson));
  }

  /**
   * The school's edit window (A14, C8), counted in the school's time zone from the lesson's date: 'never'
   * leaves only the lesson's day. With `marks`, a lesson that has not come yet is refused too.
   */
  requireOpen(date: string, window: EditWindow, timeZone: string, marks: boolean): void {
    const today = this.clock.today(timeZone);
    if (marks && date > today) throw new ValidationFailed([problem('journal.lessonNotYet', 'date', { date: ruDate(date) })]);
    const last = lastEditableDay(date, window);
    if (today <= last) return;
    if (window === 'never') throw new ValidationFailed([problem('journal.onlyOnLessonDay', 'date', { date: ruDate(date) })]);
    throw new ValidationFailed([problem('journal.editWindowClosed', 'date', { date: ruDate(date), until: ruDate(last) })]);
  }

  /** The student studies in the lesson's group (and subgroup) on the lesson's date. */
  async requireEnrolled(em: EntityManager, lesson: Lesson, studentId: number): Promise<void> {
    const refuse = notInGroup;
    const student = await em.findOne(Student, { id: studentId, school: lesson.school.id });
    if (!student) throw refuse();
    if (!(await studentsOf(em, [lesson.assignment.group.id], lesson.date, [studentId])).length) throw refuse();
    if (lesson.assignment.subgroup && !(await inSubgroup(em, lesson.assignment.subgroup.id, [studentId])).has(studentId)) throw refuse();
  }

  async isAbsent(em: EntityManager, lesson: Lesson, studentId: number): Promise<boolean> {
    const row = await em.findOne(Attendance, { lesson: lesson.id, student: studentId });
    return row !== null && ABSENCE_CODES.includes(row.code);
  }
}

/** Who a lesson's rights are about, as plain values: its school, group, teacher and substitute. */
export interface LessonParties {
  schoolId: number;
  groupId: number;
  teacherId: number;
  substituteId: number | null;
}

const lessonParties = (lesson: Lesson): LessonParties => ({
  schoolId: lesson.school.id,
  groupId: lesson.assignment.group.id,
  teacherId: lesson.assignment.teacher.id,
  substituteId: lesson.substituteTeacher?.id ?? null,
});

/** The check of JournalRules.requireReadable: the lesson's substitute, or whoever may see the group's journal. */
export function requireReadableLesson(actor: Actor, lesson: LessonParties): void {
  if (!inSchool(actor, lesson.schoolId)) throw new NotFound('Lesson');
  if (lesson.substituteId === null || lesson.substituteId !== actor.staffId) {
    requireAccess(actor, 'journal.view', { schoolId: lesson.schoolId, groupIds: [lesson.groupId], teacherId: lesson.teacherId });
  }
}

/** The check of JournalRules.requireLessonTeacher (see the class comment). */
export function requireTeacherOfLesson(actor: Actor, lesson: LessonParties): void {
  const teacherIds = [lesson.teacherId];
  if (lesson.substituteId !== null) teacherIds.push(lesson.substituteId);
  requireTeachesLesson(actor, { schoolId: lesson.schoolId, teacherIds });
}

/** The refusal of a student who does not study in the lesson's group (or subgroup) on its date. */
export const notInGroup = () => new ValidationFailed([problem('journal.notInGroup', 'student')]);
