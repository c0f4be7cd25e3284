import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import { TelegramAccount } from './telegram-account.entity.js';
import type { AccountState } from './update-start.js';

/** The Telegram side of a user: who wrote to the bot and which language they chose. */
export class TelegramAccounts {
  constructor(private readonly em: () => EntityManager) {}

  /**
   * Creates the account on first contact; concurrent first contacts are fine (upsert). A user who writes
   * to the bot has not blocked it (any more): its notifications are delivered again.
   */
  async touch(telegramId: number): Promise<{ language: Language }> {
    const { language } = await this.account(telegramId);
    return { language };
  }

  /**
   * touch() for an account read at the update's start (update-start.ts; undefined: no row yet): writes
   * only when there is something to write (the first contact, a user who had blocked the bot).
   */
  async arrived(telegramId: number, read: AccountState | undefined): Promise<{ language: Language }> {
    if (!read) return this.touch(telegramId);
    if (read.blocked) {
      await this.em().execute('update telegram_account set blocked_at = null, updated_at = default where id = ?', [telegramId]);
    }
    return { language: read.language };
  }

  async setLanguage(telegramId: number, language: Language): Promise<void> {
    const em = this.em();
    const account = await this.account(telegramId);
    account.language = language;
    account.languageChosen = true;
    await em.flush();
  }

  /** The account (see touch), made on first contact. */
  private async account(telegramId: number): Promise<TelegramAccount> {
    const em = this.em();
    const found = await em.findOne(TelegramAccount, { id: telegramId });
    if (found?.blockedAt) {
      found.blockedAt = null;
      await em.flush();
    }
    if (found) return found;
    return em.upsert(TelegramAccount, { id: telegramId, language: DEFAULT_LANGUAGE }, {
      onConflictFields: ['id'],
      onConflictAction: 'ignore',
    }).then(() => em.findOneOrFail(TelegramAccount, { id: telegramId }));
  }
}
