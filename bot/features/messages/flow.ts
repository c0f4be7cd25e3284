import type { Core } from '../../../core/core.js';
import type { Actor } from '../../../core/access/actor.js';
import type { BotContext } from '../../context.js';

/** What every messages handler works with: the update, the core, and who acts as the server established it. */
export interface MessagesFlow {
  ctx: BotContext;
  core: Core;
  /** The Telegram user, for its session rows. */
  userId: number;
  /** A guardian or a member of staff. */
  by: Actor;
}

/** The guardian or the member of staff the account acts as on this update; students have no messages. */
export function messagesFlow(ctx: BotContext, core: Core): MessagesFlow | undefined {
  const identity = ctx.identity;
  if (!identity || !ctx.from) return undefined;
  if (identity.actor.kind !== 'guardian' && identity.actor.kind !== 'staff') return undefined;
  return { ctx, core, userId: ctx.from.id, by: identity.actor };
}

export function guardianOf(flow: MessagesFlow): Actor | undefined {
  return flow.by.kind === 'guardian' ? flow.by : undefined;
}
