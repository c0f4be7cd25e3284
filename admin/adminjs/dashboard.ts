import type { CurrentAdmin } from 'adminjs';
import type { Core } from '../../core/core.js';
import { actorOf } from './request-actor.js';

/**
 * What the panel's home page shows (core.panel.home): the school's name and how many of each thing the
 * person may see, counted through the same scopes as the lists.
 */
export function dashboardHandler(core: Core) {
  return async (_request: unknown, _response: unknown, context: { currentAdmin?: CurrentAdmin }) => {
    let actor;
    try {
      actor = actorOf(context);
    } catch {
      return { counts: {} };
    }
    return core.panel.home(actor);
  };
}
