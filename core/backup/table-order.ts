import { ident, type SqlSession } from './sql-session.js';

/** The table MikroORM records applied migrations in: a backup records its names, a restore replays them. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/**
 * Tables the database keeps from others by triggers (migration mark_assignment_and_times): a backup leaves them
 * out, and a restore's inserts into their sources rebuild them, as they would any other write.
 */
export const DERIVED_TABLES = ['lesson_mark_time'];

export interface TableInfo {
  name: string;
  /** Columns written and loaded: every column but generated ones, which PostgreSQL computes again. */
  columns: string[];
  /**
   * The primary key's columns (all columns when a table has none), text compared byte-wise: the order rows are
   * written and checksummed in, the same on any server whatever its collation.
   */
  orderBy: string[];
}

/**
 * The application's tables in the current schema, each after the tables its foreign keys point to, so that a
 * restore can load them in this order with every constraint checked.
 */
export async function applicationTables(session: SqlSession): Promise<TableInfo[]> {
  const { rows: tables } = await session.query<{ name: string; columns: string[]; collatable: string[]; key: string[] | null }>(`
    select c.relname as name,
      array(select a.attname::text from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = '' order by a.attnum) as columns,
      array(select a.attname::text from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attcollation <> 0) as collatable,
      (select array(select a.attname::text from unnest(i.indkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum order by k.n)
         from pg_index i where i.indrelid = c.oid and i.indisprimary) as key
    from pg_class c
    where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> $1
      and c.relname <> all($2::text[])
    order by c.relname`, [MIGRATIONS_TABLE, DERIVED_TABLES]);
  const { rows: references } = await session.query<{ child: string; parent: string }>(`
    select c.relname as child, p.relname as parent
    from pg_constraint f join pg_class c on c.oid = f.conrelid join pg_class p on p.oid = f.confrelid
    where f.contype = 'f' and c.relnamespace = current_schema()::regnamespace and f.conrelid <> f.confrelid`);
  const order = dependencyOrder(tables.map((t) => t.name), references);
  const byName = new Map(tables.map((t) => [t.name, t]));
  return order.map((name) => {
    const t = byName.get(name)!;
    const collatable = new Set(t.collatable);
    const key = t.key?.length ? t.key : t.columns;
    return { name, columns: t.columns, orderBy: key.map((c) => (collatable.has(c) ? `${ident(c)} collate "C"` : ident(c))) };
  });
}

/** Names ordered so that every parent comes before its children (alphabetical among equals, for stable output). */
export function dependencyOrder(names: string[], references: { child: string; parent: string }[]): string[] {
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const { child, parent } of references) if (parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < names.length) {
    const ready = [...parents].filter(([n, ps]) => !done.has(n) && [...ps].every((p) => done.has(p))).map(([n]) => n).sort();
    if (ready.length === 0) {
      const left = names.filter((n) => !done.has(n));
      throw new Error(`foreign keys form a cycle between ${left.join(', ')}: no load order checks every constraint`);
    }
    for (const n of ready) {
      done.add(n);
      order.push(n);
    }
  }
  return order;
}

/** The statement that reads a table as one JSON line per row, in its key's order: the backup's data and its checksum. */
export function rowsAsJsonSql(table: TableInfo): string {
  const columns = table.columns.map(ident).join(', ');
  return `select row_to_json(r)::text as line from (select ${columns} from ${ident(table.name)}) r order by ${table.orderBy.join(', ')}`;
}
