import pg from 'pg';

/** What the counter answers: statements so far, with `roundTrips` (messages that waited for an answer). */
export type StatementCounter = (() => number) & { roundTrips: () => number; watch?: (sql: string, client: pg.Client) => void };

/**
 * Counts every SQL statement the process sends from now on (BEGIN and COMMIT included), on pg's client,
 * which the ORM uses. Call it once per process, before the statements to count; it answers the count so far.
 * A pipelined query (core/db/pipelined-transaction.ts: several statements in one message, e.g. BEGIN with the
 * first statement) counts each of its statements, and one round trip. `watch`, while set, is given the
 * text of each statement and the client it is given to, before the client has it (a benchmark's trace of one
 * operation; a test's look at the client's state).
 */
export function countSqlStatements(): StatementCounter {
  let statements = 0;
  let roundTrips = 0;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  const counter = (() => statements) as StatementCounter;
  counter.roundTrips = () => roundTrips;
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as { text?: unknown; steps?: { text: string }[] } | string | undefined;
    const texts = typeof first === 'string' ? [first] : Array.isArray(first?.steps) ? first.steps.map((s) => s.text) : [typeof first?.text === 'string' ? first.text : '(a query object)'];
    statements += texts.length;
    roundTrips++;
    if (counter.watch) for (const text of texts) counter.watch(text, this);
    return query.apply(this, args);
  };
  return counter;
}
