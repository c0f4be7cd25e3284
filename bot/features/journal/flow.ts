import type { Actor } from '../../../core/access/actor.js';
import type { Core } from '../../../core/core.js';
import type { BotContext } from '../../context.js';
import type { Undo } from './undo-action.js';

/** What every journal handler works with: the update, the core, and the staff actor the server established. */
export interface Flow {
  ctx: BotContext;
  core: Core;
  actor: Actor;
  /** The Telegram user, for their session rows. */
  userId: number;
  /**
   * What this update knows already, so that it is not read back from the database: the undo it remembered
   * (null: cleared; undefined: not known, read from the session), and whether the tap's change told the
   * lesson's news to the outbox (which rescheduled the lesson's waiting batches as entryGoesOn would).
   */
  known?: { undo?: Undo | null; lessonToldId?: number };
}
