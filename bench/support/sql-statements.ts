import pg from 'pg';

/**
 * Counts every SQL statement the process sends from now on (BEGIN and COMMIT included), on pg's client,
 * which the ORM uses. Call it once per process, before the statements to count; it answers the count so far.
 */
export function countSqlStatements(): () => number {
  let statements = 0;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    return query.apply(this, args);
  };
  return () => statements;
}
