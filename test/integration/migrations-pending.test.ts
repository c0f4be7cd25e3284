import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { connectOrm, migrate } from '../../core/database.js';
import { anyMigrationPending, migratorOf } from '../../core/db/migrator.js';
import { adminQuery } from '../support/pg-admin.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A start loads the migrator only when a migration has not run (core/db/migrator.ts): the check must say
 * "pending" for a new database and for one that misses any migration, and "none" only when all have run.
 */
describe('the start-up check for pending migrations', () => {
  let migrated: TestDatabase;
  let orm: MikroORM;
  const { connection } = inject('db');
  const empty = `klassny_test_${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    migrated = await createTestDatabase();
    orm = await connectOrm(migrated.connection);
    await adminQuery(connection, `create database ${empty}`);
  });
  afterAll(async () => {
    await orm.close(true);
    await migrated.drop();
    await adminQuery(connection, `drop database if exists ${empty} with (force)`);
  });

  it('finds none pending on a migrated database, and migrate() then applies nothing', async () => {
    expect(await anyMigrationPending(orm)).toBe(false);
    expect(await migrate(orm)).toEqual([]);
  });

  it('finds one pending when a migration has not run, and migrate() runs it', async () => {
    const em = orm.em.fork();
    const [last] = await em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations order by id desc limit 1');
    // Forgotten as if it had never run; its down() undoes its changes so that up() can make them again.
    await (await migratorOf(orm)).down({ migrations: [last!.name] });
    expect(await anyMigrationPending(orm)).toBe(true);
    expect(await migrate(orm)).toEqual([last!.name]);
    expect(await anyMigrationPending(orm)).toBe(false);
  });

  it('finds them pending on a database with no migrations table', async () => {
    const fresh = await connectOrm({ ...connection, database: empty });
    try {
      expect(await anyMigrationPending(fresh)).toBe(true);
    } finally {
      await fresh.close(true);
    }
  });
});
