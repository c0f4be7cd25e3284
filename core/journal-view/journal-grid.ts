import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { isTeacher } from '../access/policy.js';
import { NotFound } from '../base/errors.js';
import type { AttendanceCode } from '../journal/attendance-codes.js';
import { lastEditableDay } from '../journal/edit-window.js';
import type { MarkChange } from '../journal/marks.js';
import { PeriodLock } from '../journal/period-lock.entity.js';
import type { TeacherJournal } from '../journal/teacher-journal.js';
import { School } from '../school/school.entity.js';
import { Subject } from '../school/subject.entity.js';
import { WorkType } from '../school/work-type.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import type { Clock } from '../time/clock.js';
import type { JournalAsk, JournalChoices } from './journal-choices.js';
import type { JournalPage, JournalStudent } from './journal-page.js';
import type { JournalPages } from './journal-pages.js';

/** Where the web side serves the grid's Mini App, and where the bot's «Открыть сетку» points (with ?assignment=). */
export const JOURNAL_GRID_PATH = '/app/journal';

/**
 * The journal grid of the Telegram Mini App (issue 19): the paper journal's page (the same builder as the
 * panel's, journal-pages.ts) with what an editor needs besides — which of its lessons the reader may change
 * now, the school's work types, whether the subject takes double marks.
 */
export interface JournalGrid {
  page: JournalPage;
  /** The lessons the reader may change now: its own or substituted ones, open in the edit window, not locked, not ahead. */
  editableLessons: number[];
  workTypes: { id: number; name: string; weight: number }[];
  doubleMarksAllowed: boolean;
  /** The school's «today». */
  today: string;
}

/** What a cell's editor sends: where, and what the teacher saw there (for the optimistic lock and repeated taps). */
export interface GridPlace {
  assignmentId: number;
  periodId: number;
}

/**
 * The Mini App's journal: reads through JournalPages (the one policy's readableJournals decides the reach)
 * and changes through TeacherJournal, the bot's own calls (so the same rules, edit window, versions, audit
 * and notifications). After a change it answers with the student's line redrawn, not logged as a new read.
 */
export class JournalGrids {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
    private readonly pages: JournalPages,
    private readonly teacherJournal: TeacherJournal,
  ) {}

  choices(actor: Actor, ask: JournalAsk): Promise<JournalChoices> {
    return this.pages.choices(actor, ask);
  }

  /** The grid of an assignment over a period (none: the current one); a read of its students (G4). */
  async grid(assignmentId: number, periodId: number | undefined, actor: Actor): Promise<JournalGrid> {
    return this.withEditing(await this.pages.page(assignmentId, periodId, actor, 'miniApp'), actor);
  }

  /** One student's line as it is now, with the lessons the reader may change. */
  async row(place: GridPlace, studentId: number, actor: Actor): Promise<{ student: JournalStudent; editableLessons: number[] }> {
    const grid = await this.withEditing(await this.pages.build(place.assignmentId, place.periodId, actor), actor);
    const student = grid.page.students.find((s) => s.id === studentId);
    if (!student) throw new NotFound('Student');
    return { student, editableLessons: grid.editableLessons };
  }

  async giveMark(lessonId: number, studentId: number, input: { value: number; second: number | null; workTypeId: number; comment: string | null; seen: number }, actor: Actor): Promise<void> {
    const { mark } = await this.teacherJournal.giveMark(lessonId, studentId, input.value, { second: input.second, workTypeId: input.workTypeId, seen: input.seen }, actor);
    // The comment goes with the mark it belongs to, at the version just given (a repeated tap finds the first mark).
    if (input.comment && input.comment !== mark.comment) await this.teacherJournal.commentMark(mark.id, input.comment, actor);
  }

  async changeMark(markId: number, change: MarkChange, expectedVersion: number, actor: Actor): Promise<void> {
    await this.teacherJournal.changeMark(markId, change, expectedVersion, actor);
  }

  async removeMark(markId: number, expectedVersion: number, actor: Actor): Promise<void> {
    await this.teacherJournal.removeMark(markId, expectedVersion, actor);
  }

  async setAttendance(lessonId: number, studentId: number, code: AttendanceCode | null, expectedVersion: number, actor: Actor): Promise<void> {
    await this.teacherJournal.setAttendance(lessonId, studentId, code, expectedVersion, actor);
  }

  private async withEditing(page: JournalPage, actor: Actor): Promise<JournalGrid> {
    const em = this.em();
    const [school, workTypes, subject, locks] = await Promise.all([
      em.findOneOrFail(School, page.school.id),
      em.find(WorkType, { school: page.school.id }, { orderBy: { id: 'asc' } }),
      em.findOneOrFail(TeachingAssignment, page.assignment.id, { fields: ['subject'] }).then((a) => em.findOneOrFail(Subject, a.subject.id)),
      em.find(PeriodLock, { assignment: page.assignment.id, locked: true }, { populate: ['period'] }),
    ]);
    const today = this.clock.today(school.timeZone);
    const teaches = (substituteId: number | null) => isTeacher(actor) && actor.schoolId === page.school.id
      && (page.assignment.teacherId === actor.staffId || (substituteId !== null && substituteId === actor.staffId));
    const locked = (date: string) => locks.some((l) => l.period.startDate <= date && date <= l.period.endDate);
    const editableLessons = page.lessons
      .filter((l) => teaches(l.substituteId) && l.date <= today && today <= lastEditableDay(l.date, school.markEditWindow) && !locked(l.date))
      .map((l) => l.id);
    return {
      page,
      editableLessons,
      workTypes: workTypes.map((w) => ({ id: w.id, name: w.name, weight: Number(w.weight) })),
      doubleMarksAllowed: subject.doubleMarksAllowed,
      today,
    };
  }
}
