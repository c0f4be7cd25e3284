import type { PreparedStatement } from '../db/prepared-query.js';

/**
 * Statements an update's handler is known to run first (from the update alone, before its user is known),
 * sent in the round trip of the update's claim, after it (UpdateLedger.handleOnce), so that the handler
 * finds their rows instead of asking for them: one round trip less (issue 17: a journal tap's lock and sheet).
 * They must be reads (or locks) that are harmless for anyone to run: nothing the user may not see is shown
 * until the handler has checked the user's rights over the rows, as it would over rows it read itself.
 */
export interface ReadAhead {
  readonly statements: [PreparedStatement, unknown[]][];
  /** Each statement's rows, in order, once the claim has run with them (undefined: not run, or taken). */
  rows?: unknown[][];
}
