import type { Actor } from '../../../core/access/actor.js';
import type { Core } from '../../../core/core.js';
import type { BotContext } from '../../context.js';

/** What every journal handler works with: the update, the core, and the staff actor the server established. */
export interface Flow {
  ctx: BotContext;
  core: Core;
  actor: Actor;
  /** The Telegram user, for their session rows. */
  userId: number;
}
