import type { MikroORM } from '@mikro-orm/postgresql';

export type DatabaseHealth = { status: 'up'; latencyMs: number } | { status: 'down'; error: string };

/** Asks the database a trivial question with a deadline; a database that does not answer in time is down. */
export async function checkDatabase(orm: MikroORM, timeoutMs = 2000): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      orm.em.fork().getConnection().execute('select 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: 'down', error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
