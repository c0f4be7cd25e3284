import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Ends every panel session of the accounts, in the caller's transaction (em.execute, not a connection of
 * its own): a disabled account, a reset password or a leak report must not leave a browser signed in.
 * How many ended.
 */
export async function endSessionsOf(em: EntityManager, accountIds: readonly number[]): Promise<number> {
  if (!accountIds.length) return 0;
  const ended = await em.execute<{ sid: string }[]>(
    `delete from panel_session where data -> 'adminUser' ->> 'id' in (?) returning sid`,
    [accountIds.map(String)],
  );
  return ended.length;
}
