import type { EntityManager } from '@mikro-orm/postgresql';

/** A statement PostgreSQL parses and plans once per connection, then runs by name: `$1`, `$2`… for values. */
export interface PreparedStatement {
  /** Unique per text: the same name with another text is an error of PostgreSQL's. */
  name: string;
  text: string;
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void>;
}

/**
 * Runs a named prepared statement on the ORM's own pg connection (the unit of work's transaction if one is
 * open, else one from its pool): for the few reads asked so often that parsing and planning their SQL each
 * time costs more than running it (the diary's marks screen). Dates come back as the ORM's connection gives
 * them (ISO strings).
 *
 * Named prepared statements live in a server connection: behind pgbouncer in transaction pooling mode a
 * statement prepared on one server connection is not there on the next, so run PostgreSQL directly (or
 * pgbouncer ≥ 1.21 with max_prepared_statements set) when using these.
 */
export async function preparedQuery<T>(em: EntityManager, statement: PreparedStatement, values: unknown[]): Promise<T[]> {
  const knex = (em.getTransactionContext() ?? em.getKnex()) as unknown as { client: KnexClient };
  const connection = await knex.client.acquireConnection();
  try {
    const result = await connection.query({ name: statement.name, text: statement.text, values });
    return result.rows as T[];
  } finally {
    await knex.client.releaseConnection(connection);
  }
}
