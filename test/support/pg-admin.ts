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
