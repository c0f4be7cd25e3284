import type { CurrentAdmin } from 'adminjs';
import type { Permission } from '../../core/access/permissions.js';
import { GRANTS } from '../../core/access/permissions.js';
import type { Role } from '../../core/access/roles.js';

/** What the panel remembers about the person in the session, to decide which buttons to show. */
interface SessionIdentity {
  roles?: Role[];
}

/**
 * Whether to show an action's button: by the roles remembered at login. The server decides again, from
 * the database, when the action runs (ScopedResource); this only spares people buttons that would fail.
 */
export const shownTo = (permission: Permission) => ({ currentAdmin }: { currentAdmin?: CurrentAdmin }) =>
  ((currentAdmin as SessionIdentity | undefined)?.roles ?? []).some((role) => GRANTS[role]?.[permission] !== undefined);
