import { AccessDenied } from '../errors.js';
import type { Actor } from './actor.js';
import { GRANTS, type Permission, type Scope } from './permissions.js';

/** What an action touches: its school, and where it matters the groups and the teacher concerned. */
export interface Target {
  schoolId: number;
  groupIds?: readonly number[];
  teacherId?: number;
}

/** The scopes through which the actor holds `permission`, over all its roles (empty: it does not). */
export function scopesOf(actor: Actor, permission: Permission): Set<Scope> {
  const scopes = new Set<Scope>();
  for (const role of actor.roles) {
    const scope = GRANTS[role][permission];
    if (scope) scopes.add(scope);
  }
  return scopes;
}

function inSchool(actor: Actor, schoolId: number): boolean {
  return actor.kind !== 'staff' || actor.schoolId === schoolId;
}

/**
 * The one access decision for the bot, the panel, the CLI and jobs. Without a target it answers whether
 * the actor holds the permission anywhere (to show a list, which is then filtered by scope).
 */
export function can(actor: Actor, permission: Permission, target?: Target): boolean {
  const scopes = scopesOf(actor, permission);
  if (scopes.size === 0) return false;
  if (!target) return true;
  if (!inSchool(actor, target.schoolId)) return false;
  if (scopes.has('school')) return true;
  if (scopes.has('ownGroups') && target.groupIds?.some((g) => actor.classGroupIds.includes(g))) return true;
  return scopes.has('ownAssignments') && target.teacherId !== undefined && target.teacherId === actor.staffId;
}

export function requireAccess(actor: Actor, permission: Permission, target?: Target): void {
  if (!can(actor, permission, target)) throw new AccessDenied(permission);
}
