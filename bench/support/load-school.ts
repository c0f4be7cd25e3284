import type { MikroORM } from '@mikro-orm/postgresql';
import os from 'node:os';
import type { Config } from '../../core/base/config.js';
import type { PgConnection } from '../../core/db/connection.js';
import type { Logger } from '../../core/base/logger.js';
import { findSchoolByName, loadSchoolName, seedLoadSchool } from '../../core/demo/load/seed-load-school.js';
import { systemClock } from '../../core/time/clock.js';
import { openBenchDatabase, type Cleanup } from './bench-database.js';

/**
 * The `seed:load` school of `students` in the bench database `database` (kept on the DATABASE_URL server and
 * re-used; seeded on the first run, which says how long that took and the machine's load).
 */
export async function loadSchoolDatabase(config: Config, log: Logger, cleanups: Cleanup[], database: string, students: number): Promise<{ orm: MikroORM; connection: PgConnection; embedded: boolean; schoolId: number }> {
  const opened = await openBenchDatabase(config, log, cleanups, database);
  const { orm } = opened;
  const name = loadSchoolName(students);
  let schoolId = await findSchoolByName(orm.em.fork(), name);
  if (schoolId === undefined) {
    const started = performance.now();
    const made = await seedLoadSchool(orm.em.fork(), systemClock, { students });
    schoolId = made.schoolId;
    console.log(`seed:load --students ${students}: ${((performance.now() - started) / 1000).toFixed(1)} s (${made.rows.mark?.toLocaleString('en-US')} marks, ${made.rows.lesson?.toLocaleString('en-US')} lessons), load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  } else console.log(`reusing «${name}» (school id ${schoolId}) in ${database}`);
  return { ...opened, schoolId };
}
