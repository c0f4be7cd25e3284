import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor } from '../../core/access/actor.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { hashPassword } from '../../core/accounts/passwords.js';
import type { Core } from '../../core/core.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { PeriodMark } from '../../core/journal/period-mark.entity.js';
import { addDays, isoWeekday } from '../../core/time/local-date.js';

export const STUDENTS = 30;
export const LESSONS = 70;
export const DEPUTY_LOGIN = 'deputy@bench.example';
export const PANEL_PASSWORD = 'bench-password-1';
const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов'];

/**
 * A school with one class of 30, its Russian over a term of 70 lessons, filled in as a busy teacher leaves it:
 * the panel's journal page (journal-page.ts) and the Mini App's grid (miniapp.ts) are measured on it.
 */
export async function seedTermJournal(core: Core, em: EntityManager) {
  const system = systemActor('cli');
  const create = async (kind: Parameters<Core['records']['create']>[0], input: Record<string, unknown>) =>
    ((await core.unitOfWork(() => core.records.create(kind, input, system))) as { id: number }).id;
  const school = await create('School', { name: 'Школа для замеров', timeZone: 'Europe/Moscow' });
  const year = await create('AcademicYear', { school, name: '2026/2027', startDate: '2026-09-01', endDate: '2027-05-31' });
  const period = await create('Period', { school, year, type: 'half', number: 1, name: '1 полугодие', startDate: '2026-09-01', endDate: '2026-12-28' });
  const teacher = await create('Staff', { school, lastName: 'Учителева', firstName: 'Мария', middleName: 'Ивановна', roles: ['teacher'] });
  const deputy = await create('Staff', { school, lastName: 'Завучева', firstName: 'Анна', middleName: 'Петровна', roles: ['deputy'] });
  const group = await create('Group', { school, year, name: '7А', gradeLevel: 7, classTeacher: teacher });
  const subject = await create('Subject', { school, name: 'Русский язык', doubleMarksAllowed: true });
  const assignment = await create('TeachingAssignment', { school, year, teacher, subject, group, plannedHours: 136 });
  const answer = await create('WorkType', { school, name: 'Ответ на уроке', weight: 1 });
  const test = await create('WorkType', { school, name: 'Контрольная работа', weight: 2 });
  const students: number[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const girl = i % 2 === 1;
    const id = await create('Student', { school, lastName: `${SURNAMES[i % SURNAMES.length]}${girl ? 'а' : ''}`, firstName: girl ? 'Анна' : 'Иван', birthDate: '2013-04-05', sex: girl ? 'f' : 'm' });
    await create('Enrollment', { school, student: id, group, startDate: i === 7 ? '2026-10-12' : '2026-09-01', startReason: 'admission' });
    students.push(id);
  }
  // Five lessons a week on school days, a few marks and absences in each, homework for each.
  await core.unitOfWork(async () => {
    const dates: string[] = [];
    for (let d = '2026-09-01'; dates.length < LESSONS; d = addDays(d, 1)) if (isoWeekday(d) <= 5) dates.push(d);
    const lessons = dates.map((date, n) => em.create(Lesson, { school, assignment, date, lessonNumber: 1 + (n % 3), topic: `Тема урока № ${n + 1} по программе` }));
    await em.flush();
    lessons.forEach((l, n) => {
      em.create(Homework, { school, lesson: l.id, text: `Упражнение ${n * 3 + 1}, с. ${40 + n}` });
      for (const [k, student] of students.entries()) {
        const r = (k * 31 + n * 17) % 23;
        if (r < 3) em.create(Mark, { school, lesson: l.id, student, value: 3 + (r % 3), workType: n % 10 === 9 ? test : answer, ...(r === 1 ? { second: 4 } : {}) });
        if (r === 5) em.create(Attendance, { school, lesson: l.id, student, code: (['n', 'b', 'p', 'op'] as const)[k % 4]! });
      }
    });
    students.slice(0, 20).forEach((student) => em.create(PeriodMark, { school, assignment, period, student, value: '4' }));
    em.create(AdminAccount, { email: DEPUTY_LOGIN, passwordHash: await hashPassword(PANEL_PASSWORD), staff: deputy });
    await em.flush();
  });
  return { school, assignment, period, deputy, teacher, students };
}
