import type { EntityManager } from '@mikro-orm/postgresql';
import { actsEverywhere, type Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import { ValidationFailed, problem } from '../base/errors.js';
import { School } from '../school/school.entity.js';

export interface ImportSchoolChoice {
  id: number;
  name: string;
}

/**
 * The schools the actor may import into: every school for the deployment administrator and the system,
 * its own school for a school's staff (none when that school is gone).
 */
export async function importSchools(em: EntityManager, actor: Actor): Promise<ImportSchoolChoice[]> {
  requireAccess(actor, 'data.import');
  const where = actsEverywhere(actor) ? {} : { id: actor.schoolId ?? 0 };
  const schools = await em.find(School, where, { orderBy: { name: 'asc', id: 'asc' } });
  return schools.map((s) => ({ id: s.id, name: s.name }));
}

/**
 * The school an import goes into: the one requested, if the actor may import there; without a request,
 * the only school the actor may import into. Anything else is refused before a line of the file is read,
 * so nothing is written: a school's staff naming another school (a forged id, another school's head), a
 * school that is no more, or no choice where there are several.
 */
export async function importSchool(em: EntityManager, actor: Actor, requested: number | undefined): Promise<number> {
  const schools = await importSchools(em, actor);
  if (requested === undefined) {
    if (schools.length === 1) return schools[0]!.id;
    throw new ValidationFailed([problem(schools.length ? 'import.schoolRequired' : 'import.noSchool', 'school')]);
  }
  if (schools.some((s) => s.id === requested)) return requested;
  // Staff are not told whether the other school exists.
  throw new ValidationFailed([problem(actsEverywhere(actor) ? 'import.schoolNotFound' : 'import.otherSchool', 'school')]);
}
