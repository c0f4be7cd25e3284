import type { MikroORM } from '@mikro-orm/postgresql';

// knex types its client as any; this is the part of the pg connection it hands out that we use.
interface PgConnection {
  query(sql: string, params: unknown[]): Promise<{ rows: { locked?: boolean }[] }>;
}
interface KnexClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/**
 * Runs `work` only if this process gets the PostgreSQL advisory lock named `key`; otherwise returns false
 * at once. The lock is held on one dedicated connection for the whole run and released even on failure.
 */
export async function withAdvisoryLock(orm: MikroORM, key: string, work: () => Promise<void>): Promise<boolean> {
  const client = orm.em.getConnection().getKnex().client as KnexClient;
  const connection = await client.acquireConnection();
  try {
    const { rows } = await connection.query('select pg_try_advisory_lock(hashtext($1)) as locked', [key]);
    if (!rows[0]?.locked) return false;
    try {
      await work();
      return true;
    } finally {
      await connection.query('select pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * Runs `work` holding the PostgreSQL advisory lock named `key`, waiting for it as long as another process
 * holds it: for work every instance must do, but one at a time (migrations and first-run set-up at start).
 */
export async function withAdvisoryLockWaiting<T>(orm: MikroORM, key: string, work: () => Promise<T>): Promise<T> {
  const client = orm.em.getConnection().getKnex().client as KnexClient;
  const connection = await client.acquireConnection();
  try {
    await connection.query('select pg_advisory_lock(hashtext($1))', [key]);
    try {
      return await work();
    } finally {
      await connection.query('select pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await client.releaseConnection(connection);
  }
}
