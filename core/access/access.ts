import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessDenied } from '../base/errors.js';
import type { Actor } from './actor.js';
import { can, scopesOf } from './policy.js';
import type { Permission } from './permissions.js';
import { childrenOf, currentStudents, groupsOf, relationSql, type On } from './relations.js';

/** Permissions decided per student: the child's own records. */
export type StudentPermission = Extract<Permission, 'diary.view' | 'statements.view' | 'messages.write' | 'digests.acknowledge'>;

/**
 * The one access decision over students, for every principal (after Immich's `utils/access.ts`): of `ids`,
 * the students the actor may reach through `permission` during `on` (default: `today` only matters to staff,
 * whose class teacher's reach follows the groups of that time). Staff through their grants over the
 * students' groups; a guardian through its own children (linked, still at school, consent in force); a
 * student through itself. Ids of another school, or of no one, are simply not allowed.
 */
export async function allowedStudents(em: EntityManager, actor: Actor, permission: StudentPermission, ids: readonly number[], on: On): Promise<Set<number>> {
  const allowed = new Set<number>();
  const scopes = scopesOf(actor, permission);
  if (ids.length === 0 || scopes.size === 0) return allowed;
  if (scopes.has('self') && actor.kind === 'student' && actor.personId !== undefined && actor.schoolId !== undefined) {
    if ((await currentStudents(em, actor.schoolId, [actor.personId])).has(actor.personId) && ids.includes(actor.personId)) allowed.add(actor.personId);
  }
  if (scopes.has('ownChildren') && actor.kind === 'guardian' && actor.personId !== undefined && actor.schoolId !== undefined) {
    for (const child of await childrenOf(em, actor.personId, actor.schoolId)) if (ids.includes(child)) allowed.add(child);
  }
  if (scopes.has('school') || scopes.has('ownGroups')) {
    const staffIds = ids.filter((id) => !allowed.has(id));
    const schools = await schoolsOfStudents(em, staffIds);
    const groups = scopes.has('school') ? new Map<number, number[]>() : await groupsOf(em, staffIds, on);
    for (const id of staffIds) {
      const schoolId = schools.get(id);
      if (schoolId !== undefined && can(actor, permission, { schoolId, groupIds: groups.get(id) ?? [] })) allowed.add(id);
    }
  }
  return allowed;
}

/** Throws AccessDenied unless the actor may reach every one of `ids` through `permission`. */
export async function requireStudents(em: EntityManager, actor: Actor, permission: StudentPermission, ids: readonly number[], on: On): Promise<void> {
  const allowed = await allowedStudents(em, actor, permission, ids, on);
  if (ids.some((id) => !allowed.has(id))) throw new AccessDenied(permission);
}

/** The SQL expressions `familyReachSql` compares: an alias of the student table and two bindings (`$1`…). */
export interface FamilyReachTerms {
  /** An alias of `student`: the student asked about. */
  student: string;
  /** The actor's school. */
  school: string;
  /** The actor's own record: the guardian's id, or the student's. */
  person: string;
}

/**
 * The family side of `allowedStudents` as an SQL condition, for a read asked so often that it checks the
 * rights in the statement that reads (the diary's marks screen): whether the actor reaches the student
 * through `permission` — as its guardian (linked, of the same school, consent in force, the child still at
 * school: `childrenOf`) or as that student itself. False for an actor with no family scope; undefined for one
 * that holds the permission through a staff scope, which `allowedStudents` decides. The caller binds
 * `terms.school` and `terms.person` to the actor's school and own id.
 */
export function familyReachSql(actor: Actor, permission: StudentPermission, terms: FamilyReachTerms): string | undefined {
  const scopes = scopesOf(actor, permission);
  if (scopes.has('school') || scopes.has('ownGroups') || scopes.has('ownAssignments')) return undefined;
  const { student, school, person } = terms;
  const reaches: string[] = [];
  if (scopes.has('ownChildren') && actor.kind === 'guardian') {
    reaches.push(`(exists (select 1 from student_guardian l_ join guardian g_ on g_.id = l_.guardian_id
      where l_.guardian_id = ${person} and l_.student_id = ${student}.id and g_.school_id = ${school}) and ${relationSql.consentInForce(person)})`);
  }
  if (scopes.has('self') && actor.kind === 'student') reaches.push(`${student}.id = ${person}`);
  if (reaches.length === 0) return 'false';
  return `(${student}.school_id = ${school} and ${relationSql.current(student)} and (${reaches.join(' or ')}))`;
}

async function schoolsOfStudents(em: EntityManager, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await em.execute<{ id: number; school_id: number }[]>('select id, school_id from student where id in (?)', [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id, r.school_id]));
}
