import type { BulkColumn, BulkWriter, Cell } from './bulk-insert.js';
import type { YearJournal } from './journal-school.js';

/** The ids the generated journal's indexes stand for. */
export interface JournalIds {
  school: number;
  assignments: readonly number[];
  students: readonly number[];
  /** In the order of WORK_TYPES. */
  workTypes: readonly number[];
  /** By the journal's numbering: 0–3 the quarters, 4 the year. */
  periods: readonly number[];
  /** The КТП row taught in an hour of an assignment's plan. */
  planTopic: (assignment: number, hour: number) => number;
}

const col = (name: string, type: BulkColumn['type'], cast?: string): BulkColumn => ({ name, type, ...(cast ? { cast } : {}) });
const int = (name: string) => col(name, 'int');
const text = (name: string) => col(name, 'text');
const stamp = (name: string) => col(name, 'timestamptz');
const repeat = <T extends Cell>(value: T, n: number): T[] => new Array<T>(n).fill(value);

/**
 * Writes a generated journal: lessons, homework, absences, marks and period marks. Each lesson's entries are
 * stamped (created_at, updated_at) with the end of the lesson (period marks with their period's last day), so that the journal reads as filled in on the
 * lesson's day (E5 finds no late entry, no work graded past its deadline). Returns the lessons' ids.
 */
export async function writeJournal(db: BulkWriter, journal: YearJournal, ids: JournalIds): Promise<number[]> {
  const S = (n: number) => repeat(ids.school, n);
  const l = journal.lessons;
  const lessonIds = await db.ids('lesson', l.date.length);
  await db.insert('lesson', [int('id'), int('school_id'), int('assignment_id'), col('date', 'date'), int('lesson_number'), text('topic'), int('plan_topic_id'), stamp('attendance_taken_at'), stamp('created_at'), stamp('updated_at')], {
    id: lessonIds, school_id: S(lessonIds.length), assignment_id: l.assignment.map((a) => ids.assignments[a]!), date: l.date, lesson_number: l.lessonNumber, topic: l.topic,
    plan_topic_id: l.planLine.map((k, i) => (k === null ? null : ids.planTopic(l.assignment[i]!, k))), attendance_taken_at: l.takenAt, created_at: l.at, updated_at: l.at,
  });
  const hw = journal.homework;
  const hwAt = hw.lesson.map((i) => l.at[i]!);
  await db.insert('homework', [int('school_id'), int('lesson_id'), text('text'), col('none', 'boolean'), col('due_date', 'date'), stamp('created_at'), stamp('updated_at')], {
    school_id: S(hw.lesson.length), lesson_id: hw.lesson.map((i) => lessonIds[i]!), text: hw.text, none: hw.none, due_date: hw.dueDate, created_at: hwAt, updated_at: hwAt,
  });
  const at = journal.attendance;
  const atAt = at.lesson.map((i) => l.at[i]!);
  await db.insert('attendance', [int('school_id'), int('lesson_id'), int('student_id'), text('code'), stamp('created_at'), stamp('updated_at')], {
    school_id: S(at.lesson.length), lesson_id: at.lesson.map((i) => lessonIds[i]!), student_id: at.student.map((i) => ids.students[i]!), code: at.code,
    created_at: atAt, updated_at: atAt,
  });
  const mk = journal.marks;
  const mkAt = mk.lesson.map((i) => l.at[i]!);
  await db.insert('mark', [int('school_id'), int('lesson_id'), int('student_id'), col('value', 'smallint'), col('second', 'smallint'), int('work_type_id'), stamp('created_at'), stamp('updated_at')], {
    school_id: S(mk.lesson.length), lesson_id: mk.lesson.map((i) => lessonIds[i]!), student_id: mk.student.map((i) => ids.students[i]!), value: mk.value, second: mk.second,
    work_type_id: mk.workType.map((w) => ids.workTypes[w]!), created_at: mkAt, updated_at: mkAt,
  });
  for (const pm of journal.periodMarks) {
    const n = pm.student.length;
    await db.insert('period_mark', [int('school_id'), int('assignment_id'), int('period_id'), int('student_id'), text('value'), stamp('created_at'), stamp('updated_at')], {
      school_id: S(n), assignment_id: pm.assignment.map((a) => ids.assignments[a]!), period_id: repeat(ids.periods[pm.period]!, n),
      student_id: pm.student.map((i) => ids.students[i]!), value: pm.value, created_at: repeat(pm.at, n), updated_at: repeat(pm.at, n),
    });
  }
  return lessonIds;
}
