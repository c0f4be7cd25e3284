// The demo school as the first `npm start` creates it (issue 18, point 5: the first start stays ≤ 40 s): the
// time of seedDemoSchool with its past and without it, on days from the year's second week to its last one,
// on a database of its own (embedded PostgreSQL in a temp dir, or a throwaway database on DATABASE_URL's
// server). Each figure is the median of RUNS schools, each a new school in the same database, as a first start
// creates it (one transaction, in a migrated database). Prints the machine's load average beside them.
// Run alone: npx tsx bench/demo-school.ts
import os from 'node:os';
import { createLogger } from '../core/base/logger.js';
import { seedDemoSchool } from '../core/demo/seed-demo-school.js';
import { fixedClock } from '../core/time/clock.js';
import { benchConfig, benchTempDir, openBenchDatabase, type Cleanup } from './support/bench-database.js';
import { percentile } from './support/measure.js';

const RUNS = 3;
/** A day of each quarter, and the last week of the year: the most past a first start can have to write. */
const DAYS = ['2026-09-08', '2026-12-04', '2027-03-10', '2027-05-28'];
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

const log = createLogger('warn');
const cleanups: Cleanup[] = [];
try {
  const { orm } = await openBenchDatabase(benchConfig(await benchTempDir(cleanups)), log, cleanups);
  console.log(`${os.cpus().length} CPUs, load average at start: ${load()}`);
  // One school first: the process's first transaction pays for warming up the ORM and the connection.
  await seedDemoSchool(orm.em.fork(), fixedClock(`${DAYS[0]}T09:00:00Z`), { past: false });
  const rows: Record<string, string | number>[] = [];
  for (const day of DAYS) {
    const clock = fixedClock(`${day}T09:00:00Z`);
    for (const past of [false, true]) {
      const times: number[] = [];
      let counts = { lessons: 0, marks: 0 };
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        counts = (await seedDemoSchool(orm.em.fork(), clock, { past })).counts;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      rows.push({ day, past: past ? 'yes' : 'no', lessons: counts.lessons, marks: counts.marks, 'median ms': Math.round(percentile(times, 50)), 'max ms': Math.round(times.at(-1)!) });
    }
  }
  console.table(rows);
  console.log(`load average at end: ${load()}`);
} finally {
  for (const c of cleanups.reverse()) await c.run().catch((err: unknown) => console.error(`cleanup ${c.what} failed:`, err));
}
