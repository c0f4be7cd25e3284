/** What the journal of a school is generated from: its groups, students, нагрузка with КТП and weekly timetable. */
export interface JournalSchool {
  groups: readonly { grade: number }[];
  students: readonly JournalStudent[];
  assignments: readonly JournalAssignment[];
  slots: readonly { assignment: number; weekday: number; lessonNumber: number }[];
}

export interface JournalStudent {
  /** Index into `groups`. */
  group: number;
  /** 1 or 2: the half of the class for a split subject. */
  half: 1 | 2;
  /** First and last day in the group (`end` null: still there). */
  start: string;
  end: string | null;
  /** Its usual level: marks scatter around it. */
  level: number;
  /** Exempt from physical education (по медицинским показаниям). */
  exemptPe: boolean;
}

export interface JournalAssignment {
  group: number;
  /** The half of the class for a split subject. */
  half: 1 | 2 | null;
  subject: { name: string; doubleMarksAllowed?: boolean; withoutAttestation?: boolean };
  /** The КТП, one title an hour (a line of two hours twice). */
  plan: readonly string[];
}

export interface JournalOptions {
  /** Marks a student gets in the whole year, about; the same whatever part of the year is generated. */
  marksPerStudent: number;
  /** The last day generated (the year's end by default): nothing after it, period marks only of periods over by then. */
  until?: string;
  /** A line of the КТП that is a control work: every present student gets a mark of the control type. */
  isControlTopic: (title: string) => boolean;
  /** A control work of the school's график on that day (by assignment): the day's first lesson is it, with this title. */
  scheduledControl?: (assignment: number, date: string) => string | undefined;
}

/** The journal, column by column (indexes into the school's lists and WORK_TYPES), ready for bulk writes. */
export interface YearJournal {
  /**
   * `planLine`: the hour of the assignment's `plan` taught (null: a topic of its own or none); `at`: when the
   * lesson ended (UTC ISO), the moment its entries are stamped with — made on the lesson's day, as the rules want;
   * `control`: the title of the control work the lesson is, if it is one.
   */
  lessons: {
    assignment: number[]; date: string[]; lessonNumber: number[]; topic: (string | null)[]; planLine: (number | null)[];
    takenAt: (string | null)[]; at: string[]; control: (string | null)[];
  };
  attendance: { lesson: number[]; student: number[]; code: string[] };
  marks: { lesson: number[]; student: number[]; value: number[]; second: (number | null)[]; workType: number[] };
  homework: { lesson: number[]; text: (string | null)[]; none: boolean[]; dueDate: (string | null)[] };
  /** `period`: 0–3 the quarters, 4 the year; only periods over by `until`; `at`: when they were set (UTC ISO). */
  periodMarks: { assignment: number[]; period: number; at: string; student: number[]; value: string[] }[];
}

/** A student's marks and lessons in an assignment and a quarter, as the generator tallies them. */
export interface Tally {
  /** Σ value × weight and Σ weight, in hundredths of a weight (exact, as the journal's formulas count). */
  sum: number;
  weight: number;
  lessons: number;
  absent: number;
}
