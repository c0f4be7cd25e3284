import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Values as a PostgreSQL array literal, to travel as one text parameter (escaped here, never spliced into
 * SQL): numbers as they are, booleans as t/f, dates as ISO instants, objects as JSON, null and undefined as
 * NULL, everything else quoted.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (typeof v === 'number' || typeof v === 'bigint') parts[i] = String(v);
    else if (typeof v === 'boolean') parts[i] = v ? 't' : 'f';
    else parts[i] = quoted(typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : JSON.stringify(v));
  }
  return `{${parts.join(',')}}`;
}

const SPECIAL = /[\\"]/;

function quoted(text: string): string {
  return SPECIAL.test(text) ? `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"` : `"${text}"`;
}

/**
 * A statement with positional `?` parameters in the entity manager's transaction, the parameters sent apart
 * from the text (the ORM's own `execute` writes them into the text, which costs a pass over megabytes of
 * arrays).
 */
export async function queryWithParameters<T = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  const raw = em.getKnex().raw(sql, params as never[]);
  const trx = em.getTransactionContext<Parameters<typeof raw.transacting>[0]>();
  try {
    const result = (await (trx ? raw.transacting(trx) : raw)) as { rows: T[] };
    return result.rows;
  } catch (err) {
    // As the ORM's own statements fail: a named DriverException (UniqueConstraintViolationException…), which
    // the callers and the error handlers tell apart by kind; a bare driver error would be one unnamed fault.
    throw err instanceof Error ? em.getDriver().convertException(err) : err;
  }
}
