import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { scopesOf } from '../access/policy.js';
import { groupsOf, OPEN, studentsOf } from '../access/relations.js';
import type { Ref, Row } from './row.js';

/**
 * How a row relates to the narrower grants: which groups it belongs to (class teacher), which teacher it
 * belongs to (teacher), and the list filter that shows a scoped actor only its own rows.
 */
export interface RowScope {
  groupsOf?(em: EntityManager, row: Row): Promise<number[]>;
  teacherOf?(em: EntityManager, row: Row): Promise<number | undefined>;
  /** A MikroORM filter for the rows within the actor's own groups or assignments. */
  filter(em: EntityManager, actor: Actor): Promise<Record<string, unknown>>;
  /**
   * A row tied to no group at all is within a group-scoped grant: a parent not yet linked to any child holds
   * no child's data, and the class teacher who adds a parent must be able to link it next.
   */
  unlinkedIsOwn?: true;
}

/** The students currently (open stretch) in any of the groups. */
const studentsIn = (em: EntityManager, groupIds: readonly number[]) => studentsOf(em, groupIds, OPEN);

async function groupsOfStudents(em: EntityManager, studentIds: readonly number[]): Promise<number[]> {
  return [...new Set([...(await groupsOf(em, studentIds, OPEN)).values()].flat())];
}

async function studentsOfGuardian(em: EntityManager, guardianId: number): Promise<number[]> {
  const rows = await em.execute<{ student_id: number }[]>('select student_id from student_guardian where guardian_id = ?', [guardianId]);
  return rows.map((r) => r.student_id);
}

/** The guardians of the students in the class teacher's groups, and those linked to no child yet. */
async function guardiansOf(em: EntityManager, actor: Actor): Promise<number[]> {
  const students = await studentsIn(em, actor.classGroupIds);
  const rows = await em.execute<{ id: number }[]>(
    `select g.id from guardian g where g.school_id = ? and (
       not exists (select 1 from student_guardian l where l.guardian_id = g.id)
       ${students.length ? 'or exists (select 1 from student_guardian l where l.guardian_id = g.id and l.student_id in (?))' : ''})`,
    students.length ? [actor.schoolId ?? 0, students] : [actor.schoolId ?? 0],
  );
  return rows.map((r) => r.id);
}

export const groupScope = {
  group: {
    groupsOf: async (_em, row) => [row.id],
    filter: async (_em, actor) => ({ id: { $in: actor.classGroupIds } }),
  },
  student: {
    groupsOf: (em, row) => groupsOfStudents(em, [row.id]),
    filter: async (em, actor) => ({ id: { $in: await studentsIn(em, actor.classGroupIds) } }),
  },
  guardian: {
    groupsOf: async (em, row) => groupsOfStudents(em, await studentsOfGuardian(em, row.id)),
    // A class teacher also sees parents linked to no child yet: the one just added, before it is linked.
    filter: async (em, actor) => ({ id: { $in: await guardiansOf(em, actor) } }),
    unlinkedIsOwn: true,
  },
  /** A line of the consent registry belongs where its guardian does. */
  consent: {
    groupsOf: async (em, row) => groupsOfStudents(em, await studentsOfGuardian(em, (row.guardian as Ref | undefined)?.id ?? 0)),
    filter: async (em, actor) => ({ guardian: { $in: await guardiansOf(em, actor) } }),
    unlinkedIsOwn: true,
  },
  studentGuardian: {
    groupsOf: (em, row) => groupsOfStudents(em, row.student ? [row.student.id] : []),
    filter: async (em, actor) => ({ student: { $in: await studentsIn(em, actor.classGroupIds) } }),
  },
  enrollment: {
    groupsOf: async (_em, row) => (row.group ? [row.group.id] : []),
    filter: async (_em, actor) => ({ group: { $in: actor.classGroupIds } }),
  },
  movement: {
    groupsOf: async (em, row) => (row.student ? groupsOfStudents(em, [row.student.id]) : row.group ? [row.group.id] : []),
    filter: async (em, actor) => ({
      $or: [{ student: { $in: await studentsIn(em, actor.classGroupIds) } }, { group: { $in: actor.classGroupIds } }],
    }),
  },
  subgroup: {
    groupsOf: async (_em, row) => (row.group ? [row.group.id] : []),
    filter: async (_em, actor) => ({ group: { $in: actor.classGroupIds } }),
  },
  subgroupMember: {
    groupsOf: async (em, row) => {
      const rows = await em.execute<{ group_id: number }[]>('select group_id from subgroup where id = ?', [row.subgroup?.id ?? 0]);
      return rows.map((r) => r.group_id);
    },
    filter: async (_em, actor) => ({ subgroup: { group: { $in: actor.classGroupIds } } }),
  },
} satisfies Record<string, RowScope>;

export const teacherScope = {
  assignment: {
    teacherOf: async (_em, row) => row.teacher?.id,
    filter: async (_em, actor) => ({ teacher: actor.staffId ?? 0 }),
  },
  planTopic: {
    teacherOf: async (em, row) => {
      const rows = await em.execute<{ teacher_id: number }[]>('select teacher_id from teaching_assignment where id = ?', [row.assignment?.id ?? 0]);
      return rows[0]?.teacher_id;
    },
    filter: async (_em, actor) => ({ assignment: { teacher: actor.staffId ?? 0 } }),
  },
} satisfies Record<string, RowScope>;

async function assignmentOf(em: EntityManager, row: Row): Promise<{ group_id: number; teacher_id: number } | undefined> {
  const rows = await em.execute<{ group_id: number; teacher_id: number }[]>('select group_id, teacher_id from teaching_assignment where id = ?', [row.assignment?.id ?? 0]);
  return rows[0];
}

/**
 * Rows of an assignment's journal (period marks, period locks): within a class teacher's groups and a
 * teacher's own assignments, whichever of the two the actor holds journal.view through.
 */
export const journalScope: RowScope = {
  groupsOf: async (em, row) => {
    const assignment = await assignmentOf(em, row);
    return assignment ? [assignment.group_id] : [];
  },
  teacherOf: async (em, row) => (await assignmentOf(em, row))?.teacher_id,
  filter: async (_em, actor) => {
    const scopes = scopesOf(actor, 'journal.view');
    const own: Record<string, unknown>[] = [];
    if (scopes.has('ownGroups')) own.push({ assignment: { group: { $in: actor.classGroupIds } } });
    if (scopes.has('ownAssignments')) own.push({ assignment: { teacher: actor.staffId ?? 0 } });
    return own.length ? { $or: own } : { id: 0 };
  },
};
