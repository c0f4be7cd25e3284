import type { Actor } from '../access/actor.js';

/** A person a screen or a page names: which table and which row (null: nobody, a row that lost its person). */
export type PersonRef = readonly [kind: 'Student' | 'Guardian' | 'Staff', id: number | null | undefined];

/**
 * How many different people a read shows (G4), counted once each however often they appear. The reader's
 * own name is not someone else's personal data (a teacher's own lessons in the day summary, the author of an
 * announcement reading it): it is left out, so a screen naming only its reader is no read at all.
 */
export function countPeople(refs: Iterable<PersonRef>, reader?: Actor): number {
  const seen = new Set<string>();
  for (const [kind, id] of refs) {
    if (id === null || id === undefined) continue;
    if (kind === 'Staff' && reader?.staffId === id) continue;
    seen.add(`${kind}:${id}`);
  }
  return seen.size;
}
