import type { JournalReach } from '../access/journal-access.js';
import type { AttendanceCode } from '../journal/attendance-codes.js';
import type { PeriodMarkValue } from '../journal/period-mark-values.js';

/**
 * One journal as the paper journal reads it (SPEC B2, S4 §3.2, app. 3 item 10): for a teaching assignment
 * and a period, the students down and the lesson dates across, each cell with its marks and attendance, the
 * period mark and the weighted average at the right; on the facing page the dates with topics and homework.
 * Plain values, for the panel's page, its PDF and its XLSX alike.
 */
export interface JournalPage {
  school: { id: number; name: string };
  assignment: { id: number; subject: string; group: { id: number; name: string }; subgroup: string | null; teacher: string; teacherId: number };
  period: { id: number; name: string; startDate: string; endDate: string };
  /** `substituted`: only the lessons the reader gave as a substitute, without period marks and averages. */
  reach: JournalReach;
  lessons: JournalLesson[];
  students: JournalStudent[];
  /** The work types of the page's marks, for the legend: name and weight. */
  workTypes: { name: string; weight: number }[];
  /** When the page was made (the clock's now), in the school's zone for printing. */
  generatedAt: Date;
  timeZone: string;
}

/** A column of the page, and a line of the facing page. */
export interface JournalLesson {
  id: number;
  date: string;
  lessonNumber: number;
  topic: string | null;
  /** The group's homework («без задания» when `none`); individual homework is counted, not named. */
  homework: { text: string | null; none: boolean } | null;
  individualHomework: number;
  /** «Иванова М. И.», when someone substituted; and who, to tell whether the reader may edit the lesson. */
  substitute: string | null;
  substituteId: number | null;
}

/**
 * A mark in a cell: a double mark has `second`; `weight` is its work type's; `makeUp` is made up after an
 * absence. `id` and `version` let an editor (the Mini App) change the mark it shows, and no later one.
 */
export interface JournalMark {
  id: number;
  version: number;
  value: number;
  second: number | null;
  workType: string;
  workTypeId: number;
  weight: number;
  makeUp: boolean;
  comment: string | null;
}

/** What a student has in one lesson; `enrolled` false: not in the class that day (joined later or left). */
export interface JournalCell {
  enrolled: boolean;
  attendance: AttendanceCode | null;
  /** The attendance row's version (0: none, the student was present), for an editor's optimistic lock. */
  attendanceVersion: number;
  marks: JournalMark[];
}

export interface JournalStudent {
  id: number;
  /** Фамилия Имя (Отчество): the page's order is Russian alphabetical over it. */
  name: string;
  /** Set when a withdrawal of consent pseudonymised the student (G3): `name` is then its code. */
  pseudonymNo: number | null;
  /** The day it joined the class during the period, and the day it left (null: the whole period). */
  joined: string | null;
  left: string | null;
  /** One per lesson of `lessons`, in the same order. */
  cells: JournalCell[];
  /** Σ(mark × weight) ÷ Σ weight over the period's marks (formulas/marks.ts); null without marks or when not shown. */
  weightedAverage: number | null;
  periodMark: { value: PeriodMarkValue | null; deferredUntil: string | null } | null;
  /** The weighted average rounded by the school's rule (formulas/marks.ts): the period mark the journal proposes. */
  proposedMark: number | null;
}
