import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { PgConnection } from '../../../core/db/connection.js';
import { adminQuery } from '../../support/pg-admin.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/** DATABASE_URL for a connection (the embedded server listens on a socket directory: passed as ?host=). */
export function databaseUrl(connection: PgConnection): string {
  const auth = `${encodeURIComponent(connection.user)}${connection.password ? `:${encodeURIComponent(connection.password)}` : ''}`;
  const socket = connection.host.startsWith('/');
  const host = socket ? 'localhost' : connection.host;
  return `postgresql://${auth}@${host}:${connection.port}/${connection.database}${socket ? `?host=${encodeURIComponent(connection.host)}` : ''}`;
}

/** A migrated database for one scenario (cloned from the suite's template), and its URL for the product's processes. */
export async function databaseOfItsOwn(): Promise<TestDatabase & { url: string }> {
  const database = await createTestDatabase();
  return { ...database, url: databaseUrl(database.connection) };
}

/**
 * An empty database (no migrations, no data) on the suite's server: what a first deployment starts on, for
 * a scenario about first-run set-up (migrations, the demo school, the administrator's account).
 */
export async function emptyDatabase(): Promise<TestDatabase & { url: string }> {
  const { connection } = inject('db');
  const name = `klassny_empty_${randomBytes(5).toString('hex')}`;
  await adminQuery(connection, `create database ${name}`);
  const own = { ...connection, database: name };
  return { connection: own, url: databaseUrl(own), drop: () => adminQuery(connection, `drop database if exists ${name} with (force)`) };
}
