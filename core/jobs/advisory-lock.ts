import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Runs `work` only if this process gets the PostgreSQL advisory lock named `key`; otherwise returns false
 * at once. The lock is held on one dedicated connection for the whole run and released even on failure.
 */
export async function withAdvisoryLock(orm: MikroORM, key: string, work: () => Promise<void>): Promise<boolean> {
  const knex = orm.em.getConnection().getKnex();
  const client = await knex.client.acquireConnection();
  try {
    const { rows } = await client.query('select pg_try_advisory_lock(hashtext($1)) as locked', [key]);
    if (!rows[0]?.locked) return false;
    try {
      await work();
      return true;
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await knex.client.releaseConnection(client);
  }
}
