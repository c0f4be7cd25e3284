import { FlushMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext, type MikroORM } from '@mikro-orm/postgresql';

/**
 * Runs `work` in a unit of work and ONE database transaction: all of it is saved, or (when it throws)
 * none of it. Queries do not flush pending rows first (the record service flushes each row itself).
 */
export function inOneTransaction<T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return RequestContext.create(orm.em, () =>
    orm.em.transactional((em) => work(em), { flushMode: FlushMode.COMMIT }),
  );
}

/** Runs one line of a file between savepoints: a failed line leaves nothing behind in the transaction. */
export const savepoint = {
  open: (em: EntityManager) => em.execute('savepoint import_line'),
  undo: (em: EntityManager) => em.execute('rollback to savepoint import_line'),
  close: (em: EntityManager) => em.execute('release savepoint import_line'),
};
