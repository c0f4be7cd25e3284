import { systemActor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import { Attendance, type AttendanceCode } from '../../core/journal/attendance.entity.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { PeriodMark, type PeriodMarkValue } from '../../core/journal/period-mark.entity.js';
import { Announcement } from '../../core/notifications/announcement.entity.js';
import { Group } from '../../core/people/group.entity.js';
import { Consent } from '../../core/privacy/consent.entity.js';
import { BellSchedule } from '../../core/school/bell-schedule.entity.js';
import { createSchoolFixture } from './school-fixture.js';
import { ormOf } from './test-core.js';

/** Monday 23 November 2026, 12:00 in Moscow: the diary's «today». */
export const DIARY_NOW = new Date('2026-11-23T09:00:00Z');
export const DIARY_TODAY = '2026-11-23';

/**
 * A school with a diary to read (D1–D8) for Алексеев Пётр of 7А (studentA): a term, timetable with subgroups
 * and bells, lessons with topics and a substitution, marks (a double one, commented ones), absences, homework
 * (general, individual, another subgroup's), period marks and announcements; classmates to rank against;
 * and rows of Борисов of 7Б that must never show in Алексеев's diary.
 */
export async function createDiaryFixture(core: Core) {
  const s = await createSchoolFixture(core);
  const sys = systemActor('panel');
  const id = {} as Record<
    'answer' | 'test' | 'q1' | 'q2' | 'year' | 'russian' | 'english' | 'english2' | 'pe' | 'history' | 'sub1' | 'sub2' |
    'c1' | 'c2' | 'c3' | 'russianAssignment' | 'english1Assignment' | 'english2Assignment' | 'peAssignment' | 'historyB' |
    'guardianB' | 'noConsentGuardian' | 'room12' | 'bells',
    number
  >;
  await core.unitOfWork(async () => {
    const create = async (kind: Parameters<typeof core.records.create>[0], input: Record<string, unknown>) =>
      ((await core.records.create(kind, { school: s.school.id, ...input }, sys)) as { id: number }).id;
    id.answer = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
    id.test = await create('WorkType', { name: 'Контрольная работа', weight: 2 });
    id.q1 = await create('Period', { year: s.year.id, type: 'quarter', number: 1, name: '1 четверть', startDate: '2026-09-01', endDate: '2026-10-26' });
    id.q2 = await create('Period', { year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' });
    id.year = await create('Period', { year: s.year.id, type: 'year', number: 1, name: 'Год', startDate: '2026-09-01', endDate: '2027-05-31' });
    await create('Holiday', { year: s.year.id, name: 'День здоровья', startDate: '2026-11-27', endDate: '2026-11-27' });
    for (const [lastName, key] of [['Васильев', 'c1'], ['Григорьев', 'c2'], ['Дмитриев', 'c3']] as const) {
      id[key] = await create('Student', { lastName, firstName: 'Иван', birthDate: '2013-02-03', sex: 'm' });
      await create('Enrollment', { student: id[key], group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
    }
    id.sub1 = await create('Subgroup', { group: s.groupA.id, name: '1 группа' });
    id.sub2 = await create('Subgroup', { group: s.groupA.id, name: '2 группа' });
    await create('SubgroupMember', { subgroup: id.sub1, student: s.studentA.id });
    await create('SubgroupMember', { subgroup: id.sub2, student: id.c1 });
    id.russian = await create('Subject', { name: 'Русский язык', doubleMarksAllowed: true });
    id.english = await create('Subject', { name: 'Английский язык' });
    id.pe = await create('Subject', { name: 'Физическая культура', withoutAttestation: true });
    id.history = await create('Subject', { name: 'История' });
    const teach = (subject: number, group: number, subgroup?: number, teacher = s.people.teacher.id) =>
      create('TeachingAssignment', { year: s.year.id, teacher, subject, group, ...(subgroup ? { subgroup } : {}), plannedHours: 68 });
    id.russianAssignment = await teach(id.russian, s.groupA.id, undefined, s.people.classTeacherA.id);
    id.english1Assignment = await teach(id.english, s.groupA.id, id.sub1);
    id.english2Assignment = await teach(id.english, s.groupA.id, id.sub2, s.people.deputy.id);
    id.peAssignment = await teach(id.pe, s.groupA.id, undefined, s.people.classTeacherB.id);
    id.historyB = await teach(id.history, s.groupB.id, undefined, s.people.classTeacherB.id);
    const building = await create('Building', { name: 'Главный корпус' });
    id.room12 = await create('Room', { building, name: '12' });
    const room14 = await create('Room', { building, name: '14' });
    id.bells = await create('BellSchedule', { name: 'Первая смена' });
    await create('BellSlot', { schedule: id.bells, lessonNumber: 1, startsAt: '08:30', endsAt: '09:15' });
    await create('BellSlot', { schedule: id.bells, lessonNumber: 2, startsAt: '09:25', endsAt: '10:10' });
    await create('BellSlot', { schedule: id.bells, lessonNumber: 3, startsAt: '10:25', endsAt: '11:10' });
    // Monday: mathematics, Russian, English by halves; Tuesday: Russian; Friday (a holiday this week): mathematics.
    const slot = (assignment: number, group: number, weekday: number, lessonNumber: number, extra: Record<string, unknown> = {}) =>
      create('TimetableSlot', { assignment, group, weekday, lessonNumber, validFrom: '2026-09-01', ...extra });
    await slot(s.assignment.id, s.groupA.id, 1, 1, { room: id.room12 });
    await slot(id.russianAssignment, s.groupA.id, 1, 2);
    await slot(id.english1Assignment, s.groupA.id, 1, 3, { subgroup: id.sub1, room: id.room12 });
    await slot(id.english2Assignment, s.groupA.id, 1, 3, { subgroup: id.sub2, room: room14 });
    await slot(id.russianAssignment, s.groupA.id, 2, 1);
    await slot(s.assignment.id, s.groupA.id, 5, 1);
    await slot(id.historyB, s.groupB.id, 1, 1);
    const guardianB = await create('Guardian', { lastName: 'Борисова', firstName: 'Вера' });
    id.guardianB = guardianB;
    await create('StudentGuardian', { student: s.studentB.id, guardian: guardianB, relation: 'mother' });
    id.noConsentGuardian = await create('Guardian', { lastName: 'Алексеев', firstName: 'Олег' });
    await create('StudentGuardian', { student: s.studentA.id, guardian: id.noConsentGuardian, relation: 'father' });
  });

  const em = ormOf(core).em.fork();
  const school = s.school.id;
  const group = await em.findOneOrFail(Group, s.groupA.id);
  group.bellSchedule = em.getReference(BellSchedule, id.bells);
  for (const guardian of [s.guardianA.id, id.guardianB]) em.create(Consent, { school, guardian, status: 'given', date: '2026-09-01' });
  const lessons = new Map<string, Lesson>();
  const lesson = (assignment: number, date: string, lessonNumber = 1, extra: Partial<Pick<Lesson, 'topic'>> & { substituteTeacher?: number } = {}) => {
    const key = `${assignment}:${date}:${lessonNumber}`;
    const found = lessons.get(key);
    if (found) return found;
    const created = em.create(Lesson, { school, assignment, date, lessonNumber, attendanceTakenAt: new Date(`${date}T12:00:00Z`), ...extra } as never);
    lessons.set(key, created);
    return created;
  };
  const mark = (student: number, l: Lesson, value: number, workType: number, extra: { second?: number; comment?: string } = {}) =>
    em.create(Mark, { school, lesson: l, student, value, workType, ...extra } as never);
  const absent = (student: number, l: Lesson, code: AttendanceCode) => em.create(Attendance, { school, lesson: l, student, code });
  const A = s.studentA.id;
  const math = s.assignment.id;

  // Mathematics: 5, a control work 3, 4 (commented) this term; a 2 last term.
  mark(A, lesson(math, '2026-10-19', 1, { topic: 'Дроби' }), 2, id.answer);
  mark(A, lesson(math, '2026-11-09', 1, { topic: 'Линейные уравнения' }), 5, id.answer);
  const controlWork = lesson(math, '2026-11-16', 1, { topic: 'Контрольная работа № 2' });
  mark(A, controlWork, 3, id.test, { comment: 'Повторить правила знаков' });
  mark(A, lesson(math, '2026-11-20', 1, { topic: 'Системы уравнений' }), 4, id.answer);
  // Today's mathematics is given by a substitute.
  lesson(math, DIARY_TODAY, 1, { topic: 'Графики', substituteTeacher: s.people.classTeacherB.id });
  // Russian: a double mark 5/4 and a 3.
  mark(A, lesson(id.russianAssignment, '2026-11-17', 2, { topic: 'Причастный оборот' }), 5, id.answer, { second: 4, comment: 'Отличное сочинение' });
  mark(A, lesson(id.russianAssignment, '2026-11-18', 1), 3, id.answer);
  // Absences: н, б and оп this term; one last term.
  absent(A, controlWork, 'op');
  absent(A, lesson(id.russianAssignment, '2026-11-10', 1), 'b');
  absent(A, lesson(math, '2026-11-13', 1), 'n');
  absent(A, lesson(math, '2026-10-12', 1), 'n');
  // English: the student's half has a topic; the other half's lesson must not show.
  lesson(id.english1Assignment, '2026-11-16', 3, { topic: 'Present Perfect' });
  lesson(id.english2Assignment, '2026-11-16', 3, { topic: 'Тема другой группы' });
  // A lesson moved to Wednesday.
  lesson(math, '2026-11-25', 5);

  // Classmates: Васильев ranks first; Григорьев ties with Алексеев (27/7); Дмитриев has no marks.
  const classmates = lesson(math, '2026-11-12', 2);
  mark(id.c1, classmates, 5, id.answer);
  mark(id.c1, classmates, 5, id.test, { comment: 'Чужой комментарий' });
  for (let i = 0; i < 6; i++) mark(id.c2, lesson(math, `2026-11-${String(10 + i).padStart(2, '0')}`, 3), 4, id.answer);
  mark(id.c2, lesson(math, '2026-11-19', 3), 3, id.answer);
  // Борисов of 7Б: never in Алексеев's diary.
  const history = lesson(id.historyB, '2026-11-16', 1, { topic: 'Реформы Петра I' });
  mark(s.studentB.id, history, 2, id.answer, { comment: 'Чужая отметка' });
  absent(s.studentB.id, history, 'n');

  const homework = (l: Lesson, text: string | null, extra: { dueDate?: string; student?: number; none?: boolean } = {}) =>
    em.create(Homework, { school, lesson: l, text, ...extra } as never);
  homework(lesson(math, '2026-11-20'), '№ 15, 16', { dueDate: '2026-11-24' });
  homework(lesson(math, '2026-11-20'), 'Карточка 3', { dueDate: '2026-11-26', student: A });
  homework(lesson(math, '2026-11-20'), 'Чужая карточка', { dueDate: '2026-11-24', student: id.c1 });
  homework(lesson(id.russianAssignment, '2026-11-24', 1), 'Упражнение 120');
  homework(lesson(id.english1Assignment, '2026-11-16', 3), 'Workbook p. 12', { dueDate: '2026-11-25' });
  homework(lesson(id.english2Assignment, '2026-11-16', 3), 'Чужая группа', { dueDate: '2026-11-24' });
  homework(lesson(math, '2026-11-20'), 'Проект', { dueDate: '2026-12-05' });
  homework(history, 'Чужой класс', { dueDate: '2026-11-24' });

  const periodMark = (assignment: number, period: number, student: number, value: PeriodMarkValue | null, deferredUntil?: string) =>
    em.create(PeriodMark, { school, assignment, period, student, value, ...(deferredUntil ? { deferredUntil } : {}) } as never);
  periodMark(math, id.q1, A, '4');
  periodMark(id.russianAssignment, id.q1, A, '5');
  periodMark(id.peAssignment, id.q1, A, 'exempt');
  periodMark(id.english1Assignment, id.q1, A, null, '2026-11-30');
  periodMark(id.historyB, id.q1, s.studentB.id, '2');

  const announce = (daysAgo: number, text: string, groupId?: number, title?: string) =>
    em.create(Announcement, {
      school, text, title: title ?? null, author: s.people.director.id, ...(groupId ? { group: groupId } : {}),
      createdAt: new Date(DIARY_NOW.getTime() - daysAgo * 86_400_000),
    } as never);
  announce(5, 'Родительское собрание в пятницу в 18:00', undefined, 'Собрание');
  announce(10, 'Экскурсия 7А в музей', s.groupA.id);
  announce(3, 'Экскурсия 7Б', s.groupB.id);
  announce(40, 'Старое объявление');
  await em.flush();
  return { ...s, id };
}
