import type { Core } from '../../core/core.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { PeriodMark, type PeriodMarkValue } from '../../core/journal/period-mark.entity.js';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { TeachingAssignment } from '../../core/schedule/teaching-assignment.entity.js';
import { Period } from '../../core/school/period.entity.js';
import { Subject } from '../../core/school/subject.entity.js';
import { WorkType } from '../../core/school/work-type.entity.js';
import { createSchoolFixture } from './school-fixture.js';
import { ormOf } from './test-core.js';

/**
 * A class of the school fixture (7А) made into a report's worked example, computed by hand in the tests:
 * seven students in Математика (the fixture's teacher) and Русский язык (7А's class teacher, double marks),
 * quarter 1 (01.09–27.10.2026) with period marks: a 5, 4, 3, an н/а, an exempt student, one with no mark
 * yet, and Ершов who left the class on 10.10 (his 2s must not count); current marks with a double 5/4 and
 * one mark after the quarter (must not count).
 */
export async function createReportFixture(core: Core) {
  const s = await createSchoolFixture(core);
  const em = ormOf(core).em.fork();
  const school = s.school.id;
  const quarter = em.create(Period, { school, year: s.year.id, type: 'quarter', number: 1, name: '1 четверть', startDate: '2026-09-01', endDate: '2026-10-27' });
  const russian = em.create(Subject, { school, name: 'Русский язык', doubleMarksAllowed: true });
  const workType = em.create(WorkType, { school, name: 'Ответ на уроке', weight: 1 });
  await em.flush();
  const russianAssignment = em.create(TeachingAssignment, { school, year: s.year.id, teacher: s.people.classTeacherA.id, subject: russian.id, group: s.groupA.id, plannedHours: 102 });
  const student = (lastName: string, end?: string) => {
    const row = em.create(Student, { school, lastName, firstName: 'Иван', birthDate: '2013-01-01', sex: 'm' as const, ...(end ? { status: 'expelled' as const } : {}) });
    em.create(Enrollment, { school, student: row, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission', endDate: end ?? null, endReason: end ? 'expulsion' : null });
    return row;
  };
  const belov = student('Белов');
  const volkov = student('Волков');
  const gromov = student('Громов');
  const demin = student('Дёмин');
  const ershov = student('Ершов', '2026-10-10');
  const zhukov = student('Жуков');
  await em.flush();
  const alekseev = s.studentA.id;
  const math = s.assignment.id;
  const rus = russianAssignment.id;
  const periodMarks: [number, number, PeriodMarkValue | null][] = [
    [math, alekseev, '5'], [math, belov.id, '4'], [math, volkov.id, '3'], [math, gromov.id, 'na'], [math, demin.id, 'exempt'], [math, ershov.id, '2'], [math, zhukov.id, null],
    [rus, alekseev, '4'], [rus, belov.id, '4'], [rus, volkov.id, '2'], [rus, gromov.id, '3'], [rus, demin.id, '5'], [rus, ershov.id, '2'], [rus, zhukov.id, '4'],
  ];
  for (const [assignment, studentId, value] of periodMarks) em.create(PeriodMark, { school, assignment, period: quarter.id, student: studentId, value });
  const lesson = (assignment: number, date: string) => em.create(Lesson, { school, assignment, date, lessonNumber: 1, topic: 'Тема' });
  const mathLesson = lesson(math, '2026-10-05');
  const rusLesson = lesson(rus, '2026-10-06');
  const lateLesson = lesson(math, '2026-11-05');
  await em.flush();
  const mark = (l: { id: number }, studentId: number, value: number, second: number | null = null) =>
    em.create(Mark, { school, lesson: l.id, student: studentId, value, second, workType: workType.id });
  mark(mathLesson, alekseev, 5);
  mark(mathLesson, alekseev, 4);
  mark(mathLesson, belov.id, 4);
  mark(mathLesson, volkov.id, 2);
  mark(mathLesson, ershov.id, 2);
  mark(rusLesson, alekseev, 5, 4);
  mark(rusLesson, demin.id, 5);
  mark(rusLesson, gromov.id, 3);
  mark(lateLesson, alekseev, 2);
  await em.flush();
  return { ...s, quarter, russian, russianAssignment, students: { alekseev, belov: belov.id, volkov: volkov.id, gromov: gromov.id, demin: demin.id, ershov: ershov.id, zhukov: zhukov.id } };
}
