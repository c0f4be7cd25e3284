import type { MikroORM } from '@mikro-orm/postgresql';

/** The part of a pg client a snapshot or a restore uses: plain statements on one connection. */
export interface SqlSession {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

interface KnexClient {
  acquireConnection(): Promise<SqlSession>;
  releaseConnection(connection: SqlSession): Promise<void>;
}

/**
 * Runs `work` on one connection of the ORM's pool, held for the whole of it: a snapshot's transaction and its
 * cursors, or a restore's load, live on a single connection and must not be interleaved with other work.
 */
export async function withSqlSession<T>(orm: MikroORM, work: (session: SqlSession) => Promise<T>): Promise<T> {
  const client = orm.em.getConnection().getKnex().client as KnexClient;
  const connection = await client.acquireConnection();
  try {
    return await work(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * The session settings under which rows are written out as text: the same on the backup and on the restore,
 * so that a row reads back as the same line and the tables' checksums can be compared.
 */
export async function setCanonicalOutput(session: SqlSession): Promise<void> {
  await session.query(`set local timezone = 'UTC'`);
  await session.query(`set local datestyle = 'ISO, YMD'`);
  await session.query(`set local intervalstyle = 'postgres'`);
  await session.query(`set local extra_float_digits = 1`);
  await session.query(`set local bytea_output = 'hex'`);
}

/** A quoted SQL identifier. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
