import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { NotFound } from '../base/errors.js';
import { studentName, type NameParts } from '../people/display-name.js';
import { School } from '../school/school.entity.js';
import { absences, type AbsencesView } from './diary-absences.js';
import { diaryMarksScreen } from './diary-marks-screen.js';
import { requireDiaryAccess } from './diary-access.js';
import { announcements, type DiaryAnnouncement } from './diary-announcements.js';
import { chartData, type MarksChartData } from './diary-chart.js';
import { homework, type HomeworkRange, type HomeworkView } from './diary-homework.js';
import { recentMarks, type DiaryMark, type MarksBySubject, type SubjectMarks } from './diary-marks.js';
import { periodMarks, type PeriodMarksView } from './diary-period-marks.js';
import { rating, type RatingView } from './diary-rating.js';
import { schedule, type ScheduleRange, type ScheduleView } from './diary-schedule.js';
import { groupOn, loadMembership, periodFor, type DiaryScope } from './diary-scope.js';
import { topicsAndComments, type TopicsView } from './diary-topics.js';
import type { PeriodInfo } from './period-info.js';
import type { Clock } from '../time/clock.js';
import { nextWeekday } from '../time/local-date.js';
import type { QuestionDay } from '../questions/question.js';


/** The student a diary belongs to: «Алексеев Пётр», 7А. */
export interface DiaryStudent {
  studentId: number;
  fullName: string;
  /** For the reader's language (a pseudonym, G3: display-name.ts). */
  name: NameParts;
  group: string | null;
}

/** How far back «recent marks» reach (D1). */
export const RECENT_DAYS = 14;

/**
 * The diary (D1–D8): what a student, or a guardian of the student, reads about the student's school life.
 * Every method takes the viewer the server established and the student asked for, and refuses (AccessDenied,
 * NotFound) unless the viewer is that student or a guardian linked to it now (requireDiaryAccess): an id
 * from a button is only a wish. Read-only; nothing here changes the journal.
 */
export class Diary {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  /** Whose diary it is: the student's name and class, once the viewer may read it. */
  async about(viewer: Actor, studentId: number): Promise<DiaryStudent> {
    const scope = await this.scope(viewer, studentId);
    const { student } = scope;
    const name: NameParts = { lastName: student.lastName, firstName: student.firstName, middleName: student.middleName ?? null, pseudonymNo: student.pseudonymNo ?? null };
    return { studentId: student.id, fullName: studentName(name, 'lastFirst'), name, group: groupOn(scope, scope.today)?.group.name ?? null };
  }

  /** D1: the marks of the last two weeks, newest first. */
  async recentMarks(viewer: Actor, studentId: number): Promise<{ today: string; days: number; marks: DiaryMark[] }> {
    const scope = await this.scope(viewer, studentId);
    return { today: scope.today, days: RECENT_DAYS, marks: await recentMarks(this.em(), scope, RECENT_DAYS) };
  }

  /**
   * D1: the period's marks by subject with averages, the forecast of the period mark and the fives to the next
   * one; the bot's most asked screen, read in two prepared statements (diary-marks-screen.ts).
   */
  async marksBySubject(viewer: Actor, studentId: number, periodId?: number): Promise<MarksBySubject> {
    return diaryMarksScreen(this.em(), this.clock, viewer, studentId, periodId);
  }

  /** D1: one subject of the period in detail. */
  async subjectMarks(viewer: Actor, studentId: number, subjectId: number, periodId?: number): Promise<SubjectMarks & { period: PeriodInfo | null; roundingThreshold: number }> {
    const all = await this.marksBySubject(viewer, studentId, periodId);
    const subject = all.subjects.find((s) => s.subjectId === subjectId);
    if (!subject) throw new NotFound('Subject');
    return { ...subject, period: all.period, roundingThreshold: all.roundingThreshold };
  }

  /** D2: period and year marks. */
  async periodMarks(viewer: Actor, studentId: number): Promise<PeriodMarksView> {
    return periodMarks(this.em(), await this.scope(viewer, studentId));
  }

  /** D3: absences and lateness in the period. */
  async absences(viewer: Actor, studentId: number, periodId?: number): Promise<AbsencesView> {
    const scope = await this.scope(viewer, studentId);
    return absences(this.em(), scope, await periodFor(this.em(), scope, periodId));
  }

  /** D4: homework due on the next school day or in the coming week, the group's and the student's own. */
  async homework(viewer: Actor, studentId: number, range: Exclude<HomeworkRange, 'day'>): Promise<HomeworkView> {
    return homework(this.em(), await this.scope(viewer, studentId), { range });
  }

  /** D5: lessons today, on the next school day or this week, with substitutions and changes. */
  async schedule(viewer: Actor, studentId: number, range: Exclude<ScheduleRange, 'day'>): Promise<ScheduleView> {
    return schedule(this.em(), await this.scope(viewer, studentId), range);
  }

  /**
   * D4 for a typed question: the homework of the day asked («на завтра» the next school day, «на понедельник»
   * the coming Monday), of one subject if it named one; with no day, the next school day's, or a named
   * subject's in the coming week (when its next lesson is).
   */
  async homeworkAsked(viewer: Actor, studentId: number, ask: { day?: QuestionDay; subjectId?: number }): Promise<HomeworkView> {
    const scope = await this.scope(viewer, studentId);
    const subject = ask.subjectId === undefined ? {} : { subjectId: ask.subjectId };
    const day = ask.day ?? (ask.subjectId === undefined ? 'tomorrow' : 'week');
    if (day === 'tomorrow' || day === 'week') return homework(this.em(), scope, { range: day, ...subject });
    return homework(this.em(), scope, { range: 'day', date: day === 'today' ? scope.today : nextWeekday(scope.today, day), ...subject });
  }

  /** D5 for a typed question: today's lessons unless it named the next school day, the week or a weekday. */
  async scheduleAsked(viewer: Actor, studentId: number, day: QuestionDay = 'today'): Promise<ScheduleView> {
    const scope = await this.scope(viewer, studentId);
    if (typeof day === 'string') return schedule(this.em(), scope, day);
    return schedule(this.em(), scope, 'day', nextWeekday(scope.today, day));
  }

  /** D6: recent lesson topics and the teachers' comments on the student's marks. */
  async topics(viewer: Actor, studentId: number): Promise<TopicsView> {
    return topicsAndComments(this.em(), await this.scope(viewer, studentId));
  }

  /** D7: the student's own place in the group rating of the period. */
  async rating(viewer: Actor, studentId: number, periodId?: number): Promise<RatingView> {
    const scope = await this.scope(viewer, studentId);
    return rating(this.em(), scope, await periodFor(this.em(), scope, periodId));
  }

  /** D8: school-wide and class announcements of the last 30 days. */
  async announcements(viewer: Actor, studentId: number): Promise<DiaryAnnouncement[]> {
    return announcements(this.em(), await this.scope(viewer, studentId), this.clock.now());
  }

  /** The marks chart's data: the year so far, every subject or one. */
  async chartData(viewer: Actor, studentId: number, subjectId?: number): Promise<MarksChartData> {
    return chartData(this.em(), await this.scope(viewer, studentId), subjectId);
  }

  private async scope(viewer: Actor, studentId: number): Promise<DiaryScope> {
    const em = this.em();
    const school = await em.findOne(School, viewer.schoolId ?? 0);
    if (!school) throw new NotFound('Student');
    const today = this.clock.today(school.timeZone);
    const student = await requireDiaryAccess(em, viewer, studentId, today);
    return { student, school, today, ...(await loadMembership(em, student.id)) };
  }
}
