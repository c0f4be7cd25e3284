import type { EntityManager } from '@mikro-orm/postgresql';
import { actsEverywhere, type Actor } from './actor.js';
import { can } from './policy.js';

/**
 * How far a reader reaches into one journal (a teaching assignment's pages): `full`, every lesson with the
 * period marks; `substituted`, only the lessons it gave as a substitute (C6) — what `readableLesson` already
 * lets a substitute read, lesson by lesson, and nothing more.
 */
export type JournalReach = 'full' | 'substituted';

/** An assignment as the decision needs it. */
interface AssignmentRow {
  id: number;
  school_id: number;
  group_id: number;
  teacher_id: number;
}

/**
 * The journal pages the actor may read (SPEC's role table through the one policy's `journal.view`): the
 * director, the deputy, the inspector and the administrator every class of their school; a class teacher
 * every subject of its classes; a teacher its own assignments, and the lessons it substituted in others'.
 * Of `assignmentIds` (or, without them, of every assignment the actor could reach), the ids allowed and how.
 * Ids of another school, of nothing, or of a deleted assignment are simply absent.
 */
export async function readableJournals(em: EntityManager, actor: Actor, assignmentIds?: readonly number[]): Promise<Map<number, JournalReach>> {
  const reach = new Map<number, JournalReach>();
  if (assignmentIds?.length === 0) return reach;
  if (!actsEverywhere(actor) && actor.schoolId === undefined) return reach;
  const where: string[] = [];
  const bindings: unknown[] = [];
  if (assignmentIds) {
    where.push('a.id in (?)');
    bindings.push([...new Set(assignmentIds)]);
  }
  if (!actsEverywhere(actor)) {
    where.push('a.school_id = ?');
    bindings.push(actor.schoolId);
  }
  const rows = await em.execute<AssignmentRow[]>(
    `select a.id, a.school_id, a.group_id, a.teacher_id from teaching_assignment a ${where.length ? `where ${where.join(' and ')}` : ''} order by a.id`,
    bindings,
  );
  for (const a of rows) {
    if (can(actor, 'journal.view', { schoolId: a.school_id, groupIds: [a.group_id], teacherId: a.teacher_id })) reach.set(a.id, 'full');
  }
  const others = rows.filter((a) => !reach.has(a.id)).map((a) => a.id);
  if (others.length && actor.kind === 'staff' && actor.staffId !== undefined) {
    const substituted = await em.execute<{ assignment_id: number }[]>(
      'select distinct l.assignment_id from lesson l where l.assignment_id in (?) and l.substitute_teacher_id = ?',
      [others, actor.staffId],
    );
    for (const s of substituted) reach.set(s.assignment_id, 'substituted');
  }
  return reach;
}
