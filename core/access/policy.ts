import { AccessDenied } from '../base/errors.js';
import { actsEverywhere, type Actor } from './actor.js';
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

export function inSchool(actor: Actor, schoolId: number): boolean {
  return actsEverywhere(actor) || actor.schoolId === schoolId;
}

/**
 * The staff side of the one access decision, for the bot, the panel, the CLI and jobs, over a target
 * described by its school, groups and teacher. Without a target it answers whether the actor holds the
 * permission anywhere (to show a list, which is then filtered by scope). A family's grants (its own
 * children, itself) depend on who is whose: `checkAccess` in access.ts decides those, by id.
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

/**
 * Whether the actor teaches a lesson of `teacherIds` (the assignment's teacher and its substitute): a member
 * of staff of the lesson's school holding `journal.edit` through its own assignments. Stricter than the
 * grant: the administrator holds every permission school-wide, but SPEC's role table says it must not enter
 * or change marks as a teacher.
 */
export function teachesLesson(actor: Actor, lesson: { schoolId: number; teacherIds: readonly number[] }): boolean {
  return isTeacher(actor) && actor.schoolId === lesson.schoolId && lesson.teacherIds.includes(actor.staffId!);
}

/** A member of staff who teaches: holds `journal.edit` through its own assignments (the teacher role). */
export function isTeacher(actor: Actor): boolean {
  return actor.kind === 'staff' && actor.staffId !== undefined && scopesOf(actor, 'journal.edit').has('ownAssignments');
}

export function requireTeacher(actor: Actor): void {
  if (!isTeacher(actor)) throw new AccessDenied('journal.edit');
}

export function requireTeachesLesson(actor: Actor, lesson: { schoolId: number; teacherIds: readonly number[] }): void {
  if (!teachesLesson(actor, lesson)) throw new AccessDenied('journal.edit');
}
