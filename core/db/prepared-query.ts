import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { holdForCommit, PipelinedQuery } from './pipelined-transaction.js';

/** A statement PostgreSQL parses and plans once per connection, then runs by name: `$1`, `$2`… for values. */
export interface PreparedStatement {
  /** Unique per text: the same name with another text is an error of PostgreSQL's. */
  name: string;
  text: string;
  /** How many values it takes (`$1`…`$n`), when known: a call with another count is a programming error. */
  values?: number;
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  query(pipeline: PipelinedQuery): unknown;
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void>;
}

const fromText = new Map<string, PreparedStatement>();

/**
 * `sql` written with knex's `?` placeholders (as em.execute takes it) as a prepared statement with `$1`…`$n`,
 * named after its text (so two texts never share a name, on any connection). Kept per text: statements built
 * from a few fixed pieces are built once. The text must hold no `?` other than placeholders (no jsonb `?`
 * operators, no question marks in literals or comments), and come from a fixed set (never values spliced in):
 * every text is kept here and prepared on every pool connection that runs it, for the process's life.
 */
export function preparedStatement(sql: string): PreparedStatement {
  let statement = fromText.get(sql);
  if (!statement) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    statement = { name: `k_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text, values: n };
    fromText.set(sql, statement);
  }
  return statement;
}

/**
 * Runs a named prepared statement on the ORM's own pg connection (the unit of work's transaction if one is
 * open, else one from its pool): for the few reads asked so often that parsing and planning their SQL each
 * time costs more than running it (the diary's marks screen, the journal's taps). Values are bound, not
 * interpolated: node-postgres sends Dates as timestamps with their offset, arrays as array literals, so give
 * text to `?::jsonb` (JSON.stringify) and cast where PostgreSQL cannot infer a type. Dates come back as the
 * ORM's connection gives them (ISO strings). Errors are the ORM's (as em.execute throws them:
 * UniqueConstraintViolationException…), so that callers and the logger treat both alike.
 *
 * Named prepared statements live in a server connection: behind pgbouncer in transaction pooling mode a
 * statement prepared on one server connection is not there on the next, so run PostgreSQL directly (or
 * pgbouncer ≥ 1.21 with max_prepared_statements set) when using these.
 */
export async function preparedQuery<T>(em: EntityManager, statement: PreparedStatement, values: unknown[]): Promise<T[]> {
  checkCount(statement, values);
  return onConnection(em, async (connection) => (await connection.query({ name: statement.name, text: statement.text, values })).rows as T[]);
}

/**
 * Prepared statements run one after another in one round trip (one message to PostgreSQL), each as if sent
 * alone: its own snapshot, so one that waits for a lock makes the next see what the lock's holder committed.
 * Answers each one's rows. If one fails, those after it do not run.
 */
export async function preparedQueries(em: EntityManager, queries: [PreparedStatement, unknown[]][]): Promise<unknown[][]> {
  for (const [statement, values] of queries) checkCount(statement, values);
  const steps = queries.map(([statement, values]) => ({ name: statement.name, text: statement.text, values }));
  return onConnection(em, (connection) => new Promise((resolve, reject) => {
    void connection.query(new PipelinedQuery(steps, (err, results) => (err ? reject(err) : resolve((results as { rows: unknown[] }[]).map((r) => r.rows)))));
  }));
}

function checkCount(statement: PreparedStatement, values: unknown[]): void {
  if (statement.values !== undefined && statement.values !== values.length) {
    throw new Error(`prepared statement ${statement.name} takes ${statement.values} values, given ${values.length}`);
  }
}

/** `work` on the unit of work's connection (its transaction's, else one of the pool), errors as the ORM's. */
async function onConnection<T>(em: EntityManager, work: (connection: PgClient) => Promise<T>): Promise<T> {
  const knex = (em.getTransactionContext() ?? em.getKnex()) as unknown as { client: KnexClient };
  const connection = await knex.client.acquireConnection();
  try {
    return await work(connection);
  } catch (err) {
    throw err instanceof Error ? em.getDriver().convertException(err) : err;
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

interface KnexTransaction {
  /** Set on a nested transaction (a savepoint): what it holds back would outlive its rollback. */
  parentTransaction?: unknown;
}

/**
 * Runs `sql` (as preparedStatement takes it) in em's transaction just before its COMMIT, in the same round
 * trip (pipelined-transaction.ts); outside a transaction, or in a nested one, at once. For writes that
 * nothing later in the transaction reads (the update's bot sessions): an error fails the COMMIT, and nothing
 * of the transaction is kept.
 */
export async function beforeCommit(em: EntityManager, sql: string, values: unknown[]): Promise<void> {
  const statement = preparedStatement(sql);
  checkCount(statement, values);
  const step = { name: statement.name, text: statement.text, values };
  const trx = em.getTransactionContext<KnexTransaction>();
  if (trx && !trx.parentTransaction && (await onConnection(em, async (connection) => holdForCommit(connection, step)))) return;
  await preparedQuery(em, statement, values);
}
