import type { EntityManager } from '@mikro-orm/postgresql';
import { arrayLiteral, queryWithParameters } from '../../db/array-parameters.js';

/** A column of a bulk insert: its name, the PostgreSQL type of its array and, if needed, the cast to the column's type. */
export interface BulkColumn {
  name: string;
  type: 'int' | 'smallint' | 'text' | 'date' | 'timestamptz' | 'boolean' | 'numeric';
  cast?: string;
}

export type Cell = string | number | boolean | null;

/** Rows per statement: big enough that statements cost nothing, small enough to keep each parameter a few MB. */
const CHUNK = 100_000;

/**
 * Bulk writes of the load school, in the entity manager's transaction, through the ORM's knex: each
 * statement is `INSERT … SELECT FROM unnest(array, array…)` with the arrays as parameters — one round trip
 * per 100,000 rows instead of an ORM flush per entity.
 */
export class BulkWriter {
  /** Rows written per table, for the summary. */
  readonly written = new Map<string, number>();

  constructor(private readonly em: EntityManager) {}

  query<T = Record<string, unknown>>(sql: string, params: readonly Cell[] = []): Promise<T[]> {
    return queryWithParameters<T>(this.em, sql, params);
  }

  /** `n` fresh ids of `table`'s serial, in order, so that rows can be referred to before they are written. */
  async ids(table: string, n: number): Promise<number[]> {
    if (n === 0) return [];
    const rows = await this.query<{ id: number }>(
      `select nextval(pg_get_serial_sequence('"${table}"', 'id'))::int as id from generate_series(1, ?::int)`, [n],
    );
    return rows.map((r) => r.id);
  }

  /** Inserts the rows given column by column (every array the same length). */
  async insert(table: string, columns: readonly BulkColumn[], data: Record<string, readonly Cell[]>): Promise<number> {
    const length = data[columns[0]!.name]!.length;
    for (const c of columns) {
      if (data[c.name]?.length !== length) throw new Error(`${table}.${c.name}: ${data[c.name]?.length} values, expected ${length}`);
    }
    const names = columns.map((c) => `"${c.name}"`).join(', ');
    const arrays = columns.map((c) => `?::${c.type}[]`).join(', ');
    const select = columns.map((c, i) => (c.cast ? `c${i}::${c.cast}` : `c${i}`)).join(', ');
    const aliases = columns.map((_, i) => `c${i}`).join(', ');
    const sql = `insert into "${table}" (${names}) select ${select} from unnest(${arrays}) as t(${aliases})`;
    for (let from = 0; from < length; from += CHUNK) {
      const to = Math.min(length, from + CHUNK);
      await this.query(sql, columns.map((c) => arrayLiteral(data[c.name]!.slice(from, to))));
    }
    this.written.set(table, (this.written.get(table) ?? 0) + length);
    return length;
  }
}
