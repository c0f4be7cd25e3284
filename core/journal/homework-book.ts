import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { NotFound, ValidationFailed, problem } from '../base/errors.js';
import { TimetableSlot } from '../schedule/timetable-slot.entity.js';
import { isSchoolDay, loadSchoolCalendar } from '../school/school-days.js';
import { isIsoDate } from '../school/rules/date-ranges.js';
import { Homework } from './homework.entity.js';
import type { Lesson } from './lesson.entity.js';
import { addDays, isoWeekday } from '../time/local-date.js';
import { ruDate } from '../time/format.js';
import type { JournalNotices } from './journal-notices.js';
import type { JournalRules } from './journal-rules.js';

export interface HomeworkInput {
  text?: string | null;
  /** Individual homework for one student of the lesson's group. */
  studentId?: number | null;
  /** «Без домашнего задания». */
  none?: boolean;
  /** When it is due; by default the assignment's next lesson in the timetable. */
  dueDate?: string | null;
}

/** Homework (C5): the class's or one student's, or «без домашнего задания», possibly in advance. */
export class HomeworkBook {
  constructor(
    private readonly em: () => EntityManager,
    private readonly rules: JournalRules,
    private readonly audit: AuditLog,
    private readonly notices: JournalNotices,
  ) {}

  /**
   * Homework of the lesson (C5): for the group (replacing the group's earlier text), for one student
   * (replacing that student's), or «без домашнего задания»; may be set in advance. Due, unless given, at
   * the assignment's next lesson in the timetable.
   */
  async setHomework(lessonId: number, input: HomeworkInput, actor: Actor): Promise<Homework> {
    return this.rules.change(async (em) => {
      const lesson = await this.rules.editableLesson(em, lessonId, actor, false);
      const text = input.text?.trim() || null;
      const none = input.none ?? false;
      if (none === (text !== null)) throw new ValidationFailed([problem('journal.homeworkTextOrNone', 'text')]);
      const studentId = input.studentId ?? null;
      if (studentId !== null) {
        if (none) throw new ValidationFailed([problem('journal.homeworkTextOrNone', 'text')]);
        await this.rules.requireEnrolled(em, lesson, studentId);
      }
      const dueDate = input.dueDate ?? await nextLessonDate(em, lesson);
      if (dueDate !== null && (!isIsoDate(dueDate) || dueDate <= lesson.date)) {
        throw new ValidationFailed([problem('journal.homeworkDueBeforeLesson', 'dueDate', { date: ruDate(lesson.date) })]);
      }
      const existing = await em.findOne(Homework, { lesson: lesson.id, student: studentId });
      const before = existing ? this.audit.snapshot(em, 'Homework', existing) : null;
      const homework = existing ?? em.create(Homework, { school: lesson.school.id, lesson: lesson.id, student: studentId, text, none, dueDate });
      Object.assign(homework, { text, none, dueDate });
      await em.flush();
      this.audit.record(em, { actor, action: existing ? 'update' : 'create', entity: 'Homework', entityId: homework.id, schoolId: lesson.school.id, before, after: this.audit.snapshot(em, 'Homework', homework) });
      await this.notices.homework(em, lesson, homework);
      await em.flush();
      return homework;
    });
  }

  /** Removes homework; returns its lesson. */
  async removeHomework(homeworkId: number, actor: Actor): Promise<number> {
    return this.rules.change(async (em) => {
      const homework = await em.findOne(Homework, { id: homeworkId, ...this.rules.schoolFilter(actor) });
      if (!homework) throw new NotFound('Homework');
      const lesson = await this.rules.editableLesson(em, homework.lesson.id, actor, false);
      this.audit.record(em, { actor, action: 'delete', entity: 'Homework', entityId: homework.id, schoolId: lesson.school.id, before: this.audit.snapshot(em, 'Homework', homework) });
      em.remove(homework);
      await em.flush();
      return lesson.id;
    });
  }
}

/**
 * The assignment's next timetabled school day after the lesson (three weeks ahead at most), if any: a day the
 * school's calendar keeps free of holidays and vacations (school-days.ts), on which the timetable has the
 * assignment — the timetable, not the school's week, says which weekdays it is taught on.
 */
async function nextLessonDate(em: EntityManager, lesson: Lesson): Promise<string | null> {
  const last = addDays(lesson.date, 21);
  // One after the other: this runs inside a transaction, whose connection takes one query at a time.
  const slots = await em.find(TimetableSlot, { assignment: lesson.assignment.id, validFrom: { $lte: last }, $or: [{ validTo: null }, { validTo: { $gt: lesson.date } }] });
  const calendar = await loadSchoolCalendar(em, { id: lesson.school.id, weekDays: 7 }, addDays(lesson.date, 1));
  for (let date = addDays(lesson.date, 1); date <= last; date = addDays(date, 1)) {
    if (!isSchoolDay(calendar, date)) continue;
    const weekday = isoWeekday(date);
    if (slots.some((s) => s.weekday === weekday && s.validFrom <= date && (!s.validTo || s.validTo >= date))) return date;
  }
  return null;
}
