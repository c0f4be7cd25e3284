import { RequestContext, type EntityManager } from '@mikro-orm/postgresql';
import { BotSession } from './bot-session.entity.js';
import type { Clock } from '../time/clock.js';
import { beforeCommit } from '../db/prepared-query.js';

export type SessionKey = 'input' | 'undo' | 'lesson';

/** How long the bot waits for typed input, keeps an action undoable, or remembers the lesson a teacher is entering. */
const TTL_MINUTES: Record<SessionKey, number> = { input: 30, undo: 15, lesson: 30 };

type Payload = Record<string, unknown>;

/**
 * One user's sessions during one update: read with the update's start (update-start.ts), changed here, and
 * written back in one statement just before the update's transaction commits (BotSessions.flush).
 */
interface Scope {
  telegramUserId: number;
  /** The sessions in force as the update sees them (undefined: none, or cleared on it). */
  values: Map<string, Payload | undefined>;
  /** What the update changed: the payload and expiry written, or null for a session cleared. */
  changed: Map<string, { payload: Payload; expiresAt: Date } | null>;
}

/**
 * State a Telegram user carries between updates, in PostgreSQL (DESIGN: several instances may serve one
 * bot). One row per user and key; an expired row reads as absent.
 *
 * Inside a bot update (`open`), the user's own sessions are those read at the update's start and their
 * changes are written once, by `flush` in the update's transaction: a tap that reads and sets two sessions
 * costs one statement instead of four. Anything else (another user's session, outside an update) goes to
 * the database at once.
 */
export class BotSessions {
  /** The scope of each unit of work (RequestContext: one per update), so concurrent updates never share one. */
  private readonly scopes = new WeakMap<object, Scope>();

  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  /** From now on in this unit of work, `telegramUserId`'s sessions are `loaded` (the rows in force) and kept here until flush. */
  open(telegramUserId: number, loaded: Record<string, Payload>): void {
    const context = RequestContext.currentRequestContext();
    if (!context) throw new Error('BotSessions.open needs a unit of work');
    this.scopes.set(context, { telegramUserId, values: new Map(Object.entries(loaded)), changed: new Map() });
  }

  /** Writes the sessions changed in this unit of work, in one statement (nothing when none changed). */
  async flush(): Promise<void> {
    const context = RequestContext.currentRequestContext();
    const scope = context ? this.scopes.get(context) : undefined;
    if (!scope || scope.changed.size === 0) return;
    const { telegramUserId, changed } = scope;
    const cleared = [...changed].filter(([, v]) => v === null).map(([key]) => key);
    const written = [...changed].flatMap(([key, v]) => (v ? [{ key, ...v }] : []));
    scope.changed = new Map();
    const remove = cleared.length ? `delete from bot_session where telegram_user_id = ? and key in (${cleared.map(() => '?').join(', ')})` : undefined;
    const removeValues = cleared.length ? [telegramUserId, ...cleared] : [];
    if (!written.length) {
      await beforeCommit(this.em(), remove!, removeValues);
      return;
    }
    // created_at and updated_at as the ORM's upsert left them: the columns' defaults (a stamp, never compared with the Clock).
    // In the COMMIT's round trip: nothing in the update reads the rows back (they are kept here).
    await beforeCommit(
      this.em(),
      `${remove ? `with cleared as (${remove}) ` : ''}insert into bot_session (telegram_user_id, key, payload, expires_at)
       values ${written.map(() => '(?, ?, ?::jsonb, ?::timestamptz)').join(', ')}
       on conflict (telegram_user_id, key) do update set payload = excluded.payload, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      [...removeValues, ...written.flatMap((w) => [telegramUserId, w.key, JSON.stringify(w.payload), w.expiresAt])],
    );
  }

  async get<T extends Record<string, unknown>>(telegramUserId: number, key: SessionKey): Promise<T | undefined> {
    const scope = this.scopeOf(telegramUserId);
    if (scope) {
      const value = scope.values.get(key);
      return value === undefined ? undefined : (structuredClone(value) as T);
    }
    const row = await this.em().findOne(BotSession, { telegramUserId, key, expiresAt: { $gt: this.clock.now() } });
    return row?.payload as T | undefined;
  }

  async set(telegramUserId: number, key: SessionKey, payload: Record<string, unknown>): Promise<void> {
    const expiresAt = new Date(this.clock.now().getTime() + TTL_MINUTES[key] * 60_000);
    const scope = this.scopeOf(telegramUserId);
    if (scope) {
      // A copy, as a row read back would be: the caller may go on changing its object.
      const stored = structuredClone(payload);
      scope.values.set(key, stored);
      scope.changed.set(key, { payload: stored, expiresAt });
      return;
    }
    await this.em().upsert(BotSession, { telegramUserId, key, payload, expiresAt }, { onConflictFields: ['telegramUserId', 'key'], onConflictAction: 'merge', onConflictMergeFields: ['payload', 'expiresAt', 'updatedAt'] });
  }

  async clear(telegramUserId: number, key: SessionKey): Promise<void> {
    const scope = this.scopeOf(telegramUserId);
    if (scope) {
      scope.values.set(key, undefined);
      scope.changed.set(key, null);
      return;
    }
    await this.em().nativeDelete(BotSession, { telegramUserId, key });
  }

  /** Forgets expired rows (a housekeeping job). */
  async prune(): Promise<number> {
    return this.em().nativeDelete(BotSession, { expiresAt: { $lte: this.clock.now() } });
  }

  private scopeOf(telegramUserId: number): Scope | undefined {
    const context = RequestContext.currentRequestContext();
    const scope = context ? this.scopes.get(context) : undefined;
    return scope?.telegramUserId === telegramUserId ? scope : undefined;
  }
}
