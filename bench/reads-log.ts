// The reads log (G4) on the bot's hot path: a teacher opening the roll call of a class of 30 writes one line.
// Measures, over many runs on a warm process:
//   screen          — the roll call's data (rights, roster, attendance, marks, homework) as a redraw after a tap,
//                     which logs nothing;
//   screen, opened  — the same screen opened, with its one line of the reads log;
//   line alone      — one ReadLog.record (one INSERT).
// Prints the median and p95 of each and the SQL statements one run takes (opened: one more than the redraw).
// Run alone: npx tsx bench/reads-log.ts [runs=200]. DATABASE_URL set: a throwaway database on that server;
// otherwise embedded PostgreSQL in a temp directory.
import os from 'node:os';
import { systemActor } from '../core/access/actor.js';
import { createLogger } from '../core/base/logger.js';
import { createCore, type Core } from '../core/core.js';
import { staffActorFor } from '../core/people/staff-actor.js';
import { ReadLog } from '../core/audit/read-log.js';
import { fixedClock } from '../core/time/clock.js';
import { benchConfig, benchTempDir, openBenchDatabase, type Cleanup } from './support/bench-database.js';
import { measureRuns } from './support/measure.js';
import { countSqlStatements } from './support/sql-statements.js';

const RUNS = Number(process.argv[2] ?? 200);
if (!Number.isInteger(RUNS) || RUNS < 10) throw new Error('usage: reads-log.ts [runs ≥ 10]');
const WARM_UP = 10;
const STUDENTS = 30;

const statements = countSqlStatements();
const cleanups: Cleanup[] = [];

/** A school with one class of 30 and its teacher's lesson of today. */
async function seed(core: Core) {
  const system = systemActor('cli');
  const create = async (kind: Parameters<Core['records']['create']>[0], input: Record<string, unknown>) =>
    ((await core.unitOfWork(() => core.records.create(kind, input, system))) as { id: number }).id;
  const school = await create('School', { name: 'Школа для замеров', timeZone: 'Europe/Moscow' });
  const year = await create('AcademicYear', { school, name: '2026/2027', startDate: '2026-09-01', endDate: '2027-05-31' });
  const teacher = await create('Staff', { school, lastName: 'Учителева', firstName: 'Мария', middleName: 'Ивановна', roles: ['teacher'] });
  const group = await create('Group', { school, year, name: '7А', gradeLevel: 7 });
  const subject = await create('Subject', { school, name: 'Математика' });
  const assignment = await create('TeachingAssignment', { school, year, teacher, subject, group, plannedHours: 170 });
  const surnames = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров'];
  const names = ['Иван', 'Пётр', 'Олег', 'Глеб', 'Артём'];
  for (let i = 0; i < STUDENTS; i++) {
    const student = await create('Student', { school, lastName: surnames[i % surnames.length]!, firstName: names[Math.floor(i / surnames.length)]!, birthDate: '2013-04-05', sex: 'm' });
    await create('Enrollment', { school, student, group, startDate: '2026-09-01', startReason: 'admission' });
  }
  return { teacher, assignment };
}

const measure = (name: string, work: () => Promise<unknown>) => measureRuns(name, work, { runs: RUNS, warmUp: WARM_UP, statements });

try {
  const log = createLogger('warn');
  const config = benchConfig(await benchTempDir(cleanups));
  const { orm, embedded } = await openBenchDatabase(config, log, cleanups);
  const clock = fixedClock('2026-11-23T09:00:00Z');
  const core = await createCore(config, orm, log, clock);
  console.log(`database: ${embedded ? 'embedded PostgreSQL (temp dir)' : 'DATABASE_URL (throwaway database)'}; ${STUDENTS} students, ${RUNS} runs after ${WARM_UP} to warm up`);
  console.log(`load average at the start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
  const { teacher, assignment } = await seed(core);
  const actor = (await staffActorFor(orm.em.fork(), teacher, 'bot'))!;
  const lesson = await core.unitOfWork(() => core.journal.lessons.openLesson(assignment, '2026-11-23', 1, actor));
  const reads = new ReadLog(() => orm.em, clock);

  const results = [
    await measure('roll call screen, redrawn (no line)', () => core.unitOfWork(() => core.teacherJournal.lesson(lesson.id, actor))),
    await measure('roll call screen, opened (one line)', () => core.unitOfWork(() => core.teacherJournal.lesson(lesson.id, actor, 'rollCall'))),
    await measure('reads log line alone', () => core.unitOfWork(() => reads.record(actor, { kind: 'list', resource: 'Lesson', recordId: lesson.id, detail: 'rollCall', people: STUDENTS }))),
  ];
  console.log(['what', 'median ms', 'p95 ms', 'SQL/run'].join('\t'));
  for (const r of results) console.log([r.name, r.p50.toFixed(2), r.p95.toFixed(2), r.sql.toFixed(1)].join('\t'));
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  for (const { what, run } of cleanups.reverse()) await run().catch((err: unknown) => console.error(`cleanup: ${what} failed:`, err));
}
