import type { EntityManager } from '@mikro-orm/postgresql';
import type { i18n } from 'i18next';
import { requireStudents } from '../access/access.js';
import { schoolScope, type Actor } from '../access/actor.js';
import { NotFound } from '../base/errors.js';
import type { ReadLog } from '../audit/read-log.js';
import { translator } from '../i18n/i18n.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import type { AttendanceCode } from '../journal/attendance.entity.js';
import { average, isMark, summarizeAttendance, weightedAverage, type MarkCell } from '../journal/formulas/index.js';
import { Enrollment } from '../people/enrollment.entity.js';
import { Student } from '../people/student.entity.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { studentName } from '../people/display-name.js';
import { School } from '../school/school.entity.js';
import { renderStatement, statementFilename } from './statement-pdf.js';
import { studentAttendance, studentLessons, studentMarks, type LessonRow, type MarkRow } from './statement-queries.js';
import { resolveRange, type NamedRange, type StatementRange } from './statement-range.js';
import type { AbsenceDay, StatementLesson, StatementMark, StudentStatement, SubjectStatement } from './statement-view.js';
import type { Clock } from '../time/clock.js';

export interface StatementPdfOptions {
  /** Dates, or a month by name; default: the previous calendar month. */
  range?: Partial<StatementRange> | NamedRange;
  /** The reader's language; the document is written in it. */
  language?: Language;
  /** Streams deflated (default); tests turn it off to read the text. */
  compress?: boolean;
}

export interface StatementFile {
  file: Buffer;
  /** In the document's language, for a chat («Выписка Алексеев Пётр 01.10.2026–31.10.2026.pdf»). */
  filename: string;
  /** Latin letters and digits only, for a Content-Disposition header's plain filename. */
  asciiFilename: string;
  statement: StudentStatement;
}

const cellOf = (mark: StatementMark): MarkCell => ({ marks: [mark.value, mark.second].filter(isMark), weight: mark.weight });
const markOf = (row: MarkRow): StatementMark => ({
  value: row.value, second: row.second ?? null, workType: row.work_type, weight: Number(row.weight), comment: row.comment ?? null, makeUp: row.make_up,
});

/**
 * The printable statement (D12) for a guardian without electronic access, the class teacher's meeting, the
 * student itself: gathered from the journal and rendered as an A4 PDF. Who may read it: the one policy's
 * `statements.view` — the school's heads, the class teacher of the student's class during the range, a
 * guardian of the student with consent in force, the student itself; not a subject teacher, not a classmate.
 */
export class StudentStatements {
  constructor(
    private readonly em: () => EntityManager,
    private readonly i18n: i18n,
    private readonly clock: Clock,
    private readonly reads: ReadLog,
  ) {}

  /** The statement's data, after the reader's rights are checked; no range: the previous calendar month. */
  async gather(studentId: number, reader: Actor, range?: Partial<StatementRange> | NamedRange): Promise<StudentStatement> {
    const em = this.em();
    const student = await em.findOne(Student, { id: studentId, ...schoolScope(reader) });
    if (!student) throw new NotFound('Student');
    const school = await em.findOneOrFail(School, student.school.id);
    const years = await em.find(AcademicYear, { school: school.id }, { orderBy: { startDate: 'asc' } });
    const today = this.clock.today(school.timeZone);
    const { year, ...resolved } = resolveRange(range, today, years);
    const enrollments = await em.find(Enrollment, {
      student: student.id,
      startDate: { $lte: resolved.to },
      $or: [{ endDate: null }, { endDate: { $gte: resolved.from } }],
    }, { populate: ['group'], orderBy: { startDate: 'asc' } });
    await requireStudents(em, reader, 'statements.view', [student.id], resolved);

    const lessons = await studentLessons(em, school.id, student.id, resolved);
    const ids = lessons.map((l) => l.id);
    const marks = await studentMarks(em, student.id, ids);
    const attendance = new Map((await studentAttendance(em, student.id, ids)).map((a) => [a.lesson_id, a.code]));
    const subjects = bySubject(lessons, marks, attendance);
    await this.reads.record(reader, { kind: 'statement', resource: 'Student', recordId: student.id, schoolId: school.id, detail: `${resolved.from}–${resolved.to}`, people: 1 });
    const allLessons = subjects.flatMap((s) => s.lessons);
    return {
      schoolName: school.name,
      timeZone: school.timeZone,
      studentId: student.id,
      studentName: studentName(student),
      studentPseudonymNo: student.pseudonymNo ?? null,
      studentSex: student.sex ?? null,
      groupName: [...new Set(enrollments.map((e) => e.group.name))].join(', ') || null,
      yearName: year.name,
      range: resolved,
      subjects,
      totals: {
        lessons: allLessons.length,
        markCount: subjects.reduce((n, s) => n + s.markCount, 0),
        attendance: summarizeAttendance(allLessons.map((l) => ({ code: l.attendance ?? 'present' }))),
        byDate: absenceDays(subjects),
      },
      generatedAt: this.clock.now(),
    };
  }

  /** The statement as an A4 PDF in the reader's language (Russian by default). */
  async pdf(studentId: number, reader: Actor, options: StatementPdfOptions = {}): Promise<StatementFile> {
    const gathered = await this.gather(studentId, reader, options.range);
    const language = options.language ?? DEFAULT_LANGUAGE;
    const t = translator(this.i18n, language);
    // A pseudonym (G3) in the statement's language: «Student 7».
    const statement = { ...gathered, studentName: studentName({ lastName: gathered.studentName, pseudonymNo: gathered.studentPseudonymNo }, 'full', t) };
    const file = await renderStatement(statement, t, language, { compress: options.compress ?? true });
    return { file, ...statementFilename(statement, t), statement };
  }
}

function bySubject(lessons: LessonRow[], marks: MarkRow[], attendance: Map<number, AttendanceCode>): SubjectStatement[] {
  const marksOf = new Map<number, StatementMark[]>();
  for (const row of marks) marksOf.set(row.lesson_id, [...(marksOf.get(row.lesson_id) ?? []), markOf(row)]);
  const subjects = new Map<number, { subject: string; lessons: StatementLesson[] }>();
  for (const row of lessons) {
    const entry = subjects.get(row.subject_id) ?? { subject: row.subject_name, lessons: [] };
    entry.lessons.push({ date: row.date, lessonNumber: row.lesson_number, topic: row.topic ?? null, attendance: attendance.get(row.id) ?? null, marks: marksOf.get(row.id) ?? [] });
    subjects.set(row.subject_id, entry);
  }
  return [...subjects].map(([subjectId, { subject, lessons: rows }]) => {
    const cells = rows.flatMap((l) => l.marks.map(cellOf));
    return {
      subjectId,
      subject,
      lessons: rows,
      markCount: cells.reduce((n, c) => n + c.marks.length, 0),
      average: average(cells),
      weightedAverage: weightedAverage(cells),
      attendance: summarizeAttendance(rows.map((l) => ({ code: l.attendance ?? 'present' }))),
    };
  });
}

function absenceDays(subjects: SubjectStatement[]): AbsenceDay[] {
  const days = new Map<string, AbsenceDay['entries']>();
  for (const s of subjects) {
    for (const l of s.lessons) {
      if (l.attendance) days.set(l.date, [...(days.get(l.date) ?? []), { subject: s.subject, lessonNumber: l.lessonNumber, code: l.attendance }]);
    }
  }
  return [...days].sort(([a], [b]) => a.localeCompare(b)).map(([date, entries]) => ({ date, entries: entries.sort((a, b) => a.lessonNumber - b.lessonNumber) }));
}
