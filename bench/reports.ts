// Reports on a school of a real size (issue 14): builds the 1,000-student school of `seed:load` — on the
// server of DATABASE_URL in the database klassny_bench_reports_<students>, kept between runs and reused when
// it already holds the school (found by its name; seed:load writes it in one transaction, so a school there
// is a whole one), else on a throwaway embedded PostgreSQL in a temp dir — then prints, each as the median of
// 5 runs with the machine's load average: a floor (one SQL aggregate per student × subject over the year's
// marks), a guardian's diary marks view (p99 over 1,000 random students, as the bot's screen asks it), a
// student's statement PDF, and every report in REPORT_BENCHMARKS — with its ratio to the floor.
// Run alone: npx tsx bench/reports.ts [students=1000] [only=E1,E5,diary,statement] (the floor always runs)
import os from 'node:os';
import { guardianActor, staffActor, type Actor } from '../core/access/actor.js';
import { createLogger } from '../core/base/logger.js';
import { createCore, type Core } from '../core/core.js';
import { seededRandom } from '../core/demo/prng.js';
import { fixedClock, systemClock } from '../core/time/clock.js';
import { addDays } from '../core/time/local-date.js';
import { benchConfig, benchTempDir, type Cleanup } from './support/bench-database.js';
import { loadSchoolDatabase } from './support/load-school.js';

/** What a whole-school report is asked for: the school and its academic year. */
export interface ReportParams {
  schoolId: number;
  yearId: number;
  from: string;
  to: string;
}

export interface ReportBenchmark {
  name: string;
  run: (core: Core, actor: Actor, params: ReportParams) => Promise<{ file: Buffer }>;
}

/**
 * The reports measured for the whole school for the year, as the director asks for them (the panel's
 * default format, PDF), one line each.
 */
const wholeYear = (params: ReportParams) => ({ school: params.schoolId, from: params.from, to: params.to });
export const REPORT_BENCHMARKS: ReportBenchmark[] = [
  { name: 'E1', run: (core, actor, params) => core.reports.make('E1', wholeYear(params), actor, 'pdf') },
  { name: 'E2', run: (core, actor, params) => core.reports.make('E2', wholeYear(params), actor, 'pdf') },
  { name: 'E5', run: (core, actor, params) => core.reports.make('E5', wholeYear(params), actor, 'pdf') },
  { name: 'E6', run: (core, actor, params) => core.reports.make('E6', wholeYear(params), actor, 'pdf') },
  { name: 'E8', run: (core, actor, params) => core.reports.make('E8', wholeYear(params), actor, 'pdf') },
];

const STUDENTS = Number(process.argv[2] ?? 1000);
const ONLY = process.argv[3]?.split(',');
const wanted = (what: string) => ONLY === undefined || ONLY.includes(what);
const RUNS = 5;
const DIARY_STUDENTS = 1000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const log = createLogger('warn');
const cleanups: Cleanup[] = [];
const config = benchConfig(await benchTempDir(cleanups));
try {
  console.log(`${os.cpus().length} CPUs, load average at start: ${load()}`);
  const { orm, schoolId } = await loadSchoolDatabase(config, log, cleanups, `klassny_bench_reports_${STUDENTS}`, STUDENTS);
  const core = await createCore(config, orm, log, systemClock);
  const sql = <T>(query: string, params: unknown[] = []) => orm.em.fork().getConnection().execute<T[]>(query, params);
  const [year] = await sql<{ id: number; start_date: string; end_date: string }>("select id, to_char(start_date, 'YYYY-MM-DD') start_date, to_char(end_date, 'YYYY-MM-DD') end_date from academic_year where school_id = ?", [schoolId]);
  const params: ReportParams = { schoolId, yearId: year!.id, from: year!.start_date, to: year!.end_date };
  const [director] = await sql<{ id: number }>("select id from staff where school_id = ? and 'director' = any(roles)", [schoolId]);
  const directorActor = staffActor({ schoolId, staffId: director!.id, roles: ['director'], classGroupIds: [], source: 'panel' });

  const rows: { what: string; ms: number; note: string }[] = [];
  let floor = 0;
  // Each figure is printed as soon as it is measured too, with the load of that moment.
  const add = (row: { what: string; ms: number; note: string }) => {
    rows.push(row);
    console.log(`${row.what}: ${row.ms.toFixed(1)} ms (× floor ${(row.ms / floor).toFixed(2)}) ${row.note} — load ${load()}`);
  };
  // The floor: what PostgreSQL alone needs to read the year's marks once and aggregate them per student × subject.
  const floorSql = `select m.student_id, a.subject_id, avg(v.x) average, sum(v.x * w.weight) / sum(w.weight) weighted, count(*) filter (where v.x = 2) twos
    from mark m join lesson l on l.id = m.lesson_id join teaching_assignment a on a.id = l.assignment_id join work_type w on w.id = m.work_type_id
    cross join lateral (values (m.value), (m.second)) v(x)
    where m.school_id = ? and l.date between ? and ? and v.x is not null group by m.student_id, a.subject_id`;
  let groups = 0;
  const floorRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) floorRuns.push(await timed(async () => { groups = (await sql(floorSql, [schoolId, params.from, params.to])).length; }));
  floor = median(floorRuns);
  add({ what: 'floor: one SQL aggregate (avg, weighted avg, count of 2s per student × subject, the year)', ms: floor, note: `${groups.toLocaleString('en-US')} rows` });

  // The reports are made the day after the year's end, when every lesson of it is over (E5 counts only days
  // already over): the whole year, whatever the machine's date.
  const yearOver = await createCore(config, orm, log, fixedClock(`${addDays(params.to, 1)}T09:00:00Z`));
  for (const report of REPORT_BENCHMARKS.filter((r) => wanted(r.name))) {
    const runs: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) runs.push(await timed(async () => { bytes = (await yearOver.unitOfWork(() => report.run(yearOver, directorActor, params))).file.length; }));
    add({ what: `${report.name}: whole school, the year`, ms: median(runs), note: `${(bytes / 1024).toFixed(0)} KB` });
  }

  // Guardians with consent of students still at school, 1,000 of them drawn with a fixed seed.
  const pairs = await sql<{ student_id: number; guardian_id: number }>(`select distinct on (sg.student_id) sg.student_id, sg.guardian_id from student_guardian sg
    join student s on s.id = sg.student_id join consent c on c.guardian_id = sg.guardian_id and c.status = 'given'
    where sg.school_id = ? and s.status = 'studying' order by sg.student_id, sg.guardian_id`, [schoolId]);
  const random = seededRandom(14);
  const sample = Array.from({ length: DIARY_STUDENTS }, () => random.pick(pairs));
  const p99s: number[] = [];
  const p50s: number[] = [];
  for (let i = 0; i < (wanted('diary') ? RUNS : 0); i++) {
    const times: number[] = [];
    for (const p of sample) {
      const actor = guardianActor({ schoolId, guardianId: p.guardian_id });
      times.push(await timed(() => core.unitOfWork(() => core.diary.marksBySubject(actor, p.student_id))));
    }
    p99s.push(percentile(times, 99));
    p50s.push(percentile(times, 50));
  }
  if (wanted('diary')) add({ what: `diary marks by subject (bot's screen) as the guardian, p99 of ${DIARY_STUDENTS} students`, ms: median(p99s), note: `p50 ${median(p50s).toFixed(1)} ms` });

  const one = sample[0]!;
  const reader = guardianActor({ schoolId, guardianId: one.guardian_id });
  for (const [label, range] of wanted('statement') ? [['previous month', undefined], ['the year', { from: params.from, to: params.to }]] as const : []) {
    const runs: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) runs.push(await timed(async () => { bytes = (await core.unitOfWork(() => core.statements.pdf(one.student_id, reader, range ? { range } : {}))).file.length; }));
    add({ what: `student's statement PDF, ${label}`, ms: median(runs), note: `${(bytes / 1024).toFixed(0)} KB` });
  }

  console.log(`\nmedian of ${RUNS} runs; load average at the end: ${load()}\n`);
  console.log(`| what | ms | × floor | note |\n|---|---:|---:|---|`);
  for (const r of rows) console.log(`| ${r.what} | ${r.ms.toFixed(1)} | ${(r.ms / floor).toFixed(2)} | ${r.note} |`);
} finally {
  for (const c of cleanups.reverse()) await c.run().catch((err: unknown) => console.error(`cleanup of ${c.what} failed:`, err));
}
