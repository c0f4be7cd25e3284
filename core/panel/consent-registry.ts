import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { personForEdit } from '../invites/person-target.js';
import type { Consents } from '../privacy/consents.js';
import type { RecordService } from '../records/record-service.js';

export interface ConsentLine {
  status: string;
  date: string;
  note: string | null;
  recordedAt: Date;
}

export interface ConsentRegistry {
  current: ConsentLine | null;
  /** Newest first. */
  history: ConsentLine[];
}

/** A guardian's consent registry (G1), for those who may change that guardian (its class teacher, the administrator). */
export async function consentRegistry(em: EntityManager, records: RecordService, consents: Consents, guardianId: number, actor: Actor): Promise<ConsentRegistry> {
  await personForEdit(em, records, 'guardian', guardianId, actor);
  const history = (await consents.history(guardianId)).map((c) => ({ status: c.status, date: c.date, note: c.note ?? null, recordedAt: c.createdAt }));
  return { current: history[0] ?? null, history };
}
