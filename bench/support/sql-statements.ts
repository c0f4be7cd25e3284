import pg from 'pg';

/**
 * Counts every SQL statement the process sends from now on (BEGIN and COMMIT included), on pg's client,
 * which the ORM uses. Call it once per process, before the statements to count; it answers the count so far.
 * `watch`, while set, is given the text of each statement (a benchmark's trace of one operation).
 */
export function countSqlStatements(): (() => number) & { watch?: (sql: string) => void } {
  let statements = 0;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  const counter: (() => number) & { watch?: (sql: string) => void } = () => statements;
  proto.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    if (counter.watch) {
      const first = args[0];
      counter.watch(typeof first === 'string' ? first : String((first as { text?: unknown } | undefined)?.text ?? first));
    }
    return query.apply(this, args);
  };
  return counter;
}
