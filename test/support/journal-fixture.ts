import { systemActor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { PeriodMark } from '../../core/journal/period-mark.entity.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { hashPassword } from '../../core/accounts/passwords.js';
import { createSchoolFixture, PANEL_PASSWORD } from './school-fixture.js';
import { ormOf } from './test-core.js';

type Kind = Parameters<Core['records']['create']>[0];

/**
 * A class journal as the paper one would hold it, on the school fixture's 7А mathematics (its teacher
 * «Учителева»): the first quarter with five lessons, students whose names test Russian order (ё), one who
 * joined and one who left during the quarter, marks of two weights, a double mark, a make-up mark, every
 * attendance code, period marks, topics and homework (one written as a formula), a substitution; and people
 * around it to try the rights: a substitute, an outsider teacher, another school.
 */
export async function createJournalFixture(core: Core) {
  const s = await createSchoolFixture(core);
  const other = await createSchoolFixture(core, 'Школа № 2');
  const system = systemActor('panel');
  const em = ormOf(core).em;
  return core.unitOfWork(async () => {
    const create = async (kind: Kind, input: Record<string, unknown>) =>
      ((await core.records.create(kind, { school: s.school.id, ...input }, system)) as { id: number }).id;
    const answer = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
    const test = await create('WorkType', { name: 'Контрольная работа', weight: 2 });
    const q1 = await create('Period', { year: s.year.id, type: 'quarter', number: 1, name: '1 четверть', startDate: '2026-09-01', endDate: '2026-10-25' });
    const q2 = await create('Period', { year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' });
    const student = async (lastName: string, firstName: string, stretches: { group: number; from: string; to?: string }[]) => {
      const id = await create('Student', { lastName, firstName, birthDate: '2013-04-05', sex: 'm' });
      for (const [i, x] of stretches.entries()) {
        await create('Enrollment', {
          student: id, group: x.group, startDate: x.from, startReason: i === 0 ? 'admission' : 'transfer',
          ...(x.to ? { endDate: x.to, endReason: 'transfer' } : {}),
        });
      }
      return id;
    };
    const A = s.groupA.id;
    const students = {
      alekseev: s.studentA.id,
      yolkin: await student('Ёлкин', 'Артём', [{ group: A, from: '2026-09-01' }]),
      egorov: await student('Егоров', 'Иван', [{ group: A, from: '2026-09-01' }]),
      efimov: await student('Ефимов', 'Глеб', [{ group: A, from: '2026-10-01' }]),
      zhukov: await student('Жуков', 'Олег', [{ group: A, from: '2026-09-01', to: '2026-09-30' }, { group: s.groupB.id, from: '2026-10-01' }]),
    };
    const staff = async (lastName: string) => {
      const id = await create('Staff', { lastName, firstName: 'Ольга', middleName: 'Петровна', roles: ['teacher'] });
      em.create(AdminAccount, { email: `${lastName.toLowerCase()}.${s.school.id}@school.example`, passwordHash: await hashPassword(PANEL_PASSWORD), staff: id });
      return { id, login: `${lastName.toLowerCase()}.${s.school.id}@school.example` };
    };
    const substitute = await staff('Заменяющая');
    const outsider = await staff('Посторонняя');
    await em.flush();

    const lesson = (date: string, number: number, topic: string | null, substituteTeacher?: number) =>
      em.create(Lesson, { school: s.school.id, assignment: s.assignment.id, date, lessonNumber: number, topic, ...(substituteTeacher ? { substituteTeacher } : {}) });
    const lessons = {
      sep07: lesson('2026-09-07', 1, 'Натуральные числа'),
      sep14: lesson('2026-09-14', 2, 'Сложение и вычитание'),
      sep21: lesson('2026-09-21', 1, '=HYPERLINK("http://evil.example","Тема")'),
      oct05: lesson('2026-10-05', 3, 'Контрольная работа № 1'),
      oct12: lesson('2026-10-12', 1, null, substitute.id),
      nov09: lesson('2026-11-09', 1, 'Дроби'),
    };
    await em.flush();
    const mark = (l: { id: number }, studentId: number, value: number, workType: number, extra: { second?: number; makeUp?: boolean } = {}) =>
      em.create(Mark, { school: s.school.id, lesson: l.id, student: studentId, value, workType, ...extra });
    const absent = (l: { id: number }, studentId: number, code: 'n' | 'b' | 'p' | 'op') => em.create(Attendance, { school: s.school.id, lesson: l.id, student: studentId, code });
    mark(lessons.sep07, students.alekseev, 5, answer);
    mark(lessons.sep21, students.alekseev, 5, answer, { second: 4 });
    mark(lessons.oct05, students.alekseev, 3, test);
    absent(lessons.sep14, students.egorov, 'n');
    mark(lessons.sep14, students.egorov, 4, answer, { makeUp: true });
    mark(lessons.oct05, students.egorov, 5, test);
    absent(lessons.sep07, students.yolkin, 'b');
    absent(lessons.sep21, students.yolkin, 'op');
    absent(lessons.oct12, students.egorov, 'p');
    mark(lessons.sep14, students.zhukov, 4, answer);
    mark(lessons.oct12, students.efimov, 2, answer);
    mark(lessons.nov09, students.alekseev, 2, answer);
    em.create(Homework, { school: s.school.id, lesson: lessons.sep07.id, text: '№ 12, 14' });
    em.create(Homework, { school: s.school.id, lesson: lessons.sep14.id, none: true });
    em.create(Homework, { school: s.school.id, lesson: lessons.sep21.id, text: '+7 900 000-00-00 позвонить' });
    em.create(Homework, { school: s.school.id, lesson: lessons.sep21.id, text: 'Повторить правило', student: students.yolkin });
    em.create(PeriodMark, { school: s.school.id, assignment: s.assignment.id, period: q1, student: students.alekseev, value: '4' });
    em.create(PeriodMark, { school: s.school.id, assignment: s.assignment.id, period: q1, student: students.egorov, deferredUntil: '2026-11-15' });
    await em.flush();
    return { ...s, other, workTypes: { answer, test }, periods: { q1, q2 }, students, lessons, substitute, outsider };
  });
}

export type JournalFixture = Awaited<ReturnType<typeof createJournalFixture>>;
