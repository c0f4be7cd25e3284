import type { Actor } from '../access/actor.js';
import { scopesOf } from '../access/policy.js';
import { AccessDenied } from '../base/errors.js';

/**
 * How much of a school's day an actor's summary covers, read from the one policy: the whole school for its
 * heads (summary.view school-wide), the classes of a class teacher (summary.view over its own groups), and
 * the lessons a teacher gives (journal.view over its own assignments). Families, digests and notifications
 * are the heads' and the class teacher's figures only: a teacher reads its lessons and their marks.
 */
export interface SummaryScope {
  schoolWide: boolean;
  /** The class teacher's classes (empty when school-wide or none). */
  groupIds: readonly number[];
  /** The teacher whose own lessons (and those it substitutes in) are counted as well. */
  teacherId: number | undefined;
  /** Whether the families' figures (guardians, digests, notifications) are the actor's to see. */
  families: boolean;
}

export function summaryScope(actor: Actor): SummaryScope {
  const summary = scopesOf(actor, 'summary.view');
  const journal = scopesOf(actor, 'journal.view');
  const schoolWide = summary.has('school');
  const groupIds = !schoolWide && summary.has('ownGroups') ? actor.classGroupIds : [];
  const teacherId = !schoolWide && journal.has('ownAssignments') && actor.kind === 'staff' ? actor.staffId : undefined;
  if (!schoolWide && groupIds.length === 0 && teacherId === undefined) throw new AccessDenied('summary.view');
  return { schoolWide, groupIds, teacherId, families: schoolWide || groupIds.length > 0 };
}

/** Whether a lesson of `groupId` taught by `teacherIds` (the assignment's teacher, its substitute) is in the scope. */
export function coversLesson(scope: SummaryScope, groupId: number, teacherIds: readonly (number | null)[]): boolean {
  return scope.schoolWide || scope.groupIds.includes(groupId) || (scope.teacherId !== undefined && teacherIds.includes(scope.teacherId));
}

/** The same condition in SQL over a lesson `l` and its assignment `ta`, with its bindings. */
export function lessonScopeSql(scope: SummaryScope): { sql: string; bindings: unknown[] } {
  if (scope.schoolWide) return { sql: 'true', bindings: [] };
  const parts: string[] = [];
  const bindings: unknown[] = [];
  if (scope.groupIds.length) {
    parts.push('ta.group_id in (?)');
    bindings.push([...scope.groupIds]);
  }
  if (scope.teacherId !== undefined) {
    parts.push('(ta.teacher_id = ? or l.substitute_teacher_id = ?)');
    bindings.push(scope.teacherId, scope.teacherId);
  }
  return { sql: `(${parts.join(' or ')})`, bindings };
}
