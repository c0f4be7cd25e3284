import { ReferenceKind } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { Clock } from '../time/clock.js';
import { AuditEntry, type AuditAction } from './audit-entry.entity.js';

export type Snapshot = Record<string, unknown>;

export interface AuditInput {
  actor: Actor;
  action: AuditAction;
  /** The entity's name as the ORM knows it («Student»). */
  entity: string;
  entityId: number | string;
  /** Null for a deployment-level change. */
  schoolId: number | null | undefined;
  before?: Snapshot | null;
  after?: Snapshot | null;
  /** When it happened: now by default; the lines of one operation that must read as one (a movement) share it. */
  at?: Date;
  /** The report of leaked access whose rollback this line records. */
  compromiseReportId?: number;
}

/** An audit line's values (AuditEntry's properties, references by id); a type, so that writers of many lines pass them on as plain records. */
export type AuditRow = {
  at: Date;
  school: number | null;
  source: Actor['source'];
  actorKind: Actor['kind'];
  actorStaff: number | null;
  actorAccountId: number | null;
  action: AuditAction;
  entity: string;
  entityId: string;
  before: Snapshot | null;
  after: Snapshot | null;
  compromiseReport: number | null;
};

// Bookkeeping the audit row already says better (its own time) or that only adds noise.
const SKIPPED = new Set(['createdAt', 'updatedAt']);

/**
 * The audit log (B4). `record` only persists the entry in the caller's EntityManager: it is written by the
 * flush that writes the change, in the same transaction, and is rolled back or cleared with it.
 */
export class AuditLog {
  constructor(private readonly clock: Clock) {}

  record(em: EntityManager, input: AuditInput): AuditEntry {
    return em.create(AuditEntry, this.entry(input));
  }

  /** The line `record` writes, as plain column values (for `record`, and for a change that writes its lines with its own statement). */
  entry(input: AuditInput): AuditRow {
    const { actor } = input;
    return {
      // From the clock, not the database: the compromise report and the mark-change report compare it with the clock.
      at: input.at ?? this.clock.now(),
      school: input.schoolId ?? null,
      source: actor.source,
      actorKind: actor.kind,
      actorStaff: actor.staffId ?? null,
      actorAccountId: actor.accountId ?? null,
      action: input.action,
      entity: input.entity,
      entityId: String(input.entityId),
      before: input.before ?? null,
      after: input.after ?? null,
      compromiseReport: input.compromiseReportId ?? null,
    };
  }

  /**
   * A row as plain JSON: its scalar fields and the ids of what it references. Hidden properties (password
   * hashes), the version counter and the created/updated stamps are left out.
   */
  snapshot(em: EntityManager, entityName: string, row: object): Snapshot {
    const entity = row as Record<string, unknown>;
    const out: Snapshot = {};
    for (const prop of em.getMetadata().get(entityName).props) {
      if (prop.hidden || prop.version || SKIPPED.has(prop.name)) continue;
      const value = entity[prop.name];
      if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) {
        out[prop.name] = (value as { id?: unknown } | null | undefined)?.id ?? null;
      } else if (prop.kind === ReferenceKind.SCALAR && value !== undefined) {
        out[prop.name] = plain(value);
      }
    }
    return out;
  }
}

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

/** Whether two snapshots say the same (an update that changed nothing is not a change). */
export function sameSnapshot(a: Snapshot | null, b: Snapshot | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
