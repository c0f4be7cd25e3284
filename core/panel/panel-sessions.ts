import type { EntityManager } from '@mikro-orm/postgresql';
import { PanelSession } from './panel-session.entity.js';
import { SESSION_IDLE_MS } from './panel-security.js';

type Callback<T = void> = (err?: unknown, result?: T) => void;

export { SESSION_IDLE_MS };

/**
 * Panel sessions in PostgreSQL, with the callback interface of @fastify/session's stores (and
 * express-session's), so no instance keeps sessions in memory.
 */
export class PanelSessions {
  constructor(private readonly em: () => EntityManager) {}

  set = (sid: string, session: { cookie?: { expires?: Date | string | null } }, callback: Callback) => {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + SESSION_IDLE_MS);
    const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
    this.em()
      .upsert(PanelSession, { sid, data, expiresAt: expires })
      .then(() => callback(), callback);
  };

  get = (sid: string, callback: Callback<Record<string, unknown> | null>) => {
    this.em()
      .findOne(PanelSession, { sid, expiresAt: { $gt: new Date() } })
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

  async prune(now = new Date()): Promise<number> {
    return this.em().nativeDelete(PanelSession, { expiresAt: { $lt: now } });
  }
}
