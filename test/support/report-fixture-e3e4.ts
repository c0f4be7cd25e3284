import type { Core } from '../../core/core.js';
import { Attendance, type AttendanceCode } from '../../core/journal/attendance.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { Group } from '../../core/people/group.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { Subgroup, SubgroupMember } from '../../core/people/subgroup.entity.js';
import { TeachingAssignment } from '../../core/schedule/teaching-assignment.entity.js';
import { ThematicPlanTopic } from '../../core/schedule/thematic-plan-topic.entity.js';
import { BellSchedule, BellSlot } from '../../core/school/bell-schedule.entity.js';
import { Subject } from '../../core/school/subject.entity.js';
import { WorkType } from '../../core/school/work-type.entity.js';
import { createSchoolFixture } from './school-fixture.js';
import { ormOf } from './test-core.js';

const TAKEN = new Date('2026-10-01T06:00:00Z');

/**
 * Attendance and marks of 7А and 7Б for E3 and E4, computed by hand in test/integration/report-e3-e4.test.ts.
 * Bells: lesson 1 is 45 minutes (1 academic hour), lesson 2 a 90-minute pair (2 hours).
 * 7А: Алексеев, Белов, Волков, Громов (left the class on 10.10), Дёмин (came on 06.10).
 * Математика (the fixture's teacher, Учителева), Русский язык (Классная, double marks), Английский язык for
 * the subgroup «1 группа» (Алексеев and Белов). 7Б: Борисов in Математика of Другая.
 *
 *   M1 05.10 №1 «Дроби»     Белов н, Волков оп           marks: Волков 2, Громов 2, Алексеев 5
 *   M2 06.10 №2 «Уравнения» Белов б, Громов п
 *   R1 07.10 №2 «Причастие» Алексеев н                    marks (контрольная): Белов 3/2, Волков 2/2, Дёмин 5/4
 *   R2 08.10 №1 «Деепричастие», roll call not finished but Белов н recorded: it counts
 *   E1 09.10 №1 «Present Simple», subgroup, all present
 *   M3 12.10 №1, topic from the plan «Проценты»  Волков н   marks (контрольная): Алексеев 2, Дёмин 3
 *   M4 13.10 №1 «Графики», no roll call: no attendance      marks: Белов 2
 *   M5 02.11 №1, after the report's dates: Алексеев н       marks: Волков 2
 *   B1 07.10 №1 (7Б) «Дроби»  Борисов н                   marks: Борисов 2
 */
export async function createAttendanceFixture(core: Core) {
  const s = await createSchoolFixture(core);
  const em = ormOf(core).em.fork();
  const school = s.school.id;
  const year = s.year.id;

  const bells = em.create(BellSchedule, { school, name: 'Первая смена' });
  em.create(BellSlot, { school, schedule: bells, lessonNumber: 1, startsAt: '08:30', endsAt: '09:15' });
  em.create(BellSlot, { school, schedule: bells, lessonNumber: 2, startsAt: '09:25', endsAt: '10:55' });
  const russian = em.create(Subject, { school, name: 'Русский язык', doubleMarksAllowed: true });
  const english = em.create(Subject, { school, name: 'Английский язык' });
  const answer = em.create(WorkType, { school, name: 'Ответ на уроке', weight: 1 });
  const test = em.create(WorkType, { school, name: 'Контрольная работа', weight: 2 });
  await em.flush();
  await em.nativeUpdate(Group, { id: { $in: [s.groupA.id, s.groupB.id] } }, { bellSchedule: bells.id });

  const student = (lastName: string, start = '2026-09-01', end?: string) => {
    const row = em.create(Student, { school, lastName, firstName: 'Иван', birthDate: '2013-01-01', sex: 'm' as const, ...(end ? { status: 'expelled' as const } : {}) });
    em.create(Enrollment, { school, student: row, group: s.groupA.id, startDate: start, startReason: start === '2026-09-01' ? 'admission' : 'transfer',
      endDate: end ?? null, endReason: end ? 'expulsion' : null });
    return row;
  };
  const belov = student('Белов');
  const volkov = student('Волков');
  const gromov = student('Громов', '2026-09-01', '2026-10-10');
  const demin = student('Дёмин', '2026-10-06');
  const half = em.create(Subgroup, { school, group: s.groupA.id, name: '1 группа' });
  await em.flush();
  const alekseev = s.studentA.id;
  const borisov = s.studentB.id;
  em.create(SubgroupMember, { school, subgroup: half, student: alekseev });
  em.create(SubgroupMember, { school, subgroup: half, student: belov });

  const assignment = (subject: number, teacher: number, group: number, subgroup: number | null = null) =>
    em.create(TeachingAssignment, { school, year, subject, teacher, group, subgroup, plannedHours: 34 });
  const rus = assignment(russian.id, s.people.classTeacherA.id, s.groupA.id);
  const eng = assignment(english.id, s.people.deputy.id, s.groupA.id, half.id);
  const mathB = assignment(s.subject.id, s.people.classTeacherB.id, s.groupB.id);
  await em.flush();
  const percents = em.create(ThematicPlanTopic, { school, assignment: s.assignment.id, position: 1, title: 'Проценты', hours: 1 });
  await em.flush();

  const lesson = (a: { id: number }, date: string, lessonNumber: number, topic: string | null, taken = true, planTopic: number | null = null) =>
    em.create(Lesson, { school, assignment: a.id, date, lessonNumber, topic, planTopic, attendanceTakenAt: taken ? TAKEN : null });
  const math = s.assignment;
  const m1 = lesson(math, '2026-10-05', 1, 'Дроби');
  const m2 = lesson(math, '2026-10-06', 2, 'Уравнения');
  const r1 = lesson(rus, '2026-10-07', 2, 'Причастие');
  const r2 = lesson(rus, '2026-10-08', 1, 'Деепричастие', false);
  lesson(eng, '2026-10-09', 1, 'Present Simple');
  const m3 = lesson(math, '2026-10-12', 1, null, true, percents.id);
  const m4 = lesson(math, '2026-10-13', 1, 'Графики', false);
  const m5 = lesson(math, '2026-11-02', 1, 'Площадь');
  const b1 = lesson(mathB, '2026-10-07', 1, 'Дроби');
  await em.flush();

  const code = (l: { id: number }, studentId: number, value: AttendanceCode) => em.create(Attendance, { school, lesson: l.id, student: studentId, code: value });
  code(m1, belov.id, 'n');
  code(m1, volkov.id, 'op');
  code(m2, belov.id, 'b');
  code(m2, gromov.id, 'p');
  code(r1, alekseev, 'n');
  code(r2, belov.id, 'n');
  code(m3, volkov.id, 'n');
  code(m5, alekseev, 'n');
  code(b1, borisov, 'n');

  const mark = (l: { id: number }, studentId: number, value: number, workType: { id: number } = answer, second: number | null = null) =>
    em.create(Mark, { school, lesson: l.id, student: studentId, value, second, workType: workType.id });
  mark(m1, volkov.id, 2);
  mark(m1, gromov.id, 2);
  mark(m1, alekseev, 5);
  mark(r1, belov.id, 3, test, 2);
  mark(r1, volkov.id, 2, test, 2);
  mark(r1, demin.id, 5, test, 4);
  mark(m3, alekseev, 2, test);
  mark(m3, demin.id, 3, test);
  mark(m4, belov.id, 2);
  mark(m5, volkov.id, 2);
  mark(b1, borisov, 2);
  await em.flush();
  return { ...s, russian, english, students: { alekseev, belov: belov.id, volkov: volkov.id, gromov: gromov.id, demin: demin.id, borisov } };
}
