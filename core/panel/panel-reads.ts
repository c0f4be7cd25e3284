import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { namesPeople, peopleInRows } from '../audit/people-in-rows.js';
import type { ReadLog } from '../audit/read-log.js';
import { RECORD_KINDS, type RecordKindName } from '../records/record-kinds.js';

/** What the panel showed: one record opened (show, the edit form), or a list page. */
export interface PanelRead {
  kind: RecordKindName;
  action: 'record' | 'list';
  /** The rows shown, as the panel holds them (references as ids). */
  rows: readonly Record<string, unknown>[];
  /** The list page's number, or the record's id. */
  detail?: string;
}

/**
 * A panel page that showed people (G4): a person's record, a list of people or of rows that name them
 * (enrollments, links, classes with their teachers…) is one line of the reads log with how many people it
 * showed. Kinds that name nobody (subjects, rooms) are not logged. Reads nothing.
 */
export async function logPanelRead(em: EntityManager, reads: ReadLog, read: PanelRead, actor: Actor): Promise<void> {
  const meta = em.getMetadata().get(RECORD_KINDS[read.kind].entity.meta.className);
  if (!namesPeople(meta)) return;
  const [first] = read.rows;
  await reads.record(actor, {
    kind: read.action,
    resource: meta.className,
    recordId: read.action === 'record' && first ? String(first.id) : null,
    detail: read.detail ?? null,
    people: peopleInRows(meta, read.rows),
  });
}
