// Imports 10,000 students with their guardians from one CSV file into a fresh database (embedded in a temp
// dir; with DATABASE_URL, a throwaway database on that server), through the same importer (and so the same
// record service, rules and audit) as the panel and the CLI. Prints the time taken, rows per second, the SQL
// statements sent, the peak RSS and the load average, and PASS/FAIL against issue 17's goal: 10,000 rows ≤ 10 s.
// Run alone: npx tsx bench/import-students.ts [count=10000]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemActor } from '../core/access/actor.js';
import { createCore } from '../core/core.js';
import { systemClock } from '../core/time/clock.js';
import { translator } from '../core/i18n/i18n.js';
import { describeFailure } from '../core/imports/describe-failure.js';
import { createLogger } from '../core/base/logger.js';
import { benchConfig, benchTempDir, openBenchDatabase, type Cleanup } from './support/bench-database.js';
import { countSqlStatements } from './support/sql-statements.js';

const COUNT = Number(process.argv[2] ?? 10_000);
/** Issue 17: 10,000 students with their parents in at most 10 s (scaled for another count). */
const GOAL_SECONDS = (10 * COUNT) / 10_000;
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const statements = countSqlStatements();
const GROUPS = Array.from({ length: 11 }, (_, g) => ['А', 'Б', 'В', 'Г'].map((l) => ({ name: `${g + 1}${l}`, grade: g + 1 }))).flat();

const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев'];
const BOYS = ['Александр', 'Максим', 'Иван', 'Артём', 'Дмитрий', 'Никита', 'Михаил', 'Даниил', 'Егор', 'Андрей'];
const GIRLS = ['Анастасия', 'Мария', 'Анна', 'Виктория', 'Екатерина', 'Наталья', 'Марина', 'Полина', 'София', 'Дарья'];
const FATHERS = [['Сергей', 'Сергеевич', 'Сергеевна'], ['Андрей', 'Андреевич', 'Андреевна'], ['Олег', 'Олегович', 'Олеговна'], ['Павел', 'Павлович', 'Павловна'], ['Игорь', 'Игоревич', 'Игоревна']] as const;
const MOTHERS = ['Елена', 'Ольга', 'Татьяна', 'Светлана', 'Ирина'];

const HEADER = 'Фамилия;Имя;Отчество;Дата рождения;Пол;Класс;ИУП;Родитель 1 Фамилия;Родитель 1 Имя;Родитель 1 Отчество;Родитель 1 Кем приходится;Родитель 1 Телефон;Родитель 1 E-mail;Родитель 2 Фамилия;Родитель 2 Имя;Родитель 2 Отчество;Родитель 2 Кем приходится;Родитель 2 Телефон;Родитель 2 E-mail';

/** 10,000 students: two parents each, every tenth a younger sibling sharing the previous student's parents. */
function studentsCsv(count: number, startYear: number): string {
  const lines = [HEADER];
  for (let i = 0; i < count; i++) {
    const family = i % 10 === 9 ? i - 1 : i;
    const surname = SURNAMES[family % SURNAMES.length]!;
    const father = FATHERS[family % FATHERS.length]!;
    const boy = i % 2 === 0;
    const group = GROUPS[i % GROUPS.length]!;
    const birth = `${String((i % 28) + 1).padStart(2, '0')}.${String((i % 12) + 1).padStart(2, '0')}.${startYear - 6 - group.grade}`;
    const phone = (n: number) => `+7 9${String(Math.floor(n / 10_000_000) % 100).padStart(2, '0')} ${String(n % 10_000_000).padStart(7, '0').replace(/^(\d{3})(\d{2})(\d{2})$/, '$1-$2-$3')}`;
    lines.push([
      boy ? surname : `${surname}а`, (boy ? BOYS : GIRLS)[i % 10], boy ? father[1] : father[2], birth, boy ? 'м' : 'ж', group.name, i % 50 === 0 ? 'да' : 'нет',
      `${surname}а`, MOTHERS[family % MOTHERS.length], 'Викторовна', 'мать', phone(2 * family), '',
      surname, father[0], 'Николаевич', 'отец', phone(2 * family + 1), `parent${family}@mail.example`,
    ].join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const log = createLogger('warn');
const cleanups: Cleanup[] = [];
try {
  console.log(`${os.cpus().length} CPUs, load average at start: ${load()}`);
  const tmp = await benchTempDir(cleanups);
  const config = benchConfig(tmp);
  const { orm } = await openBenchDatabase(config, log, cleanups);
  const core = await createCore(config, orm, log, systemClock);
  const actor = systemActor('import');
  const create = async (kind: 'School' | 'AcademicYear' | 'Group', input: Record<string, unknown>) =>
    ((await core.unitOfWork(() => core.records.create(kind, input, actor))) as { id: number }).id;
  const today = new Date();
  const startYear = today.getUTCMonth() >= 8 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  const school = await create('School', { name: 'Школа для замеров', timeZone: 'Europe/Moscow' });
  const year = await create('AcademicYear', { school, name: `${startYear}/${startYear + 1}`, startDate: `${startYear}-09-01`, endDate: `${startYear + 1}-08-31` });
  for (const g of GROUPS) await create('Group', { school, year, name: g.name, gradeLevel: g.grade });

  const file = path.join(tmp, 'students.csv');
  await fs.writeFile(file, studentsCsv(COUNT, startYear));
  const buffer = await fs.readFile(file);
  console.log(`students.csv: ${COUNT} students, ${(buffer.length / 1024 / 1024).toFixed(1)} MB, ${GROUPS.length} classes`);

  const sql = <T>(query: string) => orm.em.fork().getConnection().execute<T[]>(query);
  // CPU seconds of this process and of the database's server processes (on this machine, from /proc): what
  // the import costs whatever else the machine runs, unlike the wall-clock time.
  const serverPids = (await sql<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).map((r) => r.pid);
  const serverCpu = async () => {
    let ticks = 0;
    for (const pid of serverPids) {
      const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0); // utime, stime
    }
    return ticks / 100; // USER_HZ
  };
  const serverBefore = await serverCpu();
  const cpuBefore = process.cpuUsage();
  const sent = statements();
  const started = performance.now();
  try {
    const { imported } = await core.importTable('students', buffer, 'csv', actor, { schoolId: school });
    const seconds = (performance.now() - started) / 1000;
    const sqlCount = statements() - sent;
    const cpu = process.cpuUsage(cpuBefore);
    const serverSeconds = (await serverCpu()) - serverBefore;
    const counts = await orm.em.fork().getConnection().execute<{ n: string; t: string }[]>(
      "select 'students' t, count(*) n from student union all select 'guardians', count(*) from guardian union all select 'links', count(*) from student_guardian union all select 'enrollments', count(*) from enrollment union all select 'audit lines', count(*) from audit_entry where source = 'import'",
    );
    console.log(`imported ${imported} rows in ${seconds.toFixed(1)} s: ${(imported / seconds).toFixed(0)} rows/s, ${sqlCount} SQL statements`);
    console.log(`saved: ${counts.map((c) => `${c.n} ${c.t}`).join(', ')}`);
    console.log(`CPU: importer ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, PostgreSQL ${serverSeconds.toFixed(1)} s${serverPids.length ? '' : ' (not seen)'}`);
    console.log(`load average: ${load()}`);
    console.log(`${seconds <= GOAL_SECONDS ? 'PASS' : 'FAIL'}: ${seconds.toFixed(1)} s for ${COUNT} students (goal ≤ ${GOAL_SECONDS} s)`);
    if (seconds > GOAL_SECONDS) process.exitCode = 1;
  } catch (err) {
    const lines = describeFailure(translator(core.i18n, 'ru'), err);
    if (!lines) throw err;
    console.error(lines.slice(0, 20).join('\n'));
    process.exitCode = 1;
  }
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup.run().catch((err: unknown) => console.error(`cleanup of ${cleanup.what} failed:`, err));
}
