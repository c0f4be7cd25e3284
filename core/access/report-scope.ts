import { actsEverywhere, type Actor } from './actor.js';
import { scopesOf } from './policy.js';

/**
 * How far the actor's reports reach (E1–E9), from the one grant `reports.view`: the whole school (the
 * director, the deputy, the inspector, the administrator), or the classes it is class teacher of and the
 * teaching assignments it teaches. `schoolId` undefined: any school (the deployment administrator, the CLI).
 * Whether one assignment is within reach is the policy's own `can(actor, 'reports.view', target)`.
 */
export interface ReportScope {
  schoolId: number | undefined;
  wholeSchool: boolean;
  groupIds: readonly number[];
  teacherId: number | undefined;
}

/** The actor's reach over reports; undefined when it may make none. */
export function reportScope(actor: Actor): ReportScope | undefined {
  const scopes = scopesOf(actor, 'reports.view');
  if (scopes.size === 0) return undefined;
  const schoolId = actsEverywhere(actor) ? undefined : actor.schoolId;
  if (!actsEverywhere(actor) && schoolId === undefined) return undefined;
  if (scopes.has('school')) return { schoolId, wholeSchool: true, groupIds: [], teacherId: undefined };
  const groupIds = scopes.has('ownGroups') ? actor.classGroupIds : [];
  const teacherId = scopes.has('ownAssignments') ? actor.staffId : undefined;
  if (groupIds.length === 0 && teacherId === undefined) return undefined;
  return { schoolId, wholeSchool: false, groupIds, teacherId };
}
