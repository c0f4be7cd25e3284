import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A web panel session, kept in PostgreSQL so that any instance can serve any request. */
export const PanelSession = defineEntity({
  name: 'PanelSession',
  tableName: 'panel_session',
  properties: {
    sid: p.string().primary(),
    data: p.json<Record<string, unknown>>(),
    expiresAt: p.datetime().index(),
  },
});
export type PanelSession = InferEntity<typeof PanelSession>;
