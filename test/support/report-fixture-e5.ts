import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import type { Core } from '../../core/core.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { Group } from '../../core/people/group.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { TeachingAssignment } from '../../core/schedule/teaching-assignment.entity.js';
import { TimetableSlot } from '../../core/schedule/timetable-slot.entity.js';
import { BellSchedule, BellSlot } from '../../core/school/bell-schedule.entity.js';
import { Holiday } from '../../core/school/holiday.entity.js';
import { Subject } from '../../core/school/subject.entity.js';
import { WorkType } from '../../core/school/work-type.entity.js';
import { createSchoolFixture } from './school-fixture.js';
import { ormOf } from './test-core.js';

/** Today in the tests of E5 and E7: Monday 23.11.2026, 12:00 in Moscow (the school's zone, UTC+3). */
export const E5_NOW = '2026-11-23T09:00:00Z';

/**
 * The journal of 7А (school fixture) for E5 and E7, worked by hand in test/integration/report-e5-e7.test.ts.
 *
 * Математика (Учителева): timetable Mon 1, Wed 2, Fri 3; 16.11 is a holiday. Over 09–22.11 six lessons held:
 *   A 09.11 L1 full; Алексеев's 5 at 23:30 Moscow (20:30 UTC): on time; a topic change audited the same day.
 *   B 11.11 L2 no topic; roll call finished 12.11 08:00 Moscow: late; Волков's 3 on time.
 *   C 13.11 L3 (90 minutes) no roll call (an absence is recorded on time); a substitute audited late: not a topic, not late.
 *   D 14.11 L1 one-off Saturday lesson, only individual homework; topic set 15.11 (audit): late; control work
 *     (deadline 3 days, to 17.11 24:00 Moscow): Белов's 4 on 16.11 in time, Алексеев's 3 at 00:30 18.11 Moscow: overdue.
 *   E 18.11 L2 full; Белов's 4 at 22:30 UTC on 18.11, 01:30 of 19.11 in Moscow: late.
 *   F 20.11 L3 timetabled, never opened: no topic, no roll call, no homework.
 *   Not held: 16.11 (holiday), 23.11 (today, opened empty), 25.11 on (to come); 12.10 opened only for homework.
 * Русский язык (Классная): Tue 1; 10.11 full, Громов's double 5/4 and Алексеев's 4; 17.11 given by Учителева
 *   (substitute), full, an absence recorded 18.11: late.
 * October (E7): Математика 05.10 L1 topic, 07.10 L2 a mark only, 09.10 L3 (90 min) topic; Русский язык 06.10 topic.
 * Students of 7А: Алексеев, Белов, Волков, Громов, and Ершов who left on 12.11 (his mark must not count).
 * 7Б (Другая, Математика): 48 slots a week (Mon–Sat × lessons 1–8) never filled in, no bell schedule, one
 *   lesson 20.10 L4 with a topic: 560 lessons with gaps over 01.09–22.11, the list's cap.
 */
export async function createE5Fixture(core: Core) {
  const s = await createSchoolFixture(core);
  const em = ormOf(core).em.fork();
  const school = s.school.id;
  const at = (iso: string) => new Date(iso);

  const bells = em.create(BellSchedule, { school, name: 'Первая смена' });
  await em.flush();
  for (const [lessonNumber, startsAt, endsAt] of [[1, '08:30', '09:15'], [2, '09:25', '10:10'], [3, '10:20', '11:50']] as const) {
    em.create(BellSlot, { school, schedule: bells.id, lessonNumber, startsAt, endsAt });
  }
  await em.nativeUpdate(Group, { id: s.groupA.id }, { bellSchedule: bells.id });
  em.create(Holiday, { school, year: s.year.id, name: 'День отдыха', startDate: '2026-11-16', endDate: '2026-11-16' });
  const answer = em.create(WorkType, { school, name: 'Ответ на уроке', weight: 1 });
  const control = em.create(WorkType, { school, name: 'Контрольная работа', weight: 2, gradingDeadlineDays: 3 });
  const russian = em.create(Subject, { school, name: 'Русский язык', doubleMarksAllowed: true });
  await em.flush();
  const math = s.assignment.id;
  const rusAssignment = em.create(TeachingAssignment, { school, year: s.year.id, teacher: s.people.classTeacherA.id, subject: russian.id, group: s.groupA.id, plannedHours: 102 });
  const mathB = em.create(TeachingAssignment, { school, year: s.year.id, teacher: s.people.classTeacherB.id, subject: s.subject.id, group: s.groupB.id, plannedHours: 170 });
  const student = (lastName: string, end?: string) => {
    const row = em.create(Student, { school, lastName, firstName: 'Иван', birthDate: '2013-01-01', sex: 'm' as const, ...(end ? { status: 'expelled' as const } : {}) });
    em.create(Enrollment, { school, student: row, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission', endDate: end ?? null, endReason: end ? 'expulsion' : null });
    return row;
  };
  const [belov, volkov, gromov, ershov] = [student('Белов'), student('Волков'), student('Громов'), student('Ершов', '2026-11-12')];
  await em.flush();
  const alekseev = s.studentA.id;
  const rus = rusAssignment.id;

  const slot = (assignment: number, group: number, weekday: number, lessonNumber: number) =>
    em.create(TimetableSlot, { school, assignment, group, weekday, lessonNumber, validFrom: '2026-09-01' });
  slot(math, s.groupA.id, 1, 1);
  slot(math, s.groupA.id, 3, 2);
  slot(math, s.groupA.id, 5, 3);
  slot(rus, s.groupA.id, 2, 1);
  for (let weekday = 1; weekday <= 6; weekday++) for (let n = 1; n <= 8; n++) slot(mathB.id, s.groupB.id, weekday, n);

  type LessonInput = { topic?: string | null; takenAt?: string | null; substitute?: number };
  const lesson = (assignment: number, date: string, lessonNumber: number, o: LessonInput = {}) => em.create(Lesson, {
    school, assignment, date, lessonNumber, topic: o.topic === undefined ? 'Тема урока' : o.topic,
    attendanceTakenAt: o.takenAt === undefined ? at(`${date}T06:00:00Z`) : o.takenAt === null ? null : at(o.takenAt),
    substituteTeacher: o.substitute ?? null,
  });
  const A = lesson(math, '2026-11-09', 1);
  const B = lesson(math, '2026-11-11', 2, { topic: null, takenAt: '2026-11-12T05:00:00Z' });
  const C = lesson(math, '2026-11-13', 3, { takenAt: null });
  const D = lesson(math, '2026-11-14', 1);
  const E = lesson(math, '2026-11-18', 2);
  const today = lesson(math, '2026-11-23', 1, { topic: null, takenAt: null });
  const oct = [lesson(math, '2026-10-05', 1), lesson(math, '2026-10-07', 2, { topic: null, takenAt: null }), lesson(math, '2026-10-09', 3)];
  const cancelled = lesson(math, '2026-10-12', 1, { topic: null, takenAt: null });
  const rus10 = lesson(rus, '2026-11-10', 1);
  const rus17 = lesson(rus, '2026-11-17', 1, { substitute: s.people.teacher.id });
  lesson(rus, '2026-10-06', 1);
  lesson(mathB.id, '2026-10-20', 4, { takenAt: null });
  await em.flush();

  const homework = (l: { id: number }, o: { student?: number; none?: boolean } = {}) =>
    em.create(Homework, { school, lesson: l.id, text: o.none ? null : '§ 12', student: o.student ?? null, none: o.none ?? false });
  for (const l of [A, B, E, rus10, rus17]) homework(l);
  homework(C, { none: true });
  homework(D, { student: alekseev });
  homework(today);
  homework(cancelled);

  const mark = (l: { id: number }, studentId: number, value: number, made: string, o: { second?: number; workType?: number } = {}) =>
    em.create(Mark, { school, lesson: l.id, student: studentId, value, second: o.second ?? null, workType: o.workType ?? answer.id, createdAt: at(made), updatedAt: at(made) });
  mark(A, alekseev, 5, '2026-11-09T20:30:00Z');
  mark(A, ershov.id, 4, '2026-11-09T08:00:00Z');
  mark(B, volkov.id, 3, '2026-11-11T08:00:00Z');
  mark(D, belov.id, 4, '2026-11-16T10:00:00Z', { workType: control.id });
  mark(D, alekseev, 3, '2026-11-17T21:30:00Z', { workType: control.id });
  mark(E, belov.id, 4, '2026-11-18T22:30:00Z');
  mark(oct[1]!, volkov.id, 4, '2026-10-07T08:00:00Z');
  mark(rus10, gromov.id, 5, '2026-11-10T08:00:00Z', { second: 4 });
  mark(rus10, alekseev, 4, '2026-11-10T08:00:00Z');

  em.create(Attendance, { school, lesson: C.id, student: belov.id, code: 'n', createdAt: at('2026-11-13T08:00:00Z') });
  em.create(Attendance, { school, lesson: rus17.id, student: volkov.id, code: 'b', createdAt: at('2026-11-18T09:00:00Z') });

  const audit = (l: { id: number }, when: string, before: Record<string, unknown>, after: Record<string, unknown>) => em.create(AuditEntry, {
    school, at: at(when), source: 'bot', actorKind: 'staff', actorStaff: s.people.teacher.id, action: 'update', entity: 'Lesson', entityId: String(l.id), before, after,
  });
  audit(A, '2026-11-09T10:00:00Z', { topic: null }, { topic: 'Тема урока' });
  audit(C, '2026-11-20T10:00:00Z', { topic: 'Тема урока', substituteTeacher: null }, { topic: 'Тема урока', substituteTeacher: s.people.deputy.id });
  audit(D, '2026-11-15T08:00:00Z', { topic: null }, { topic: 'Тема урока' });
  await em.flush();

  return { ...s, russian, rus, math, mathB: mathB.id, students: { alekseev, belov: belov.id, volkov: volkov.id, gromov: gromov.id, ershov: ershov.id } };
}
