import type { EntityManager } from '@mikro-orm/postgresql';
import type { Snapshot } from './audit-log.js';

/**
 * The inverse of AuditLog.snapshot: an audit snapshot's fields as entity data again (references stay ids,
 * which the ORM takes for references; instants become Dates), for `em.create` or `em.assign`. The id and the
 * version are never taken; `fields` limits the rest ('all': every field the snapshot has).
 */
export function snapshotData(em: EntityManager, entityName: string, snapshot: Snapshot, fields: readonly string[] | 'all'): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const prop of em.getMetadata().get(entityName).props) {
    if (prop.primary || prop.version || !Object.hasOwn(snapshot, prop.name)) continue;
    if (fields !== 'all' && !fields.includes(prop.name)) continue;
    const value = snapshot[prop.name];
    data[prop.name] = typeof value === 'string' && prop.runtimeType === 'Date' ? new Date(value) : value;
  }
  return data;
}
