import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../time/clock.js';
import { PanelSession } from './panel-session.entity.js';
import { SESSION_IDLE_MS } from './panel-security.js';

type Callback<T = void> = (err?: unknown, result?: T) => void;

/** What the store reads of @fastify/session's cookie: its max-age (rolling sessions) or a fixed expiry. */
interface SessionCookie {
  originalMaxAge?: number | null;
  expires?: Date | string | null;
}

export { SESSION_IDLE_MS };

/**
 * Panel sessions in PostgreSQL, with the callback interface of @fastify/session's stores (and
 * express-session's), so no instance keeps sessions in memory.
 */
export class PanelSessions {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  set = (sid: string, session: { cookie?: SessionCookie }, callback: Callback) => {
    // The expiry is counted on the clock that get() and prune() compare it with.
    const { originalMaxAge, expires: fixed } = session.cookie ?? {};
    const expires = typeof originalMaxAge === 'number' ? new Date(this.clock.now().getTime() + originalMaxAge)
      : fixed ? new Date(fixed) : new Date(this.clock.now().getTime() + SESSION_IDLE_MS);
    const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
    this.em()
      .upsert(PanelSession, { sid, data, expiresAt: expires })
      .then(() => callback(), callback);
  };

  get = (sid: string, callback: Callback<Record<string, unknown> | null>) => {
    this.em()
      .findOne(PanelSession, { sid, expiresAt: { $gt: this.clock.now() } })
      .then((row) => callback(undefined, row?.data ?? null), callback);
  };

  destroy = (sid: string, callback: Callback) => {
    this.em()
      .nativeDelete(PanelSession, { sid })
      .then(() => callback(), callback);
  };

  /** Ends every session of a panel account but one (after its password changed, the old password's sessions go). */
  async endOtherSessions(accountId: number, keepSid: string): Promise<void> {
    await this.em()
      .getConnection()
      .execute(`delete from panel_session where data -> 'adminUser' ->> 'id' = ? and sid <> ?`, [String(accountId), keepSid]);
  }

  async prune(): Promise<number> {
    return this.em().nativeDelete(PanelSession, { expiresAt: { $lt: this.clock.now() } });
  }
}
