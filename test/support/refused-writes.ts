/** What runs SQL: the ORM's connection (`orm.em.getConnection()`). */
interface Sql {
  execute(sql: string): Promise<unknown>;
}

/**
 * Runs `work` while PostgreSQL refuses the `events` (`insert`, `insert or update`…) on `table`, as a failing
 * write would (a trigger raising), then lets them through again: for a change that must leave nothing when
 * one of its writes fails. `table` and `events` are the test's own literals, spliced into the DDL.
 */
export async function whileRefused<T>(sql: Sql, table: string, work: () => Promise<T>, events = 'insert'): Promise<T> {
  await sql.execute(`create or replace function klassny_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`);
  await sql.execute(`create trigger klassny_test_refuse before ${events} on ${table} for each row execute function klassny_test_refuse()`);
  try {
    return await work();
  } finally {
    await sql.execute(`drop trigger klassny_test_refuse on ${table}`);
  }
}
