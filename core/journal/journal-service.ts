import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { schoolScope, type Actor } from '../access/actor.js';
import { requireAccess, requireTeachesLesson } from '../access/policy.js';
import { inSubgroup, studentsOf } from '../access/relations.js';
import type { AuditLog } from '../audit/audit-log.js';
import { ConcurrentChange, NotFound, ValidationFailed, problem, type Problem } from '../errors.js';
import { Staff } from '../people/staff.entity.js';
import { Student } from '../people/student.entity.js';
import { ControlWork } from '../schedule/control-work.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { TimetableSlot } from '../schedule/timetable-slot.entity.js';
import { Holiday } from '../school/holiday.entity.js';
import { ThematicPlanTopic } from '../schedule/thematic-plan-topic.entity.js';
import { isIsoDate } from '../school/rules/date-ranges.js';
import { checkTopicTitle } from '../school/rules/topic-title.js';
import type { EditWindow } from '../school/school.entity.js';
import { ABSENCE_CODES, ATTENDANCE_CODES, Attendance, type AttendanceCode } from './attendance.entity.js';
import { Homework } from './homework.entity.js';
import { Lesson } from './lesson.entity.js';
import { Mark } from './mark.entity.js';
import { requireUnlocked } from './period-lock-check.js';
import { WorkType } from './work-type.entity.js';
import { lessonRoster, type RosterStudent } from './roster.js';
import { addDays, isoWeekday } from '../time/local-date.js';
import { lastEditableDay } from './edit-window.js';
import { ruDate } from '../time/format.js';
import { journalNotices } from '../notifications/journal-events.js';
import type { Clock } from '../time/clock.js';

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
}

export type MarkChange = Partial<MarkInput> & { value?: number };

export type TopicInput = { text: string } | { planTopicId: number };

export interface HomeworkInput {
  text?: string | null;
  /** Individual homework for one student of the lesson's group. */
  studentId?: number | null;
  /** «Без домашнего задания». */
  none?: boolean;
  /** When it is due; by default the assignment's next lesson in the timetable. */
  dueDate?: string | null;
}

/** What the journal shows of one lesson. */
export interface LessonSheet {
  lesson: Lesson;
  students: RosterStudent[];
  attendance: Attendance[];
  marks: Mark[];
  homework: Homework[];
  /** The school's work types, and the one a mark of this lesson gets unless the teacher picks another. */
  workTypes: WorkType[];
  defaultWorkTypeId: number | null;
}

/** The thematic plan of a lesson's assignment, with how many lessons each topic has had (C2). */
export interface TopicChoices {
  /** The first topic with hours left, offered as one button. */
  next: ThematicPlanTopic | null;
  topics: { topic: ThematicPlanTopic; covered: number }[];
}

const MAX_LESSON_NUMBER = 20;

/**
 * The journal (SPEC C1–C8): lessons, their topics, attendance, marks and homework, as the teacher enters
 * them. Every change is checked against the actor's rights, the school's edit window and the rows'
 * versions, and is audited (before/after) in the transaction that makes it; a refused change changes nothing.
 *
 * Only the lesson's teacher (the assignment's teacher) or its substitute may edit a lesson. That is
 * stricter than the `journal.edit` grant: the administrator holds every permission school-wide, but SPEC's
 * role table says it must not enter or change marks as a teacher, so an actor editing the journal must hold
 * `journal.edit` through its own assignments (the teacher role) and be that lesson's teacher.
 */
export class JournalService {
  constructor(
    private readonly em: () => EntityManager,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Creates the lesson (the journal's column) or returns the one already there. */
  async openLesson(assignmentId: number, date: string, lessonNumber: number, actor: Actor): Promise<Lesson> {
    const em = this.em();
    if (!isIsoDate(date)) throw new ValidationFailed([problem('dateInvalid', 'date')]);
    if (!Number.isInteger(lessonNumber) || lessonNumber < 1 || lessonNumber > MAX_LESSON_NUMBER) {
      throw new ValidationFailed([problem('outOfRange', 'lessonNumber', { min: 1, max: MAX_LESSON_NUMBER })]);
    }
    const assignment = await em.findOne(TeachingAssignment, { id: assignmentId, ...this.schoolFilter(actor) }, { populate: ['year', 'school'] });
    if (!assignment) throw new NotFound('TeachingAssignment');
    const existing = await em.findOne(Lesson, { assignment: assignment.id, date, lessonNumber }, { populate: ['assignment', 'school'] });
    if (existing) {
      this.requireLessonTeacher(actor, existing);
      return existing;
    }
    requireTeachesLesson(actor, { schoolId: assignment.school.id, teacherIds: [assignment.teacher.id] });
    if (date < assignment.year.startDate || date > assignment.year.endDate) {
      throw new ValidationFailed([problem('journal.dateOutsideYear', 'date', { date: ruDate(date) })]);
    }
    this.requireOpen(date, assignment.school.markEditWindow, assignment.school.timeZone, false);
    await requireUnlocked(em, { assignment, date });
    try {
      return await em.transactional(async (tem) => {
        const lesson = tem.create(Lesson, { school: assignment.school.id, assignment: assignment.id, date, lessonNumber });
        await tem.flush();
        this.audit.record(tem, { actor, action: 'create', entity: 'Lesson', entityId: lesson.id, schoolId: lesson.school.id, after: this.audit.snapshot(tem, 'Lesson', lesson) });
        await tem.flush();
        return lesson;
      });
    } catch (err) {
      // Opened at the same moment by another tap: return that one.
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      const lesson = await em.findOne(Lesson, { assignment: assignment.id, date, lessonNumber }, { populate: ['assignment', 'school'], refresh: true });
      if (!lesson) throw err;
      return lesson;
    }
  }

  /**
   * Records (or, with null, clears) the teacher who substitutes for the assignment's teacher in one lesson
   * (C6); the substitute may then fill in that lesson. Registered by whoever edits the timetable (the
   * deputy, the administrator), not by the teachers themselves.
   */
  async setSubstitute(assignmentId: number, date: string, lessonNumber: number, substituteId: number | null, actor: Actor): Promise<Lesson> {
    if (!isIsoDate(date)) throw new ValidationFailed([problem('dateInvalid', 'date')]);
    if (!Number.isInteger(lessonNumber) || lessonNumber < 1 || lessonNumber > MAX_LESSON_NUMBER) {
      throw new ValidationFailed([problem('outOfRange', 'lessonNumber', { min: 1, max: MAX_LESSON_NUMBER })]);
    }
    return this.change(async (em) => {
      const assignment = await em.findOne(TeachingAssignment, { id: assignmentId, ...this.schoolFilter(actor) }, { populate: ['year'] });
      if (!assignment) throw new NotFound('TeachingAssignment');
      requireAccess(actor, 'timetable.edit', { schoolId: assignment.school.id });
      if (date < assignment.year.startDate || date > assignment.year.endDate) {
        throw new ValidationFailed([problem('journal.dateOutsideYear', 'date', { date: ruDate(date) })]);
      }
      if (substituteId !== null) {
        const substitute = await em.findOne(Staff, { id: substituteId, school: assignment.school.id });
        if (!substitute?.active || !substitute.roles.includes('teacher') || substitute.id === assignment.teacher.id) {
          throw new ValidationFailed([problem('journal.substituteInvalid', 'substituteTeacher')]);
        }
      }
      const existing = await em.findOne(Lesson, { assignment: assignment.id, date, lessonNumber });
      const lesson = existing ?? em.create(Lesson, { school: assignment.school.id, assignment: assignment.id, date, lessonNumber });
      const before = existing ? this.audit.snapshot(em, 'Lesson', existing) : null;
      lesson.substituteTeacher = substituteId === null ? null : em.getReference(Staff, substituteId);
      await em.flush();
      this.audit.record(em, { actor, action: existing ? 'update' : 'create', entity: 'Lesson', entityId: lesson.id, schoolId: assignment.school.id, before, after: this.audit.snapshot(em, 'Lesson', lesson) });
      await journalNotices.substitution(em, lesson, before?.substituteTeacher, this.clock.now());
      await em.flush();
      return lesson;
    });
  }

  /** The lesson with its students, attendance, marks and homework, for whoever may see the journal. */
  async sheet(lessonId: number, actor: Actor): Promise<LessonSheet> {
    const em = this.em();
    const lesson = await this.readableLesson(em, lessonId, actor);
    const [students, attendance, marks, homework, workTypes, controlWork] = await Promise.all([
      lessonRoster(em, lesson),
      em.find(Attendance, { lesson: lesson.id }, { orderBy: { id: 'asc' } }),
      em.find(Mark, { lesson: lesson.id }, { orderBy: { id: 'asc' } }),
      em.find(Homework, { lesson: lesson.id }, { orderBy: { id: 'asc' } }),
      em.find(WorkType, { school: lesson.school.id }, { orderBy: { id: 'asc' } }),
      em.findOne(ControlWork, { assignment: lesson.assignment.id, date: lesson.date }),
    ]);
    // A planned control work sets the lesson's work type; otherwise the first type, «Ответ на уроке» in practice.
    const planned = controlWork && workTypes.find((w) => w.name.toLocaleLowerCase('ru') === controlWork.form.toLocaleLowerCase('ru'));
    const defaultWorkTypeId = planned?.id ?? workTypes[0]?.id ?? null;
    return { lesson, students, attendance, marks, homework, workTypes, defaultWorkTypeId };
  }

  /** The lesson a mark was given in, if the mark is in the actor's school (the sheet then checks the rest). */
  async lessonOfMark(markId: number, actor: Actor): Promise<number> {
    const mark = await this.em().findOne(Mark, { id: markId, ...this.schoolFilter(actor) });
    if (!mark) throw new NotFound('Mark');
    return mark.lesson.id;
  }

  /** The assignment's plan topics, how often each was taught (this lesson aside), and the next one due (C2). */
  async topicChoices(lessonId: number, actor: Actor): Promise<TopicChoices> {
    const em = this.em();
    const lesson = await this.readableLesson(em, lessonId, actor);
    const topics = await em.find(ThematicPlanTopic, { assignment: lesson.assignment.id }, { orderBy: { position: 'asc' } });
    const taught = await em.find(Lesson, { assignment: lesson.assignment.id, planTopic: { $ne: null }, id: { $ne: lesson.id } });
    const count = new Map<number, number>();
    for (const l of taught) count.set(l.planTopic!.id, (count.get(l.planTopic!.id) ?? 0) + 1);
    const rows = topics.map((topic) => ({ topic, covered: count.get(topic.id) ?? 0 }));
    // The plan is taught in order: the next topic follows the last one taught, skipping none that has hours left.
    const next = rows.find((r) => r.covered < r.topic.hours)?.topic ?? null;
    return { next, topics: rows };
  }

  /** The lesson's topic: free text, or a line of the assignment's thematic plan (C2). */
  async setTopic(lessonId: number, input: TopicInput, actor: Actor): Promise<Lesson> {
    return this.change(async (em) => {
      const lesson = await this.editableLesson(em, lessonId, actor, false);
      let planTopic: ThematicPlanTopic | null = null;
      let text: string;
      if ('planTopicId' in input) {
        planTopic = await em.findOne(ThematicPlanTopic, { id: input.planTopicId, assignment: lesson.assignment.id });
        if (!planTopic) throw new ValidationFailed([problem('journal.planTopicForeign', 'planTopic')]);
        text = planTopic.title;
      } else {
        text = input.text.trim();
      }
      const bad = checkTopicTitle(text, 'topic');
      if (bad) throw new ValidationFailed([bad]);
      const before = this.audit.snapshot(em, 'Lesson', lesson);
      lesson.topic = text;
      lesson.planTopic = planTopic;
      this.audit.record(em, { actor, action: 'update', entity: 'Lesson', entityId: lesson.id, schoolId: lesson.school.id, before, after: this.audit.snapshot(em, 'Lesson', lesson) });
      await em.flush();
      return lesson;
    });
  }

  /**
   * A student's attendance in the lesson (C3): a code, or null for present. `expectedVersion` is the
   * version of the attendance row the teacher saw, 0 when the teacher saw none (omit it not to check).
   */
  async setAttendance(lessonId: number, studentId: number, code: AttendanceCode | null, expectedVersion: number | undefined, actor: Actor): Promise<Attendance | null> {
    if (code !== null && !(ATTENDANCE_CODES as readonly string[]).includes(code)) {
      throw new ValidationFailed([problem('valueNotAllowed', 'code', { value: String(code) })]);
    }
    return this.change(async (em) => {
      const lesson = await this.editableLesson(em, lessonId, actor, true);
      await this.requireEnrolled(em, lesson, studentId);
      const row = await em.findOne(Attendance, { lesson: lesson.id, student: studentId });
      if (expectedVersion !== undefined && (row?.version ?? 0) !== expectedVersion) throw new ConcurrentChange();
      if (!row && code === null) return null;
      if (row && row.code === code) return row;
      const before = row ? this.audit.snapshot(em, 'Attendance', row) : null;
      if (code === null) {
        em.remove(row!);
        this.audit.record(em, { actor, action: 'delete', entity: 'Attendance', entityId: row!.id, schoolId: lesson.school.id, before });
        await journalNotices.attendance(em, lesson, row!, row!.code, null, this.clock.now());
        await em.flush();
        return null;
      }
      const saved = row ?? em.create(Attendance, { school: lesson.school.id, lesson: lesson.id, student: studentId, code });
      saved.code = code;
      await em.flush();
      this.audit.record(em, { actor, action: row ? 'update' : 'create', entity: 'Attendance', entityId: saved.id, schoolId: lesson.school.id, before, after: this.audit.snapshot(em, 'Attendance', saved) });
      await journalNotices.attendance(em, lesson, saved, (before?.code ?? null) as AttendanceCode | null, code, this.clock.now());
      await em.flush();
      return saved;
    });
  }

  /** «Все присутствуют» (C3): clears every absence of the lesson and records the roll call as taken. */
  async allPresent(lessonId: number, actor: Actor): Promise<Lesson> {
    return this.change(async (em) => {
      const lesson = await this.editableLesson(em, lessonId, actor, true);
      const cleared = await em.find(Attendance, { lesson: lesson.id });
      await journalNotices.attendanceCleared(em, lesson, cleared, this.clock.now());
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
    return this.change(async (em) => {
      const lesson = await this.editableLesson(em, lessonId, actor, true);
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
    return this.change(async (em) => {
      const row = await em.findOne(Attendance, { id: attendanceId, ...this.schoolFilter(actor) }, { populate: ['lesson.assignment', 'lesson.school'] });
      if (!row) throw new NotFound('Attendance');
      requireAccess(actor, 'attendance.excuse', { schoolId: row.school.id, groupIds: [row.lesson.assignment.group.id] });
      if (!ABSENCE_CODES.includes(row.code)) throw new ValidationFailed([problem('journal.notAnAbsence', 'code')]);
      if (row.version !== expectedVersion) throw new ConcurrentChange();
      if (row.code === code) return row;
      const before = this.audit.snapshot(em, 'Attendance', row);
      row.code = code;
      await em.flush();
      this.audit.record(em, { actor, action: 'update', entity: 'Attendance', entityId: row.id, schoolId: row.school.id, before, after: this.audit.snapshot(em, 'Attendance', row) });
      await journalNotices.attendance(em, row.lesson, row, before.code as AttendanceCode, code, this.clock.now());
      await em.flush();
      return row;
    });
  }

  /** A mark 2–5 with its work type (C4). */
  async giveMark(lessonId: number, studentId: number, value: number, input: MarkInput, actor: Actor): Promise<Mark> {
    return this.change(async (em) => {
      const lesson = await this.editableLesson(em, lessonId, actor, true);
      await this.requireEnrolled(em, lesson, studentId);
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
      if (input.makeUp === undefined) mark.makeUp = await this.isAbsent(em, lesson, studentId);
      await this.checkMark(em, lesson, mark);
      await em.flush();
      this.audit.record(em, { actor, action: 'create', entity: 'Mark', entityId: mark.id, schoolId: lesson.school.id, after: this.audit.snapshot(em, 'Mark', mark) });
      await journalNotices.markGiven(em, mark, this.clock.now());
      await em.flush();
      return mark;
    });
  }

  /** Changes a mark the teacher saw at `expectedVersion` (C8: inside the edit window, audited). */
  async changeMark(markId: number, change: MarkChange, expectedVersion: number, actor: Actor): Promise<Mark> {
    return this.change(async (em) => {
      const mark = await this.editableMark(em, markId, expectedVersion, actor);
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
      await journalNotices.markChanged(em, mark, before, this.clock.now());
      await em.flush();
      return mark;
    });
  }

  async removeMark(markId: number, expectedVersion: number, actor: Actor): Promise<void> {
    await this.change(async (em) => {
      const mark = await this.editableMark(em, markId, expectedVersion, actor);
      const before = this.audit.snapshot(em, 'Mark', mark);
      em.remove(mark);
      this.audit.record(em, { actor, action: 'delete', entity: 'Mark', entityId: mark.id, schoolId: mark.school.id, before });
      await journalNotices.markRemoved(em, mark, this.clock.now());
      await em.flush();
    });
  }

  /**
   * Homework of the lesson (C5): for the group (replacing the group's earlier text), for one student
   * (replacing that student's), or «без домашнего задания»; may be set in advance. Due, unless given, at
   * the assignment's next lesson in the timetable.
   */
  async setHomework(lessonId: number, input: HomeworkInput, actor: Actor): Promise<Homework> {
    return this.change(async (em) => {
      const lesson = await this.editableLesson(em, lessonId, actor, false);
      const text = input.text?.trim() || null;
      const none = input.none ?? false;
      if (none === (text !== null)) throw new ValidationFailed([problem('journal.homeworkTextOrNone', 'text')]);
      const studentId = input.studentId ?? null;
      if (studentId !== null) {
        if (none) throw new ValidationFailed([problem('journal.homeworkTextOrNone', 'text')]);
        await this.requireEnrolled(em, lesson, studentId);
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
      await journalNotices.homework(em, lesson, homework, this.clock.now());
      await em.flush();
      return homework;
    });
  }

  /** Removes homework; returns its lesson. */
  async removeHomework(homeworkId: number, actor: Actor): Promise<number> {
    return this.change(async (em) => {
      const homework = await em.findOne(Homework, { id: homeworkId, ...this.schoolFilter(actor) });
      if (!homework) throw new NotFound('Homework');
      const lesson = await this.editableLesson(em, homework.lesson.id, actor, false);
      this.audit.record(em, { actor, action: 'delete', entity: 'Homework', entityId: homework.id, schoolId: lesson.school.id, before: this.audit.snapshot(em, 'Homework', homework) });
      em.remove(homework);
      await em.flush();
      return lesson.id;
    });
  }

  // ---------------------------------------------------------------------------------------------------

  /** Runs a change in one transaction; a concurrent update of a versioned row becomes ConcurrentChange. */
  private async change<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.em().transactional((em) => work(em));
    } catch (err) {
      if (err instanceof OptimisticLockError) throw new ConcurrentChange();
      throw err;
    }
  }

  private takeRollCall(em: EntityManager, lesson: Lesson, actor: Actor): void {
    if (lesson.attendanceTakenAt) return;
    const before = this.audit.snapshot(em, 'Lesson', lesson);
    lesson.attendanceTakenAt = this.clock.now();
    this.audit.record(em, { actor, action: 'update', entity: 'Lesson', entityId: lesson.id, schoolId: lesson.school.id, before, after: this.audit.snapshot(em, 'Lesson', lesson) });
  }

  /** The lesson, for its teacher, its substitute, or whoever may see the group's journal. */
  private async readableLesson(em: EntityManager, lessonId: number, actor: Actor): Promise<Lesson> {
    const lesson = await this.findLesson(em, lessonId, actor);
    const isSubstitute = lesson.substituteTeacher !== null && lesson.substituteTeacher !== undefined && lesson.substituteTeacher.id === actor.staffId;
    if (!isSubstitute) {
      requireAccess(actor, 'journal.view', { schoolId: lesson.school.id, groupIds: [lesson.assignment.group.id], teacherId: lesson.assignment.teacher.id });
    }
    return lesson;
  }

  private schoolFilter(actor: Actor): { school?: number } {
    return schoolScope(actor);
  }

  private async findLesson(em: EntityManager, lessonId: number, actor: Actor): Promise<Lesson> {
    const lesson = await em.findOne(Lesson, { id: lessonId, ...this.schoolFilter(actor) }, { populate: ['assignment.subject', 'assignment.group', 'assignment.subgroup', 'school', 'substituteTeacher'] });
    if (!lesson) throw new NotFound('Lesson');
    return lesson;
  }

  /** The lesson, if the actor is its teacher and it is still open for changes (`marks`: not in the future either). */
  private async editableLesson(em: EntityManager, lessonId: number, actor: Actor, marks: boolean): Promise<Lesson> {
    const lesson = await this.findLesson(em, lessonId, actor);
    this.requireLessonTeacher(actor, lesson);
    this.requireOpen(lesson.date, lesson.school.markEditWindow, lesson.school.timeZone, marks);
    await requireUnlocked(em, lesson);
    return lesson;
  }

  private async editableMark(em: EntityManager, markId: number, expectedVersion: number, actor: Actor): Promise<Mark> {
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
  private requireLessonTeacher(actor: Actor, lesson: Lesson): void {
    const teacherIds = [lesson.assignment.teacher.id];
    if (lesson.substituteTeacher) teacherIds.push(lesson.substituteTeacher.id);
    requireTeachesLesson(actor, { schoolId: lesson.school.id, teacherIds });
  }

  /**
   * The school's edit window (A14, C8), counted in the school's time zone from the lesson's date: 'never'
   * leaves only the lesson's day. With `marks`, a lesson that has not come yet is refused too.
   */
  private requireOpen(date: string, window: EditWindow, timeZone: string, marks: boolean): void {
    const today = this.clock.today(timeZone);
    if (marks && date > today) throw new ValidationFailed([problem('journal.lessonNotYet', 'date', { date: ruDate(date) })]);
    const last = lastEditableDay(date, window);
    if (today <= last) return;
    if (window === 'never') throw new ValidationFailed([problem('journal.onlyOnLessonDay', 'date', { date: ruDate(date) })]);
    throw new ValidationFailed([problem('journal.editWindowClosed', 'date', { date: ruDate(date), until: ruDate(last) })]);
  }

  /** The student studies in the lesson's group (and subgroup) on the lesson's date. */
  private async requireEnrolled(em: EntityManager, lesson: Lesson, studentId: number): Promise<void> {
    const refuse = () => new ValidationFailed([problem('journal.notInGroup', 'student')]);
    const student = await em.findOne(Student, { id: studentId, school: lesson.school.id });
    if (!student) throw refuse();
    if (!(await studentsOf(em, [lesson.assignment.group.id], lesson.date, [studentId])).length) throw refuse();
    if (lesson.assignment.subgroup && !(await inSubgroup(em, lesson.assignment.subgroup.id, [studentId])).has(studentId)) throw refuse();
  }

  private async isAbsent(em: EntityManager, lesson: Lesson, studentId: number): Promise<boolean> {
    const row = await em.findOne(Attendance, { lesson: lesson.id, student: studentId });
    return row !== null && ABSENCE_CODES.includes(row.code);
  }

  private async checkMark(em: EntityManager, lesson: Lesson, mark: Mark): Promise<void> {
    const problems: Problem[] = [];
    if (!isMarkValue(mark.value)) problems.push(problem('journal.markInvalid', 'value', { value: String(mark.value) }));
    if (mark.second !== null && mark.second !== undefined) {
      if (!isMarkValue(mark.second)) problems.push(problem('journal.markInvalid', 'second', { value: String(mark.second) }));
      else if (!lesson.assignment.subject.doubleMarksAllowed) problems.push(problem('journal.doubleMarkNotAllowed', 'second', { subject: lesson.assignment.subject.name }));
    }
    const workType = await em.findOne(WorkType, { id: mark.workType.id, school: lesson.school.id });
    if (!workType) problems.push(problem('referenceInvalid', 'workType'));
    // An absent student's mark is for work made up later: the absence stays, the mark says so (C4).
    if (!mark.makeUp && await this.isAbsent(em, lesson, mark.student.id)) problems.push(problem('journal.absentNeedsMakeUp', 'makeUp'));
    if (problems.length) throw new ValidationFailed(problems);
  }
}

function isMarkValue(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 2 && (value as number) <= 5;
}

function cleanComment(comment: string | null | undefined): string | null {
  return comment?.trim() || null;
}

/** The assignment's next timetabled school day after the lesson (three weeks ahead at most), if any. */
async function nextLessonDate(em: EntityManager, lesson: Lesson): Promise<string | null> {
  const last = addDays(lesson.date, 21);
  // One after the other: this runs inside a transaction, whose connection takes one query at a time.
  const slots = await em.find(TimetableSlot, { assignment: lesson.assignment.id, validFrom: { $lte: last }, $or: [{ validTo: null }, { validTo: { $gt: lesson.date } }] });
  const holidays = await em.find(Holiday, { school: lesson.school.id, endDate: { $gt: lesson.date }, startDate: { $lte: last } });
  for (let date = addDays(lesson.date, 1); date <= last; date = addDays(date, 1)) {
    if (holidays.some((h) => h.startDate <= date && date <= h.endDate)) continue;
    const weekday = isoWeekday(date);
    if (slots.some((s) => s.weekday === weekday && s.validFrom <= date && (!s.validTo || s.validTo >= date))) return date;
  }
  return null;
}
