import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { requireAccess, requireTeachesLesson } from '../access/policy.js';
import type { AuditLog } from '../audit/audit-log.js';
import { NotFound, ValidationFailed, problem } from '../base/errors.js';
import { Staff } from '../people/staff.entity.js';
import { ControlWork } from '../schedule/control-work.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { ThematicPlanTopic } from '../schedule/thematic-plan-topic.entity.js';
import { checkTopicTitle } from '../school/rules/topic-title.js';
import { Attendance } from './attendance.entity.js';
import { Homework } from './homework.entity.js';
import { Lesson } from './lesson.entity.js';
import { Mark } from './mark.entity.js';
import { requireUnlocked } from './period-lock-check.js';
import { WorkType } from '../school/work-type.entity.js';
import { lessonRoster, type RosterStudent } from './roster.js';
import { ruDate } from '../time/format.js';
import type { JournalNotices } from './journal-notices.js';
import { requireLessonPlace, type JournalRules } from './journal-rules.js';

export type TopicInput = { text: string } | { planTopicId: number };

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

/** Lessons (C1, C2, C6): the journal's columns, their topics and substitutes, and the sheet of one lesson. */
export class Lessons {
  constructor(
    private readonly em: () => EntityManager,
    private readonly rules: JournalRules,
    private readonly audit: AuditLog,
    private readonly notices: JournalNotices,
  ) {}

  /** Creates the lesson (the journal's column) or returns the one already there. */
  async openLesson(assignmentId: number, date: string, lessonNumber: number, actor: Actor): Promise<Lesson> {
    const em = this.em();
    requireLessonPlace(date, lessonNumber);
    const assignment = await em.findOne(TeachingAssignment, { id: assignmentId, ...this.rules.schoolFilter(actor) }, { populate: ['year', 'school'] });
    if (!assignment) throw new NotFound('TeachingAssignment');
    const existing = await em.findOne(Lesson, { assignment: assignment.id, date, lessonNumber }, { populate: ['assignment', 'school'] });
    if (existing) {
      this.rules.requireLessonTeacher(actor, existing);
      return existing;
    }
    requireTeachesLesson(actor, { schoolId: assignment.school.id, teacherIds: [assignment.teacher.id] });
    if (date < assignment.year.startDate || date > assignment.year.endDate) {
      throw new ValidationFailed([problem('journal.dateOutsideYear', 'date', { date: ruDate(date) })]);
    }
    this.rules.requireOpen(date, assignment.school.markEditWindow, assignment.school.timeZone, false);
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
    requireLessonPlace(date, lessonNumber);
    return this.rules.change(async (em) => {
      const assignment = await em.findOne(TeachingAssignment, { id: assignmentId, ...this.rules.schoolFilter(actor) }, { populate: ['year'] });
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
      await this.notices.substitution(em, lesson, before?.substituteTeacher);
      await em.flush();
      return lesson;
    });
  }

  /**
   * The lesson with its students, attendance, marks and homework, for whoever may see the journal. `loaded`:
   * the lesson as a change of this update just loaded and checked it (JournalRules.findLesson), not read again.
   */
  async sheet(lessonId: number, actor: Actor, loaded?: Lesson): Promise<LessonSheet> {
    const em = this.em();
    let lesson: Lesson;
    if (loaded?.id === lessonId) {
      this.rules.requireReadable(actor, loaded);
      lesson = loaded;
    } else lesson = await this.rules.readableLesson(em, lessonId, actor);
    const [students, attendance, marks, homework, workTypes, controlWork] = await Promise.all([
      lessonRoster(em, lesson),
      em.find(Attendance, { lesson: lesson.id }, { orderBy: { id: 'asc' } }),
      em.find(Mark, { lesson: lesson.id }, { orderBy: { id: 'asc' } }),
      em.find(Homework, { lesson: lesson.id }, { orderBy: { id: 'asc' } }),
      em.find(WorkType, { school: lesson.school.id }, { orderBy: { id: 'asc' } }),
      em.findOne(ControlWork, { assignment: lesson.assignment.id, date: lesson.date }),
    ]);
    const defaultWorkTypeId = defaultWorkTypeOf(workTypes, controlWork?.form ?? null);
    return { lesson, students, attendance, marks, homework, workTypes, defaultWorkTypeId };
  }

  /** The lesson a mark was given in, if the mark is in the actor's school (the sheet then checks the rest). */
  async lessonOfMark(markId: number, actor: Actor): Promise<number> {
    const mark = await this.em().findOne(Mark, { id: markId, ...this.rules.schoolFilter(actor) });
    if (!mark) throw new NotFound('Mark');
    return mark.lesson.id;
  }

  /** The assignment's plan topics, how often each was taught (this lesson aside), and the next one due (C2). */
  async topicChoices(lessonId: number, actor: Actor): Promise<TopicChoices> {
    const em = this.em();
    const lesson = await this.rules.readableLesson(em, lessonId, actor);
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
    return this.rules.change(async (em) => {
      const lesson = await this.rules.editableLesson(em, lessonId, actor, false);
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
}

/**
 * The work type a mark of a lesson gets unless the teacher picks another: a planned control work's (by its
 * form, `controlWorkForm`); otherwise the first of the school's types (by id), «Ответ на уроке» in practice.
 */
export function defaultWorkTypeOf(workTypes: readonly { id: number; name: string }[], controlWorkForm: string | null): number | null {
  const planned = controlWorkForm !== null ? workTypes.find((w) => w.name.toLocaleLowerCase('ru') === controlWorkForm.toLocaleLowerCase('ru')) : undefined;
  return planned?.id ?? workTypes[0]?.id ?? null;
}
