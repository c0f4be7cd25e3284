import type { JournalReach } from '../access/journal-access.js';
import type { Stretch } from '../access/relations.js';
import { isMark, proposedPeriodMark, weightedAverage, type MarkCell } from '../journal/formulas/index.js';
import { journalOrder } from '../journal/roster.js';
import { shortName, studentName } from '../people/display-name.js';
import type { JournalCell, JournalLesson, JournalMark, JournalPage, JournalStudent } from './journal-page.js';
import type { AttendanceRow, HomeworkRow, LessonRow, MarkRow, PeriodMarkRow } from './journal-page-queries.js';

/** Everything a page is made of, as read: the header's names and the period's rows. */
export interface JournalPageInput {
  school: JournalPage['school'];
  assignment: JournalPage['assignment'];
  period: JournalPage['period'];
  reach: JournalReach;
  /** The page's students, any order: those of the assignment during the period and any with records in it. */
  students: { id: number; lastName: string; firstName: string; middleName: string | null; pseudonymNo: number | null }[];
  stretches: Stretch[];
  lessons: LessonRow[];
  marks: MarkRow[];
  attendance: AttendanceRow[];
  homework: HomeworkRow[];
  periodMarks: PeriodMarkRow[];
  generatedAt: Date;
  timeZone: string;
  /** The school's rounding rule for the proposed period mark (School.roundingThreshold). */
  roundingThreshold: number;
}

const key = (lessonId: number, studentId: number) => `${lessonId}:${studentId}`;

/** Puts the rows together: a cell per student and lesson, the averages by the journal's own formula. */
export function buildJournalPage(input: JournalPageInput): JournalPage {
  const lessons = input.lessons.map((l) => lessonOf(l, input.homework));
  const marks = new Map<string, JournalMark[]>();
  const weights = new Map<string, number>();
  for (const m of input.marks) {
    const mark: JournalMark = {
      id: m.id, version: m.version, value: m.value, second: m.second ?? null, workType: m.work_type, workTypeId: m.work_type_id,
      weight: Number(m.weight), makeUp: m.make_up, comment: m.comment ?? null,
    };
    const k = key(m.lesson_id, m.student_id);
    marks.set(k, [...(marks.get(k) ?? []), mark]);
    weights.set(mark.workType, mark.weight);
  }
  const attendance = new Map(input.attendance.map((a) => [key(a.lesson_id, a.student_id), a]));
  const periodMarks = new Map(input.periodMarks.map((p) => [p.student_id, p]));
  const full = input.reach === 'full';
  const students = [...input.students].sort(journalOrder).map((s): JournalStudent => {
    const stretches = input.stretches.filter((x) => x.studentId === s.id);
    const cells = lessons.map((l): JournalCell => ({
      enrolled: stretches.some((x) => x.from <= l.date && (x.to === null || l.date <= x.to)),
      attendance: attendance.get(key(l.id, s.id))?.code ?? null,
      attendanceVersion: attendance.get(key(l.id, s.id))?.version ?? 0,
      marks: marks.get(key(l.id, s.id)) ?? [],
    }));
    const own = cells.flatMap((c) => c.marks.map((m): MarkCell => ({ marks: [m.value, m.second].filter(isMark), weight: m.weight })));
    const periodMark = full ? periodMarks.get(s.id) : undefined;
    return {
      id: s.id,
      name: studentName(s),
      pseudonymNo: s.pseudonymNo,
      ...enrolledPart(stretches, input.period),
      cells,
      weightedAverage: full ? (weightedAverage(own) ?? null) : null,
      periodMark: periodMark ? { value: periodMark.value ?? null, deferredUntil: periodMark.deferred_until ?? null } : null,
      proposedMark: full ? (proposedPeriodMark(own, input.roundingThreshold) ?? null) : null,
    };
  });
  const workTypes = [...weights].map(([name, weight]) => ({ name, weight })).sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name, 'ru'));
  return {
    school: input.school,
    assignment: input.assignment,
    period: input.period,
    reach: input.reach,
    lessons,
    students,
    workTypes,
    generatedAt: input.generatedAt,
    timeZone: input.timeZone,
  };
}

function lessonOf(l: LessonRow, homework: readonly HomeworkRow[]): JournalLesson {
  const own = homework.filter((h) => h.lesson_id === l.id);
  const general = own.find((h) => h.student_id === null);
  return {
    id: l.id,
    date: l.date,
    lessonNumber: l.lesson_number,
    topic: l.topic ?? null,
    homework: general ? { text: general.text ?? null, none: general.none } : null,
    individualHomework: own.filter((h) => h.student_id !== null).length,
    substitute: l.sub_last ? shortName({ lastName: l.sub_last, firstName: l.sub_first, middleName: l.sub_middle }) : null,
    substituteId: l.substitute_id ?? null,
  };
}

/**
 * When a student joined or left the class inside the period, as the paper journal notes it beside the name:
 * the first day of its first stretch after the period began, the last day of its last one before it ended.
 */
function enrolledPart(stretches: readonly Stretch[], period: { startDate: string; endDate: string }): { joined: string | null; left: string | null } {
  if (stretches.length === 0) return { joined: null, left: null };
  const first = stretches[0]!;
  const last = stretches[stretches.length - 1]!;
  return {
    joined: first.from > period.startDate ? first.from : null,
    left: last.to !== null && last.to < period.endDate ? last.to : null,
  };
}
