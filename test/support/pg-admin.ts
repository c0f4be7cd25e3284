import pg from 'pg';
import type { PgConnection } from '../../core/db/connection.js';

/** Runs one statement on the server's maintenance database (creating and dropping test databases). */
export async function adminQuery(connection: PgConnection, sql: string): Promise<void> {
  const client = new pg.Client({ ...connection, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The server's own description of itself, e.g. «PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu…». */
export async function serverVersion(connection: PgConnection): Promise<string> {
  const client = new pg.Client({ ...connection, database: 'postgres', connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>('select version()');
    return rows[0]!.version.replace(/,.*$/, '');
  } finally {
    await client.end();
  }
}
