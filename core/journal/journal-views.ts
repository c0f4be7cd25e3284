import { shortName } from '../people/display-name.js';
import type { Period } from '../school/period.entity.js';
import type { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import type { ThematicPlanTopic } from '../schedule/thematic-plan-topic.entity.js';
import type { Attendance } from './attendance.entity.js';
import type { AttendanceCode } from './attendance-codes.js';
import type { ClassAbsence } from './class-absences.js';
import type { Homework } from './homework.entity.js';
import type { LessonSheet, TopicChoices } from './lessons.js';
import type { Lesson } from './lesson.entity.js';
import type { Mark } from './mark.entity.js';
import type { PeriodOverview } from './period-marks.js';
import type { PeriodSheet } from './period-sheet.js';
import type { RosterStudent } from './roster.js';

// The journal as plain values, for transports (the bot): what they show of lessons, marks and periods,
// copied out of the entities so that nothing outside core holds one.

/** An assignment: a subject taught to a group or one of its subgroups in a year. */
export interface AssignmentView {
  id: number;
  yearId: number;
  subject: { id: number; name: string; doubleMarksAllowed: boolean };
  group: { id: number; name: string };
  subgroup: { id: number; name: string } | null;
}

export interface LessonView {
  id: number;
  date: string;
  lessonNumber: number;
  topic: string | null;
  /** Whether the roll call was finished (with no absences there are no rows to show it). */
  rollCallTaken: boolean;
  /** «Иванова М. И.», when someone substitutes in this lesson. */
  substitute: string | null;
  assignment: AssignmentView;
}

export interface AttendanceView {
  id: number;
  studentId: number;
  code: AttendanceCode;
  version: number;
}

export interface MarkView {
  id: number;
  lessonId: number;
  studentId: number;
  value: number;
  second: number | null;
  workTypeId: number;
  comment: string | null;
  makeUp: boolean;
  version: number;
}

export interface HomeworkView {
  id: number;
  /** Individual homework's student; null for the group's. */
  studentId: number | null;
  text: string | null;
  none: boolean;
  dueDate: string | null;
}

export interface WorkTypeView {
  id: number;
  name: string;
  weight: number;
}

/** What the journal shows of one lesson (LessonSheet, as plain values). */
export interface LessonSheetView {
  lesson: LessonView;
  students: RosterStudent[];
  attendance: AttendanceView[];
  marks: MarkView[];
  homework: HomeworkView[];
  workTypes: WorkTypeView[];
  defaultWorkTypeId: number | null;
}

export interface PlanTopicView {
  id: number;
  position: number;
  title: string;
  hours: number;
}

/** The plan's topics of a lesson's assignment with how often each was taught, and the lesson itself. */
export interface TopicChoicesView {
  lesson: LessonView;
  next: PlanTopicView | null;
  topics: { topic: PlanTopicView; covered: number }[];
}

export interface ClassAbsenceView {
  attendanceId: number;
  version: number;
  code: AttendanceCode;
  student: RosterStudent;
  date: string;
  lessonNumber: number;
  subject: string;
  group: string;
}

export interface PeriodView {
  id: number;
  yearId: number;
  name: string;
  startDate: string;
  endDate: string;
}

export interface PeriodOverviewView {
  today: string;
  assignments: AssignmentView[];
  periods: PeriodView[];
  currentPeriodId: number | null;
}

export type PeriodSheetView = Omit<PeriodSheet, 'assignment' | 'period'> & { assignment: AssignmentView; period: PeriodView };

/** The assignment with its subject, group and subgroup loaded. */
export function assignmentView(a: TeachingAssignment): AssignmentView {
  return {
    id: a.id,
    yearId: a.year.id,
    subject: { id: a.subject.id, name: a.subject.name, doubleMarksAllowed: a.subject.doubleMarksAllowed },
    group: { id: a.group.id, name: a.group.name },
    subgroup: a.subgroup ? { id: a.subgroup.id, name: a.subgroup.name } : null,
  };
}

export function lessonView(lesson: Lesson): LessonView {
  return {
    id: lesson.id,
    date: lesson.date,
    lessonNumber: lesson.lessonNumber,
    topic: lesson.topic ?? null,
    rollCallTaken: Boolean(lesson.attendanceTakenAt),
    substitute: lesson.substituteTeacher ? shortName(lesson.substituteTeacher) : null,
    assignment: assignmentView(lesson.assignment),
  };
}

export const attendanceView = (a: Attendance): AttendanceView => ({ id: a.id, studentId: a.student.id, code: a.code, version: a.version });

export const markView = (m: Mark): MarkView => ({
  id: m.id,
  lessonId: m.lesson.id,
  studentId: m.student.id,
  value: m.value,
  second: m.second ?? null,
  workTypeId: m.workType.id,
  comment: m.comment ?? null,
  makeUp: m.makeUp,
  version: m.version,
});

const homeworkView = (h: Homework): HomeworkView => ({
  id: h.id, studentId: h.student?.id ?? null, text: h.text ?? null, none: h.none, dueDate: h.dueDate ?? null,
});

export function lessonSheetView(sheet: LessonSheet): LessonSheetView {
  return {
    lesson: lessonView(sheet.lesson),
    students: sheet.students,
    attendance: sheet.attendance.map(attendanceView),
    marks: sheet.marks.map(markView),
    homework: sheet.homework.map(homeworkView),
    workTypes: sheet.workTypes.map((w) => ({ id: w.id, name: w.name, weight: w.weight })),
    defaultWorkTypeId: sheet.defaultWorkTypeId,
  };
}

const planTopicView = (t: ThematicPlanTopic): PlanTopicView => ({ id: t.id, position: t.position, title: t.title, hours: t.hours });

export function topicChoicesView(lesson: LessonView, choices: TopicChoices): TopicChoicesView {
  return {
    lesson,
    next: choices.next ? planTopicView(choices.next) : null,
    topics: choices.topics.map(({ topic, covered }) => ({ topic: planTopicView(topic), covered })),
  };
}

export function classAbsenceView(a: ClassAbsence): ClassAbsenceView {
  const s = a.attendance.student;
  return {
    attendanceId: a.attendance.id,
    version: a.attendance.version,
    code: a.attendance.code,
    student: { id: s.id, lastName: s.lastName, firstName: s.firstName, middleName: s.middleName ?? null, pseudonymNo: s.pseudonymNo ?? null, sex: s.sex ?? null },
    date: a.date,
    lessonNumber: a.lessonNumber,
    subject: a.subject,
    group: a.group,
  };
}

export const periodView = (p: Period): PeriodView => ({ id: p.id, yearId: p.year.id, name: p.name, startDate: p.startDate, endDate: p.endDate });

export function periodOverviewView(o: PeriodOverview): PeriodOverviewView {
  return { today: o.today, assignments: o.assignments.map(assignmentView), periods: o.periods.map(periodView), currentPeriodId: o.currentPeriodId };
}

export function periodSheetView(sheet: PeriodSheet): PeriodSheetView {
  return { ...sheet, assignment: assignmentView(sheet.assignment), period: periodView(sheet.period) };
}
