import type { EntityManager } from '@mikro-orm/postgresql';
import { timetabledLessons } from '../journal/reminder-queries.js';
import { shortName } from '../people/display-name.js';
import { isoWeekday } from '../time/local-date.js';
import { coversLesson, lessonScopeSql, type SummaryScope } from './summary-scope.js';

/** What the day's lessons of one teacher still lack (C1): counts of lessons, not of fields. */
export interface TeacherLessons {
  staffId: number;
  /** «Иванова М. П.». */
  name: string;
  lessons: number;
  withoutTopic: number;
  withoutAttendance: number;
  withoutHomework: number;
}

export interface LessonFigures {
  /** Timetabled lessons of the day in the scope. */
  total: number;
  /** Of them, those with a topic, a roll call and the class's homework. */
  complete: number;
  withoutTopic: number;
  withoutAttendance: number;
  withoutHomework: number;
  /** Every teacher with a lesson that day, those with the most left to fill in first. */
  teachers: TeacherLessons[];
  /** Marks given in the day's lessons (the lesson's date, not the moment of entry). */
  marks: number;
}

/**
 * The day's lessons as the timetable plans them, with what each lacks, grouped by the teacher who gives
 * them (a registered substitute rather than the absent teacher: it is theirs to fill in, as the reminders
 * say), and the marks given in them. Three statements, whatever the size of the school.
 */
export async function lessonFigures(em: EntityManager, schoolId: number, day: string, scope: SummaryScope): Promise<LessonFigures> {
  const rows = (await timetabledLessons(em, schoolId, day, isoWeekday(day)))
    .filter((r) => coversLesson(scope, r.group_id, [r.teacher_id, r.substitute_id]));
  const byTeacher = new Map<number, Omit<TeacherLessons, 'name'>>();
  for (const row of rows) {
    const staffId = row.substitute_id ?? row.teacher_id;
    const t = byTeacher.get(staffId) ?? { staffId, lessons: 0, withoutTopic: 0, withoutAttendance: 0, withoutHomework: 0 };
    t.lessons += 1;
    t.withoutTopic += row.has_topic ? 0 : 1;
    t.withoutAttendance += row.has_attendance ? 0 : 1;
    t.withoutHomework += row.has_homework ? 0 : 1;
    byTeacher.set(staffId, t);
  }
  // Read as rows rather than entities: partly loaded entities would linger in the request's identity map.
  const staff = byTeacher.size ? await em.execute<{ id: number; last_name: string; first_name: string; middle_name: string | null }[]>(
    'select id, last_name, first_name, middle_name from staff where id in (?)', [[...byTeacher.keys()]],
  ) : [];
  const names = new Map(staff.map((s) => [s.id, shortName({ lastName: s.last_name, firstName: s.first_name, middleName: s.middle_name ?? undefined })]));
  const left = (t: Omit<TeacherLessons, 'name'>) => t.withoutTopic + t.withoutAttendance + t.withoutHomework;
  const teachers = [...byTeacher.values()]
    .map((t) => ({ ...t, name: names.get(t.staffId) ?? `№${t.staffId}` }))
    .sort((a, b) => left(b) - left(a) || a.name.localeCompare(b.name, 'ru') || a.staffId - b.staffId);
  const sum = (pick: (t: TeacherLessons) => number) => teachers.reduce((n, t) => n + pick(t), 0);
  return {
    total: rows.length,
    complete: rows.filter((r) => r.has_topic && r.has_attendance && r.has_homework).length,
    withoutTopic: sum((t) => t.withoutTopic),
    withoutAttendance: sum((t) => t.withoutAttendance),
    withoutHomework: sum((t) => t.withoutHomework),
    teachers,
    marks: await marksOfDay(em, schoolId, day, scope),
  };
}

async function marksOfDay(em: EntityManager, schoolId: number, day: string, scope: SummaryScope): Promise<number> {
  const where = lessonScopeSql(scope);
  const [row] = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from mark m join lesson l on l.id = m.lesson_id join teaching_assignment ta on ta.id = l.assignment_id
      where l.school_id = ? and l.date = ? and ${where.sql}`,
    [schoolId, day, ...where.bindings],
  );
  return row?.n ?? 0;
}
