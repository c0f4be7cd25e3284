import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { Clock } from '../time/clock.js';
import { PersonalDataRead, type ReadKind } from './personal-data-read.entity.js';

export interface ReadInput {
  kind: ReadKind;
  resource: string;
  /** The school whose people were read; by default the actor's. */
  schoolId?: number | null;
  recordId?: number | string | null;
  detail?: string | null;
  /** How many people were shown (a list: its length, a record: 1). */
  people: number;
}

/**
 * The log of reads of personal data (G4). `record` writes one line with one INSERT of its own (not in the
 * caller's unit of work: a read has no transaction, and a line must stay even if the caller fails later)
 * and reads nothing. Reads by a family of its own data and by scheduled jobs are not logged: the first are
 * the person itself, the second nobody's reading. A read that shows nobody is not logged either.
 */
export class ReadLog {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor, read: ReadInput): Promise<void> {
    if (!logged(actor) || read.people <= 0) return;
    await this.em().insert(PersonalDataRead, {
      at: this.clock.now(),
      school: read.schoolId === undefined ? (actor.schoolId ?? null) : read.schoolId,
      channel: actor.source,
      address: actor.address?.slice(0, 64) ?? null,
      actorKind: actor.kind,
      actorStaff: actor.staffId ?? null,
      actorAccountId: actor.accountId ?? null,
      kind: read.kind,
      resource: read.resource,
      recordId: read.recordId === undefined || read.recordId === null ? null : String(read.recordId),
      detail: read.detail?.slice(0, 255) ?? null,
      people: read.people,
    });
  }
}

/** Whose reads are logged: staff, the deployment's administrator and the console; not families, not jobs. */
export function logged(actor: Actor): boolean {
  return actor.kind !== 'guardian' && actor.kind !== 'student' && actor.source !== 'job';
}
