import { ReferenceKind, type EntityMetadata } from '@mikro-orm/core';

/** The entities that are people: their rows, and the rows that point at them, are personal data (G4). */
export const PERSON_ENTITIES: ReadonlySet<string> = new Set(['Student', 'Guardian', 'Staff']);

/** The references of an entity to people (Enrollment.student, Group.classTeacher…). */
function personReferences(meta: EntityMetadata): string[] {
  return meta.props
    .filter((p) => (p.kind === ReferenceKind.MANY_TO_ONE || p.kind === ReferenceKind.ONE_TO_ONE) && PERSON_ENTITIES.has(p.type))
    .map((p) => p.name);
}

/** Whether a list of this entity names people: it is people, or points at them. */
export function namesPeople(meta: EntityMetadata): boolean {
  return PERSON_ENTITIES.has(meta.className) || personReferences(meta).length > 0;
}

/**
 * How many different people rows of an entity show: the rows themselves when they are people, and the
 * people their references point at (an id, or an object with one), counted once each. Reads nothing.
 */
export function peopleInRows(meta: EntityMetadata, rows: readonly Record<string, unknown>[]): number {
  const seen = new Set<string>();
  const refs = meta.props.filter((p) => personReferences(meta).includes(p.name));
  for (const row of rows) {
    if (PERSON_ENTITIES.has(meta.className)) seen.add(`${meta.className}:${String(row.id)}`);
    for (const prop of refs) {
      const value = row[prop.name];
      const id = value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : value;
      if (typeof id === 'number' || (typeof id === 'string' && id !== '')) seen.add(`${prop.type}:${id}`);
    }
  }
  return seen.size;
}
