// The panel's «Журнал» page (issue 13, point 3): a class of 30 students with 70 lessons in the term, marks,
// absences and homework as a busy teacher leaves them. Measures, over many runs on a warm process:
//   page   — the core's page data (rights, the period's set queries, the cells) plus the page's HTML, the
//            issue's target: ≤ 300 ms on the server;
//   HTTP   — the same through the panel's route with a signed-in deputy head (session, actor, headers);
//   PDF / XLSX — «Печать» (informative).
// Prints the median and p95 of each, and the SQL statements one page takes.
// Run alone: npx tsx bench/journal-page.ts [runs=60]. DATABASE_URL set: a throwaway database on that server;
// otherwise embedded PostgreSQL in a temp directory.
import os from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';
import { journalHtml } from '../admin/adminjs/journal-page-html.js';
import { buildServer } from '../admin/server.js';
import { systemActor } from '../core/access/actor.js';
import { staffActorFor } from '../core/people/staff-actor.js';
import { createCore, type Core } from '../core/core.js';
import { translator } from '../core/i18n/i18n.js';
import { Attendance } from '../core/journal/attendance.entity.js';
import { Homework } from '../core/journal/homework.entity.js';
import { Lesson } from '../core/journal/lesson.entity.js';
import { Mark } from '../core/journal/mark.entity.js';
import { PeriodMark } from '../core/journal/period-mark.entity.js';
import { createLogger } from '../core/base/logger.js';
import { AdminAccount } from '../core/accounts/admin-account.entity.js';
import { hashPassword } from '../core/accounts/passwords.js';
import { fixedClock } from '../core/time/clock.js';
import { addDays, isoWeekday } from '../core/time/local-date.js';
import { benchConfig, benchTempDir, openBenchDatabase, type Cleanup } from './support/bench-database.js';
import { measureRuns } from './support/measure.js';
import { countSqlStatements } from './support/sql-statements.js';

const RUNS = Number(process.argv[2] ?? 60);
if (!Number.isInteger(RUNS) || RUNS < 5) throw new Error('usage: journal-page.ts [runs ≥ 5]');
const WARM_UP = 5;
const STUDENTS = 30;
const LESSONS = 70;
const PASSWORD = 'bench-password-1';
const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов'];

const statements = countSqlStatements();

const cleanups: Cleanup[] = [];

/** A school with one class of 30, its mathematics over a term of 70 lessons, filled in. */
async function seed(core: Core, em: EntityManager) {
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
    em.create(AdminAccount, { email: 'deputy@bench.example', passwordHash: await hashPassword(PASSWORD), staff: deputy });
    await em.flush();
  });
  return { assignment, period, deputy };
}

const measure = (name: string, work: () => Promise<unknown>) => measureRuns(name, work, { runs: RUNS, warmUp: WARM_UP, statements });

try {
  const log = createLogger('warn');
  const config = benchConfig(await benchTempDir(cleanups));
  const { orm, embedded } = await openBenchDatabase(config, log, cleanups);
  // Mid-term, so the page is the term's: every lesson is in the past.
  const core = await createCore(config, orm, log, fixedClock('2026-12-20T09:00:00Z'));
  console.log(`database: ${embedded ? 'embedded PostgreSQL (temp dir)' : 'DATABASE_URL (throwaway database)'}; ${STUDENTS} students, ${LESSONS} lessons, ${RUNS} runs after ${WARM_UP} to warm up`);
  console.log(`load average at the start: ${os.loadavg()[0]!.toFixed(1)} (${os.cpus().length} cores)`);
  const { assignment, period, deputy } = await seed(core, orm.em);
  const actor = (await staffActorFor(orm.em.fork(), deputy, 'panel'))!;
  const t = translator(core.i18n, 'ru');

  const app = await buildServer(core);
  cleanups.push({ what: 'HTTP server', run: () => app.close() });
  const login = await app.inject({ method: 'POST', url: '/admin/login', payload: { email: 'deputy@bench.example', password: PASSWORD } });
  const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('klassny_panel='))?.split(';')[0];
  if (!cookie) throw new Error(`the deputy could not sign in (HTTP ${login.statusCode})`);

  let html = 0;
  const data = () => core.unitOfWork(async () => ({
    page: await core.journalPages.page(assignment, period, actor),
    choices: await core.journalPages.choices(actor, { assignmentId: assignment, periodId: period }),
  }));
  const sample = await data();
  const results = [
    await measure('page data + HTML', async () => {
      const { page, choices } = await data();
      html = journalHtml(choices, page, t, 'ru', () => '#', () => '#').length;
    }),
    await measure('  of which page data', data),
    await measure('  of which HTML', async () => journalHtml(sample.choices, sample.page, t, 'ru', () => '#', () => '#')),
    await measure('HTTP GET /admin/data/journal/view', async () => {
      const res = await app.inject({ method: 'GET', url: `/admin/data/journal/view?assignment=${assignment}&period=${period}`, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    }),
    await measure('PDF («Печать»)', () => core.unitOfWork(() => core.journalPages.print(assignment, period, 'pdf', actor))),
    await measure('XLSX', () => core.unitOfWork(() => core.journalPages.print(assignment, period, 'xlsx', actor))),
  ];
  console.log(`page HTML: ${(html / 1024).toFixed(0)} KB`);
  console.log(['what', 'median ms', 'p95 ms', 'max ms', 'SQL/run'].join('\t'));
  for (const r of results) console.log([r.name, r.p50.toFixed(1), r.p95.toFixed(1), r.max.toFixed(1), r.sql.toFixed(1)].join('\t'));
  const target = results[0]!;
  console.log(`target (issue 13): page data + HTML ≤ 300 ms — median ${target.p50.toFixed(0)} ms, p95 ${target.p95.toFixed(0)} ms: ${target.p95 <= 300 ? 'within' : 'OVER'}`);
  console.log(`load average at the end: ${os.loadavg()[0]!.toFixed(1)}; peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  for (const { what, run } of cleanups.reverse()) await run().catch((err: unknown) => console.error(`cleanup: ${what} failed:`, err));
}
