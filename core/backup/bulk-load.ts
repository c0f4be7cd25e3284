import { ident, type SqlSession } from './sql-session.js';

interface Definition {
  table: string;
  name: string;
  sql: string;
}

/**
 * Runs a bulk load (`load`) with the schema's foreign keys and secondary indexes set aside, then puts them back,
 * in the caller's transaction — as pg_restore does: checking a million rows' references one row at a time and
 * growing each index row by row cost several times the load itself, while an index built once and a foreign
 * key validated in one pass over the loaded table are quick. Every constraint is checked all the same: adding
 * the foreign keys back validates every row, and a failure rolls the whole restore back. Primary keys and
 * unique constraints stay in place throughout.
 */
export async function withConstraintsDeferred<T>(session: SqlSession, load: () => Promise<T>): Promise<T> {
  const { rows: foreignKeys } = await session.query<Definition>(`
    select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as sql
    from pg_constraint c where c.contype = 'f' and c.connamespace = current_schema()::regnamespace order by 1, 2`);
  const { rows: indexes } = await session.query<Definition>(`
    select i.indrelid::regclass::text as table, i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as sql
    from pg_index i join pg_class t on t.oid = i.indrelid
    where t.relnamespace = current_schema()::regnamespace
      and not exists (select from pg_constraint c where c.conindid = i.indexrelid)
    order by 1, 2`);
  for (const fk of foreignKeys) await session.query(`alter table ${fk.table} drop constraint ${ident(fk.name)}`);
  for (const index of indexes) await session.query(`drop index ${index.name}`);
  const result = await load();
  for (const index of indexes) await session.query(index.sql);
  for (const fk of foreignKeys) await session.query(`alter table ${fk.table} add constraint ${ident(fk.name)} ${fk.sql}`);
  return result;
}
