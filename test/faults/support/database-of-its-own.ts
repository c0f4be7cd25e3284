import type { PgConnection } from '../../../core/db/connection.js';
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
