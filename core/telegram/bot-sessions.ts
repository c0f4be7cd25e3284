import type { EntityManager } from '@mikro-orm/postgresql';
import { BotSession } from './bot-session.entity.js';
import type { Clock } from '../time/clock.js';

export type SessionKey = 'input' | 'undo' | 'lesson';

/** How long the bot waits for typed input, keeps an action undoable, or remembers the lesson a teacher is entering. */
const TTL_MINUTES: Record<SessionKey, number> = { input: 30, undo: 15, lesson: 30 };

/**
 * State a Telegram user carries between updates, in PostgreSQL (DESIGN: several instances may serve one
 * bot). One row per user and key; an expired row reads as absent.
 */
export class BotSessions {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  async get<T extends Record<string, unknown>>(telegramUserId: number, key: SessionKey): Promise<T | undefined> {
    const row = await this.em().findOne(BotSession, { telegramUserId, key, expiresAt: { $gt: this.clock.now() } });
    return row?.payload as T | undefined;
  }

  async set(telegramUserId: number, key: SessionKey, payload: Record<string, unknown>): Promise<void> {
    const expiresAt = new Date(this.clock.now().getTime() + TTL_MINUTES[key] * 60_000);
    await this.em().upsert(BotSession, { telegramUserId, key, payload, expiresAt }, { onConflictFields: ['telegramUserId', 'key'], onConflictAction: 'merge', onConflictMergeFields: ['payload', 'expiresAt', 'updatedAt'] });
  }

  async clear(telegramUserId: number, key: SessionKey): Promise<void> {
    await this.em().nativeDelete(BotSession, { telegramUserId, key });
  }

  /** Forgets expired rows (a housekeeping job). */
  async prune(): Promise<number> {
    return this.em().nativeDelete(BotSession, { expiresAt: { $lte: this.clock.now() } });
  }
}
