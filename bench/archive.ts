// The year-end archive of one class (issue 15, F1: ≤ 20 s for a 30-student class with a full year): builds the
// 1,000-student school of `seed:load` (embedded PostgreSQL in a temp dir; with DATABASE_URL, the database
// klassny_bench_archive_<n>, kept and re-used once seeded), picks the class nearest 30 students, and makes its
// archive set (journal PDF + summary sheet PDF, signed) as the director would, the day after the year's end:
// each run's time, the median of 3, the pages and sizes, with the machine's load average.
// Run alone: npx tsx bench/archive.ts [students=1000]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { staffActor } from '../core/access/actor.js';
import { createLogger } from '../core/base/logger.js';
import { createCore } from '../core/core.js';
import { fixedClock } from '../core/time/clock.js';
import { addDays } from '../core/time/local-date.js';
import { benchConfig, benchTempDir, type Cleanup } from './support/bench-database.js';
import { loadSchoolDatabase } from './support/load-school.js';

const STUDENTS = Number(process.argv[2] ?? 1000);
const RUNS = 3;
const GOAL_MS = 20_000;
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const log = createLogger('warn');
const cleanups: Cleanup[] = [];
const tmp = await benchTempDir(cleanups);
const config = benchConfig(tmp, { ARCHIVE_DIR: path.join(tmp, 'archive'), KEYS_DIR: path.join(tmp, 'keys') });
try {
  console.log(`${os.cpus().length} CPUs, load average at start: ${load()}`);
  const { orm, schoolId } = await loadSchoolDatabase(config, log, cleanups, `klassny_bench_archive_${STUDENTS}`, STUDENTS);
  const sql = <T>(query: string, params: unknown[] = []) => orm.em.fork().getConnection().execute<T[]>(query, params);

  const [year] = await sql<{ end_date: string }>("select to_char(end_date, 'YYYY-MM-DD') end_date from academic_year where school_id = ?", [schoolId]);
  const [group] = await sql<{ id: number; name: string; students: number; subjects: number; lessons: number; marks: number }>(
    `select g.id, g.name, count(distinct e.student_id)::int students,
            (select count(*) from teaching_assignment a where a.group_id = g.id)::int subjects,
            (select count(*) from lesson l join teaching_assignment a on a.id = l.assignment_id where a.group_id = g.id)::int lessons,
            (select count(*) from mark m join lesson l on l.id = m.lesson_id join teaching_assignment a on a.id = l.assignment_id where a.group_id = g.id)::int marks
       from school_group g join enrollment e on e.group_id = g.id
      where g.school_id = ? and g.grade_level >= 5 group by g.id order by abs(count(distinct e.student_id) - 30), g.grade_level desc, g.id limit 1`, [schoolId]);
  const [director] = await sql<{ id: number }>("select id from staff where school_id = ? and 'director' = any(roles)", [schoolId]);
  const actor = staffActor({ schoolId, staffId: director!.id, roles: ['director'], classGroupIds: [], source: 'panel' });
  // The day after the year's end, when the year-end job would make it: every lesson of the year is in.
  const core = await createCore(config, orm, log, fixedClock(`${addDays(year!.end_date, 1)}T09:00:00Z`));
  console.log(`class ${group!.name}: ${group!.students} students, ${group!.subjects} teaching assignments, ${group!.lessons.toLocaleString('en-US')} lessons, ${group!.marks.toLocaleString('en-US')} marks`);

  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const rows = await core.unitOfWork(() => core.archives.make(group!.id, actor));
    const ms = performance.now() - started;
    runs.push(ms);
    const pdf = await fs.readFile(core.archives.store.resolve(rows[0]!.path));
    const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    console.log(`  run ${i + 1}: ${(ms / 1000).toFixed(2)} s — journal ${pages} pages ${(rows[0]!.size / 1e6).toFixed(2)} MB, summary sheet ${(rows[1]!.size / 1e3).toFixed(0)} kB; load average ${load()}`);
  }
  const m = median(runs);
  console.log(`archive of one class (journal + summary sheet, signed), median of ${RUNS}: ${(m / 1000).toFixed(2)} s (goal ≤ ${GOAL_MS / 1000} s: ${m <= GOAL_MS ? 'met' : 'NOT met'}); load average at end: ${load()}`);
} finally {
  for (const cleanup of cleanups.reverse()) {
    await cleanup.run().catch((err: unknown) => console.error(`cleanup of ${cleanup.what} failed:`, err));
  }
}
