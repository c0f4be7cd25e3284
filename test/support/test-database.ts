import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { PgConnection } from '../../core/db/connection.js';
import { adminQuery } from './pg-admin.js';

export interface TestDatabase {
  connection: PgConnection;
  drop(): Promise<void>;
}

/** A database of its own for one test file, cloned from the migrated template (fast, and isolated). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { connection, template } = inject('db');
  const name = `klassny_test_${randomBytes(5).toString('hex')}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(connection, `create database ${name} template ${template}`);
      break;
    } catch (err) {
      // Two files cloning the template at the same instant: PostgreSQL refuses one; it tries again.
      if (attempt >= 20 || !String(err).includes('is being accessed by other users')) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
  return {
    connection: { ...connection, database: name },
    drop: () => adminQuery(connection, `drop database if exists ${name} with (force)`),
  };
}
