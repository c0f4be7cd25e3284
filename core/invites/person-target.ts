import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { Permission } from '../access/permissions.js';
import { requireAccess, scopesOf, type Target } from '../access/policy.js';
import type { RecordService } from '../records/record-service.js';
import { RECORD_KINDS, type RecordKind } from '../records/record-kinds.js';
import type { Row } from '../records/row.js';
import type { PersonKind } from '../telegram/invite.entity.js';

export const PERSON_RECORD_KINDS = { staff: 'Staff', student: 'Student', guardian: 'Guardian' } as const;

/** Who may change a person: staff are the administrator's, students and guardians also their class teacher's. */
export const PERSON_EDIT: Record<PersonKind, Permission> = { staff: 'staff.edit', student: 'students.edit', guardian: 'students.edit' };

/**
 * The person's row as the actor may see it (NotFound for another school, AccessDenied outside its scope),
 * after checking that the actor may also change that person (`permission`, on the person's groups).
 */
export async function personForEdit(
  em: EntityManager,
  records: RecordService,
  kind: PersonKind,
  id: number,
  actor: Actor,
  permission: Permission = PERSON_EDIT[kind],
): Promise<Row> {
  const name = PERSON_RECORD_KINDS[kind];
  const row = await records.get(name, id, actor);
  const target: Target = { schoolId: row.school!.id };
  const scope = (RECORD_KINDS[name] as RecordKind).scope;
  if (!scopesOf(actor, permission).has('school') && scope?.groupsOf) {
    target.groupIds = await scope.groupsOf(em, row);
    // A parent linked to no child yet is within the class teacher's reach (see row-scopes.ts).
    if (scope.unlinkedIsOwn && target.groupIds.length === 0) target.groupIds = actor.classGroupIds;
  }
  requireAccess(actor, permission, target);
  return row;
}
