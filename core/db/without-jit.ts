import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs one read with PostgreSQL's JIT compilation off (SET LOCAL, in a transaction of its own, or until the
 * caller's transaction ends). A report's statement over a whole school joins a few CTEs whose row counts the
 * planner cannot know: its estimate runs into millions, past jit_optimize_above_cost, and compiling the plan
 * took 5 s where running it takes 0.2 s (E5, issue 14). These statements run once per request over rows
 * already in memory, where compiled expressions never pay back.
 */
export function executeWithoutJit<T>(em: EntityManager, query: Parameters<EntityManager['execute']>[0]): Promise<T[]> {
  return em.transactional(async (tx) => {
    await tx.execute('set local jit = off');
    return tx.execute<T[]>(query);
  });
}
