import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { School } from '../school/school.entity.js';
import { TelegramAccount } from './telegram-account.entity.js';
import { Invite, PERSON_KINDS } from './invite.entity.js';

/**
 * A Telegram account acting as a person of a school. One account may hold several (a teacher who is also a
 * parent); each comes from exactly one invite. Revoked bindings stay, for the record.
 */
export const TelegramBinding = defineEntity({
  name: 'TelegramBinding',
  tableName: 'telegram_binding',
  properties: {
    id: p.integer().primary(),
    telegramAccount: () => p.manyToOne(TelegramAccount).index(),
    school: () => p.manyToOne(School).index(),
    personKind: p.enum([...PERSON_KINDS]),
    personId: p.integer(),
    invite: () => p.manyToOne(Invite).nullable().unique(),
    createdAt: p.datetime().defaultRaw('now()'),
    revokedAt: p.datetime().nullable(),
  },
  indexes: [{ properties: ['personKind', 'personId'] }],
});
export type TelegramBinding = InferEntity<typeof TelegramBinding>;
