import type { Core } from '../../../core/core.js';
import { asGuardian, asStaff, type GuardianRef, type Participant } from '../../../core/messages/participants.js';
import type { BotContext } from '../../context.js';

/** What every messages handler works with: the update, the core, and who acts as the server established it. */
export interface MessagesFlow {
  ctx: BotContext;
  core: Core;
  /** The Telegram user, for its session rows. */
  userId: number;
  by: Participant;
}

/** The guardian or the member of staff the account acts as on this update; students have no messages. */
export function messagesFlow(ctx: BotContext, core: Core): MessagesFlow | undefined {
  const identity = ctx.identity;
  if (!identity || !ctx.from) return undefined;
  if (identity.personKind === 'guardian') {
    return { ctx, core, userId: ctx.from.id, by: asGuardian({ guardianId: identity.personId, schoolId: identity.schoolId }) };
  }
  if (identity.actor?.kind === 'staff') return { ctx, core, userId: ctx.from.id, by: asStaff(identity.actor) };
  return undefined;
}

export function guardianOf(flow: MessagesFlow): GuardianRef | undefined {
  return flow.by.kind === 'guardian' ? flow.by.guardian : undefined;
}
