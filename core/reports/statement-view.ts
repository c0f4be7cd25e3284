// The statement as data, apart from its making (student-statement.ts) and its printing (statement-pdf.ts).
import type { AttendanceCode } from '../journal/attendance.entity.js';
import type { AttendanceSummary } from '../journal/formulas/index.js';
import type { StatementRange } from './statement-range.js';

/** A mark as the statement prints it: the value (and the second of a double mark), its work type and weight. */
export interface StatementMark {
  value: number;
  second: number | null;
  workType: string;
  weight: number;
  comment: string | null;
  makeUp: boolean;
}

export interface StatementLesson {
  date: string;
  lessonNumber: number;
  topic: string | null;
  /** н, б, п or оп; null when the student was present. */
  attendance: AttendanceCode | null;
  marks: StatementMark[];
}

export interface SubjectStatement {
  subjectId: number;
  subject: string;
  lessons: StatementLesson[];
  /** How many marks (a double mark counts as two). */
  markCount: number;
  /** Σ marks ÷ count and Σ(mark × weight) ÷ Σ weight (SPEC «Formulas»); undefined without marks. */
  average: number | undefined;
  weightedAverage: number | undefined;
  attendance: AttendanceSummary;
}

/** A day on which the student missed or was late for lessons, with the subject of each. */
export interface AbsenceDay {
  date: string;
  entries: { subject: string; lessonNumber: number; code: AttendanceCode }[];
}

/** D12: one student's lessons, marks, averages, absences and lateness per subject over a range. */
export interface StudentStatement {
  schoolName: string;
  timeZone: string;
  studentId: number;
  studentName: string;
  /** Set when a withdrawal of consent pseudonymised the student (G3): `studentName` is then its code. */
  studentPseudonymNo: number | null;
  /** «Ученица: …» or «Ученик: …» (core/people/sex-context.ts). */
  studentSex: 'm' | 'f' | null;
  /** The student's class(es) in the range: «7А», or «7А, 7Б» after a transfer. */
  groupName: string | null;
  yearName: string;
  range: StatementRange;
  subjects: SubjectStatement[];
  totals: { lessons: number; markCount: number; attendance: AttendanceSummary; byDate: AbsenceDay[] };
  generatedAt: Date;
}
