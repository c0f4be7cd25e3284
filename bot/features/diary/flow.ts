import type { Core } from '../../../core/core.js';
import type { Actor } from '../../../core/access/actor.js';
import type { BotIdentity } from '../../../core/telegram/bot-identity.js';
import type { BotContext } from '../../context.js';

/** What every diary handler works with: the update, the core, and the viewer the server established. */
export interface DiaryFlow {
  ctx: BotContext;
  core: Core;
  /** A student or a guardian. */
  viewer: Actor;
}

/** A student or a guardian reads diaries; staff do not (they have the journal). */
export function viewerOf(identity: BotIdentity | undefined): Actor | undefined {
  if (!identity || (identity.actor.kind !== 'student' && identity.actor.kind !== 'guardian')) return undefined;
  return identity.actor;
}

/** Whose diary a menu entry opens: the student's own, or the guardian's chosen child. */
export function defaultStudentOf(identity: BotIdentity): number | undefined {
  return identity.personKind === 'student' ? identity.personId : identity.activeChildId;
}
