import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import type { Snapshot } from '../audit/audit-log.js';
import { isJournalUndoKind } from '../journal/journal-undo.js';
import { isRecordKind, RECORD_KINDS, type RecordKind } from '../records/record-kinds.js';

/**
 * Why an operation made through leaked access is not undone: `history` (a student movement, a consent, a
 * record kept as history or a row no service undoes: a correcting entry is made instead), `superseded` (the
 * same row was changed afterwards by someone else, or by the person after the report: that later change
 * stands), `periodLocked` (its period is closed by period marks: the administrator unlocks it first).
 */
export type KeptReason = 'history' | 'superseded' | 'periodLocked';

export interface KeptOperation {
  operation: AuditEntry;
  reason: KeptReason;
}

/** One row changed through the leaked access, with its operations, newest first. */
export interface RolledBackRow {
  key: string;
  entity: string;
  ops: AuditEntry[];
  /** The fields its operations changed; 'all' when one of them created or deleted it. */
  fields: readonly string[] | 'all';
}

export interface RollbackPlan {
  /** In the order to undo them: newest first, lessons the leak opened last (their entries go first). */
  rows: RolledBackRow[];
  kept: KeptOperation[];
}

// Rows of these kinds are history written by their own flow (a movement, a consent): never undone in
// place; the administrator enters a correcting movement or consent. The rows a movement changed in the
// same transaction (its enrollments) are kept with it.
const HISTORY = new Set(['StudentMovement', 'Consent']);

/**
 * Which of a report's operations (newest first) to undo, row by row, and which to keep and why. A row's
 * operations are undone together, back to the row as it was before the first of them; a row changed
 * afterwards by anyone but the leaked access, in a field the leak changed, is kept as it is now.
 */
export async function planRollback(em: EntityManager, reportId: number, schoolId: number, operations: AuditEntry[]): Promise<RollbackPlan> {
  const kept: KeptOperation[] = [];
  const movementTimes = new Set(operations.filter((o) => o.action === 'movement').map((o) => o.at.getTime()));
  const rows = new Map<string, RolledBackRow>();
  for (const op of operations) {
    if (HISTORY.has(op.entity) || op.action === 'movement' || movementTimes.has(op.at.getTime()) || !undoable(op.entity)) {
      kept.push({ operation: op, reason: 'history' });
      continue;
    }
    const key = rowKey(op);
    const row = rows.get(key) ?? { key, entity: op.entity, ops: [], fields: [] };
    row.ops.push(op);
    row.fields = union(row.fields, changedFields(op));
    rows.set(key, row);
  }
  const superseded = await supersededRows(em, reportId, schoolId, rows);
  const planned: RolledBackRow[] = [];
  for (const row of rows.values()) {
    if (superseded.has(row.key)) kept.push(...row.ops.map((operation) => ({ operation, reason: 'superseded' as const })));
    else planned.push(row);
  }
  const opened = (row: RolledBackRow) => row.entity === 'Lesson' && row.ops.at(-1)!.action === 'create';
  return { rows: [...planned.filter((r) => !opened(r)), ...planned.filter(opened)], kept };
}

function undoable(entity: string): boolean {
  if (isJournalUndoKind(entity)) return true;
  return isRecordKind(entity) && !(RECORD_KINDS[entity] as RecordKind).permanent;
}

/**
 * What a line of the audit log is about. Attendance and homework are one per lesson and student (or the
 * group's): cleared and entered again they are a new row with a new id, but the same thing.
 */
function rowKey(entry: Pick<AuditEntry, 'entity' | 'entityId' | 'before' | 'after'>): string {
  if (entry.entity === 'Attendance' || entry.entity === 'Homework') {
    const row = (entry.after ?? entry.before ?? {}) as { lesson?: number; student?: number | null };
    return `${entry.entity}:${row.lesson}:${row.student ?? ''}`;
  }
  return `${entry.entity}:${entry.entityId}`;
}

function changedFields(entry: Pick<AuditEntry, 'action' | 'before' | 'after'>): readonly string[] | 'all' {
  if (!entry.before || !entry.after) return 'all';
  const { before, after } = entry as { before: Snapshot; after: Snapshot };
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

function union(a: readonly string[] | 'all', b: readonly string[] | 'all'): readonly string[] | 'all' {
  return a === 'all' || b === 'all' ? 'all' : [...new Set([...a, ...b])];
}

function overlap(a: readonly string[] | 'all', b: readonly string[] | 'all'): boolean {
  if (a === 'all') return b === 'all' || b.length > 0;
  if (b === 'all') return a.length > 0;
  return a.some((f) => b.includes(f));
}

/**
 * The rows changed again after the leak's first operation on them by an operation that is not the leak's:
 * someone else's, the person's own after the report, an earlier rollback's. One query over the rows' ids
 * and, for attendance and homework, their lessons; this rollback's own lines are not counted.
 */
async function supersededRows(em: EntityManager, reportId: number, schoolId: number, rows: Map<string, RolledBackRow>): Promise<Set<string>> {
  const superseded = new Set<string>();
  if (rows.size === 0) return superseded;
  const ops = [...rows.values()].flatMap((r) => r.ops);
  const byLesson = [...rows.values()].filter((r) => r.entity === 'Attendance' || r.entity === 'Homework');
  const lessonIds = [...new Set(byLesson.map((r) => r.key.split(':')[1]!))];
  const later = await em.createQueryBuilder(AuditEntry, 'e')
    .where({
      school: schoolId,
      id: { $gt: Math.min(...ops.map((o) => Number(o.id))), $nin: ops.map((o) => o.id) },
      $and: [
        { $or: [{ compromiseReport: null }, { compromiseReport: { $ne: reportId } }] },
        {
          $or: [
            { entity: { $in: [...new Set(ops.map((o) => o.entity))] }, entityId: { $in: [...new Set(ops.map((o) => o.entityId))] } },
            ...(lessonIds.length ? [{ entity: { $in: ['Attendance', 'Homework'] }, $or: [{ after: { lesson: { $in: lessonIds.map(Number) } } }, { before: { lesson: { $in: lessonIds.map(Number) } } }] }] : []),
          ],
        },
      ],
    })
    .getResultList();
  for (const entry of later) {
    const row = rows.get(rowKey(entry));
    if (!row || Number(entry.id) <= Number(row.ops.at(-1)!.id)) continue;
    if (overlap(changedFields(entry), row.fields)) superseded.add(row.key);
  }
  return superseded;
}
