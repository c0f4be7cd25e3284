import type { MikroORM } from '@mikro-orm/postgresql';
import { databaseErrorReason } from '../base/database-errors.js';

class NoAnswer extends Error {
  constructor(ms: number) {
    super(`no answer in ${ms} ms`);
    this.name = 'NoAnswer';
  }
}

export type DatabaseHealth = { status: 'up'; latencyMs: number } | { status: 'down'; error: string };

/** Asks the database a trivial question with a deadline; a database that does not answer in time is down. */
export async function checkDatabase(orm: MikroORM, timeoutMs = 2000): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      orm.em.fork().getConnection().execute('select 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new NoAnswer(timeoutMs)), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    // The driver's code or the kind of failure: its message would quote the statement.
    return { status: 'down', error: err instanceof NoAnswer ? err.message : databaseErrorReason(err) };
  } finally {
    clearTimeout(timer);
  }
}
