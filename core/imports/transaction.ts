import { AsyncLocalStorage } from 'node:async_hooks';
import { FlushMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Core } from '../core.js';

type Execute = (query: unknown, params?: unknown[], method?: unknown, ctx?: unknown, loggerContext?: unknown) => Promise<unknown>;

const importing = new AsyncLocalStorage<EntityManager>();
const joined = new WeakSet<object>();

/**
 * Bridge (remove once core/records uses `em.execute(...)`): the record service and the row scopes run
 * their raw SQL through `em.getConnection().execute(...)`, which takes a connection of its own from the
 * pool and so cannot see rows saved earlier in the import's transaction (a student saved on this line is
 * "not found" when its enrollment is checked). Inside an import only, such statements join the import's
 * transaction; everywhere else they run as before.
 */
function joinRawStatements(em: EntityManager): void {
  const connection = em.getConnection() as unknown as { execute: Execute };
  if (joined.has(connection)) return;
  joined.add(connection);
  const execute = connection.execute.bind(connection);
  connection.execute = (query, params, method, ctx, loggerContext) =>
    execute(query, params, method, ctx ?? importing.getStore()?.getTransactionContext(), loggerContext);
}

/**
 * Runs `work` in a unit of work and ONE database transaction: all of it is saved, or (when it throws)
 * none of it. Queries do not flush pending rows first (the record service flushes each row itself).
 */
export function inOneTransaction<T>(core: Core, work: (em: EntityManager) => Promise<T>): Promise<T> {
  joinRawStatements(core.orm.em);
  return core.unitOfWork(() =>
    core.orm.em.transactional((em) => importing.run(em, () => work(em)), { flushMode: FlushMode.COMMIT }),
  );
}

/** Runs one line of a file between savepoints: a failed line leaves nothing behind in the transaction. */
export const savepoint = {
  open: (em: EntityManager) => em.execute('savepoint import_line'),
  undo: (em: EntityManager) => em.execute('rollback to savepoint import_line'),
  close: (em: EntityManager) => em.execute('release savepoint import_line'),
};
