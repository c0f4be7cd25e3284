import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A chat one dispatcher instance is serving (outbox-store.ts claimDue): no other instance claims any row of
 * the chat until the claimer lets it go (releaseChat) or `claimedUntil` passes (the claimer died), so that
 * two instances never send to one chat at once. `claimedUntil` is on the claimer's clock, as the rows'
 * lease is. A row exists only while a claim is held, or until an expired one is taken over.
 */
export const ChatClaim = defineEntity({
  name: 'ChatClaim',
  tableName: 'notification_chat_claim',
  properties: {
    telegramAccountId: p.bigint('number').primary().autoincrement(false),
    claimedBy: p.uuid(),
    claimedUntil: p.datetime(),
  },
});
export type ChatClaim = InferEntity<typeof ChatClaim>;
