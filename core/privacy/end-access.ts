import type { EntityManager } from '@mikro-orm/postgresql';

export interface AccessEnded {
  /** Telegram bindings that were in force (all of the person's are deleted, revoked ones too). */
  bindingsEnded: number;
  invitesRevoked: number;
  /** Telegram accounts that acted as nobody else and were deleted with their settings and chats' outbox. */
  accountsDeleted: number;
}

/**
 * A person loses every way in, at once and in the caller's transaction: its unused invites are revoked,
 * its Telegram bindings deleted (a binding ties a Telegram user to the person: kept, it would say who
 * «Родитель N» is), and a Telegram account left acting as nobody is deleted with its preferences, bot
 * sessions, invite failures and outbox. A Telegram account that is also someone else's (a teacher who is
 * a parent) stays, switched off the deleted binding.
 */
export async function endAccess(em: EntityManager, personKind: 'student' | 'guardian', personId: number, schoolId: number, now: Date): Promise<AccessEnded> {
  const invites = await em.execute<{ id: number }[]>(
    `update invite set revoked_at = ? where person_kind = ? and person_id = ? and school_id = ? and used_at is null and revoked_at is null returning id`,
    [now, personKind, personId, schoolId]);
  const bindings = await em.execute<{ id: number; telegram_account_id: string; revoked_at: Date | null }[]>(
    'select id, telegram_account_id, revoked_at from telegram_binding where person_kind = ? and person_id = ? and school_id = ?',
    [personKind, personId, schoolId]);
  if (bindings.length === 0) return { bindingsEnded: 0, invitesRevoked: invites.length, accountsDeleted: 0 };
  const bindingIds = bindings.map((b) => b.id);
  const accountIds = [...new Set(bindings.map((b) => b.telegram_account_id))];
  await em.execute('update telegram_account set active_binding_id = null, active_child_id = null where active_binding_id in (?)', [bindingIds]);
  await em.execute('delete from telegram_binding where id in (?)', [bindingIds]);
  const orphans = (await em.execute<{ id: string }[]>(
    'select a.id from telegram_account a where a.id in (?) and not exists (select 1 from telegram_binding b where b.telegram_account_id = a.id)',
    [accountIds])).map((a) => a.id);
  if (orphans.length) {
    await em.execute('delete from notification where telegram_account_id in (?)', [orphans]);
    await em.execute('delete from notification_preference where telegram_account_id in (?)', [orphans]);
    await em.execute('delete from bot_session where telegram_user_id in (?)', [orphans]);
    await em.execute('delete from invite_failure where telegram_account_id in (?)', [orphans]);
    await em.execute('delete from telegram_account where id in (?)', [orphans]);
  }
  return { bindingsEnded: bindings.filter((b) => b.revoked_at === null).length, invitesRevoked: invites.length, accountsDeleted: orphans.length };
}
