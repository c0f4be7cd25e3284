import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { NotFound } from '../base/errors.js';
import { countPeople } from '../audit/named-people.js';
import type { ReadLog } from '../audit/read-log.js';
import type { AttendanceCode } from './attendance-codes.js';
import { addDays } from '../time/local-date.js';
import type { ClassAbsences } from './class-absences.js';
import { lessonScreenRead, type LessonScreen } from './lesson-screen-reads.js';
import type { HomeworkInput } from './homework-book.js';
import type { Journal } from './journal.js';
import type { Lesson } from './lesson.entity.js';
import type { TopicInput } from './lessons.js';
import type { MarkChange, MarkInput } from './marks.js';
import {
  classAbsenceView, lessonSheetView, markView, periodOverviewView, periodSheetView, topicChoicesView,
  type AttendanceView, type ClassAbsenceView, type LessonSheetView, type MarkView, type PeriodOverviewView, type PeriodSheetView, type TopicChoicesView,
} from './journal-views.js';
import type { PeriodMarkChoice, PeriodMarks } from './period-marks.js';

/**
 * The journal as a teacher works it through a chat (C1–C7): each tap is one call here, which makes the change
 * through the journal's services (so with their checks, versions and audit) and answers with what the next
 * screen shows, as plain values (journal-views.ts). Nothing of it is new domain logic.
 */
export class TeacherJournal {
  constructor(
    private readonly em: () => EntityManager,
    private readonly journal: Journal,
    private readonly periodMarks: PeriodMarks,
    private readonly absences: ClassAbsences,
    private readonly reads: ReadLog,
  ) {}

  /**
   * The lesson with its students, attendance, marks and homework. `opened`: the screen the teacher opened
   * that names people (the roll call, the marks, the lesson card, one student…), logged as one read with
   * whom it names (G4); the same screen drawn again after a tap is not a new read, and is asked for without it.
   */
  async lesson(lessonId: number, actor: Actor, opened?: LessonScreen, loaded?: Lesson): Promise<LessonSheetView> {
    const sheet = await this.journal.lessons.sheet(lessonId, actor, loaded);
    if (opened) {
      const { named, ...read } = lessonScreenRead(opened, sheet);
      await this.reads.record(actor, { ...read, people: countPeople(named, actor) });
    }
    return lessonSheetView(sheet);
  }

  /** Opens a timetabled lesson (creating the journal's column on the first tap) and shows its card, a read (G4). */
  async openLesson(assignmentId: number, date: string, lessonNumber: number, actor: Actor): Promise<LessonSheetView> {
    const lesson = await this.journal.lessons.openLesson(assignmentId, date, lessonNumber, actor);
    return this.lesson(lesson.id, actor, 'card');
  }

  /** The teacher left the lesson's card: the entry is over, its notifications go out now (outbox.ts). */
  async entryEnded(lessonId: number, actor: Actor): Promise<void> {
    await this.journal.taps.entryActivity(lessonId, actor, true);
  }

  /** The teacher tapped on the lesson's screens: the entry goes on, its notifications wait the idle time again. */
  async entryGoesOn(lessonId: number, actor: Actor): Promise<void> {
    await this.journal.taps.entryActivity(lessonId, actor, false);
  }

  /** The lesson and its assignment's plan topics, with the next one due. */
  async topicChoices(lessonId: number, actor: Actor): Promise<TopicChoicesView> {
    const [sheet, choices] = await Promise.all([this.journal.lessons.sheet(lessonId, actor), this.journal.lessons.topicChoices(lessonId, actor)]);
    return topicChoicesView(lessonSheetView(sheet).lesson, choices);
  }

  async setTopic(lessonId: number, input: TopicInput, actor: Actor): Promise<LessonSheetView> {
    await this.journal.lessons.setTopic(lessonId, input, actor);
    return this.lesson(lessonId, actor);
  }

  /**
   * One student's attendance; `saved` is the row now (null: present). `told`: the change was news, told to
   * the outbox with the lesson's id, which also moved on the lesson's waiting notifications (entryGoesOn's work).
   */
  async setAttendance(lessonId: number, studentId: number, code: AttendanceCode | null, expectedVersion: number | undefined, actor: Actor): Promise<{ saved: AttendanceView | null; sheet: LessonSheetView; told: boolean }> {
    const { saved, sheet, changed } = await this.journal.taps.setAttendance(lessonId, studentId, code, expectedVersion, actor);
    return { saved, sheet, told: changed };
  }

  async allPresent(lessonId: number, actor: Actor): Promise<LessonSheetView> {
    await this.journal.rollCall.allPresent(lessonId, actor);
    return this.lesson(lessonId, actor);
  }

  async finishRollCall(lessonId: number, actor: Actor): Promise<LessonSheetView> {
    await this.journal.rollCall.finishRollCall(lessonId, actor);
    return this.lesson(lessonId, actor);
  }

  /** Gives a mark; `told` as in setAttendance (false for a repeated tap, which gave none). */
  async giveMark(lessonId: number, studentId: number, value: number, input: MarkInput, actor: Actor): Promise<{ mark: MarkView; sheet: LessonSheetView; told: boolean }> {
    const { mark, sheet, given } = await this.journal.taps.giveMark(lessonId, studentId, value, input, actor);
    return { mark, sheet, told: given };
  }

  /**
   * A mark given earlier, found in the sheet of its lesson (the sheet checks the actor may see that lesson).
   * `opened`: the mark's screen opened, which names its student: a read of that student (G4).
   */
  async mark(markId: number, actor: Actor, opened = false): Promise<{ mark: MarkView; sheet: LessonSheetView }> {
    const lessonId = await this.journal.lessons.lessonOfMark(markId, actor);
    const sheet = await this.lesson(lessonId, actor);
    const mark = sheet.marks.find((m) => m.id === markId);
    if (!mark) throw new NotFound('Mark');
    if (opened) await this.readStudent(actor, mark.studentId, `mark ${markId}, lesson ${lessonId}`, sheet.students.some((s) => s.id === mark.studentId));
    return { mark, sheet };
  }

  /** Changes a mark the teacher saw at `expectedVersion`; `before` is the mark as it was. */
  async changeMark(markId: number, change: MarkChange, expectedVersion: number, actor: Actor): Promise<{ before: MarkView; mark: MarkView; sheet: LessonSheetView }> {
    const { mark: before, sheet } = await this.mark(markId, actor);
    const mark = markView(await this.journal.marks.changeMark(markId, change, expectedVersion, actor));
    return { before, mark, sheet: await this.lesson(sheet.lesson.id, actor) };
  }

  /** The teacher's comment on a mark (typed after the mark was shown, so at the mark's current version). */
  async commentMark(markId: number, comment: string, actor: Actor): Promise<{ mark: MarkView; sheet: LessonSheetView }> {
    const { mark } = await this.mark(markId, actor);
    await this.journal.marks.changeMark(markId, { comment }, mark.version, actor);
    return this.mark(markId, actor);
  }

  /** Removes a mark the teacher saw at `expectedVersion`; `removed` is what it was. */
  async removeMark(markId: number, expectedVersion: number, actor: Actor): Promise<{ removed: MarkView; sheet: LessonSheetView }> {
    const { mark: removed, sheet } = await this.mark(markId, actor);
    await this.journal.marks.removeMark(markId, expectedVersion, actor);
    return { removed, sheet: await this.lesson(sheet.lesson.id, actor) };
  }

  async setHomework(lessonId: number, input: HomeworkInput, actor: Actor): Promise<LessonSheetView> {
    await this.journal.homework.setHomework(lessonId, input, actor);
    return this.lesson(lessonId, actor);
  }

  /** Removes homework; answers with its lesson. */
  async removeHomework(homeworkId: number, actor: Actor): Promise<LessonSheetView> {
    return this.lesson(await this.journal.homework.removeHomework(homeworkId, actor), actor);
  }

  /** The absences of the class teacher's classes of the last weeks (C3); `opened`: the list opened, a read (G4). */
  async classAbsences(actor: Actor, opened = false): Promise<ClassAbsenceView[]> {
    const absences = (await this.absences.recent(actor)).map(classAbsenceView);
    if (opened) await this.reads.record(actor, { kind: 'list', resource: 'Attendance', detail: 'classAbsences', people: new Set(absences.map((a) => a.student.id)).size });
    return absences;
  }

  /** One absence of the class teacher's classes, its screen opened: a read of its student (G4) when `opened`. */
  async classAbsence(attendanceId: number, actor: Actor, opened = false): Promise<ClassAbsenceView> {
    const absence = (await this.classAbsences(actor)).find((a) => a.attendanceId === attendanceId);
    if (!absence) throw new NotFound('Attendance');
    if (opened) await this.readStudent(actor, absence.student.id, `absence ${attendanceId}`);
    return absence;
  }

  /** Records the reason of an absence; answers with the class's absences. */
  async excuseAbsence(attendanceId: number, code: AttendanceCode, expectedVersion: number, actor: Actor): Promise<ClassAbsenceView[]> {
    await this.journal.rollCall.excuseAbsence(attendanceId, code, expectedVersion, actor);
    return this.classAbsences(actor);
  }

  /** The teacher's assignments of the current year and that year's periods (C7). */
  async periodOverview(actor: Actor): Promise<PeriodOverviewView> {
    return periodOverviewView(await this.periodMarks.overview(actor));
  }

  /**
   * The period marks sheet of an assignment; `opened`: the sheet opened, a read of the class, or one
   * student's screen of it opened, a read of that student (G4).
   */
  async periodSheet(assignmentId: number, periodId: number, actor: Actor, opened: boolean | { student: number } = false): Promise<PeriodSheetView> {
    const sheet = await this.periodMarks.sheet(assignmentId, periodId, actor);
    // The sheet loads the assignment with its school and year only; its title needs the rest.
    await this.em().populate(sheet.assignment, ['subject', 'group', 'subgroup']);
    if (opened === true) await this.reads.record(actor, { kind: 'list', resource: 'PeriodMark', recordId: assignmentId, detail: `periodSheet, period ${periodId}`, people: sheet.rows.length });
    else if (opened) {
      const { student } = opened;
      await this.readStudent(actor, student, `periodMark, assignment ${assignmentId}, period ${periodId}`, sheet.rows.some((r) => r.studentId === student));
    }
    return periodSheetView(sheet);
  }

  /** One student named on a screen the teacher opened: one read of its record (none if the screen names nobody). */
  private async readStudent(actor: Actor, studentId: number, detail: string, shown = true): Promise<void> {
    if (shown) await this.reads.record(actor, { kind: 'record', resource: 'Student', recordId: studentId, detail, people: 1 });
  }

  /** Sets or defers a student's period mark; answers with the sheet. */
  async setPeriodMark(assignmentId: number, periodId: number, studentId: number, choice: PeriodMarkChoice, expectedVersion: number | undefined, actor: Actor): Promise<PeriodSheetView> {
    await this.periodMarks.set(assignmentId, periodId, studentId, choice, expectedVersion, actor);
    return this.periodSheet(assignmentId, periodId, actor);
  }

  /** Defers a student's period mark to `weeks` weeks after the period's end (S0 п. 12); answers with the sheet. */
  async deferPeriodMark(assignmentId: number, periodId: number, studentId: number, weeks: number, expectedVersion: number | undefined, actor: Actor): Promise<PeriodSheetView> {
    const { period } = await this.periodSheet(assignmentId, periodId, actor);
    return this.setPeriodMark(assignmentId, periodId, studentId, { deferredUntil: addDays(period.endDate, weeks * 7) }, expectedVersion, actor);
  }

  /** Every student without a period mark gets the proposed one; answers with how many and the sheet. */
  async acceptAllProposed(assignmentId: number, periodId: number, actor: Actor): Promise<{ accepted: number; sheet: PeriodSheetView }> {
    const accepted = await this.periodMarks.acceptAllProposed(assignmentId, periodId, actor);
    return { accepted, sheet: await this.periodSheet(assignmentId, periodId, actor) };
  }
}
