import type { EntityManager } from '@mikro-orm/postgresql';
import type { PersonKind } from '../telegram/invite.entity.js';
import { StudentGuardian } from '../people/guardian.entity.js';
import { listPeople, type PersonRole } from '../people/people-directory.js';
import { Staff } from '../people/staff.entity.js';
import { Student } from '../people/student.entity.js';
import { School } from '../school/school.entity.js';

/** Someone of a school the sandbox chat can act as: ФИО, role and class, nothing more. */
export interface SandboxPerson {
  kind: PersonKind;
  id: number;
  school: string;
  fullName: string;
  roles: PersonRole[];
  /** A student's class; a class teacher's class(es); a guardian's children's classes; else null. */
  group: string | null;
  /** Guardians: their children, by ФИО and class. */
  children?: { id: number; fullName: string; group: string | null }[];
}

/**
 * The people of every school who could sign in to the bot today (active staff, students still studying,
 * guardians of such students), for the sandbox's «who are you?» list. Only ФИО, roles and classes.
 */
export async function listSandboxPeople(em: EntityManager): Promise<SandboxPerson[]> {
  const people = await listPeople(em);
  const inactiveStaff = new Set((await em.find(Staff, { active: false }, { fields: ['id'] })).map((s) => s.id));
  const gone = new Set((await em.find(Student, { status: { $in: ['expelled', 'graduated'] } }, { fields: ['id'] })).map((s) => s.id));
  const schools = new Map((await em.find(School, {}, { fields: ['id', 'name'] })).map((s) => [s.id, s.name]));
  const links = await em.find(StudentGuardian, {}, { fields: ['guardian', 'student'] });
  const students = new Map(people.filter((p) => p.kind === 'student').map((p) => [p.id, p]));
  const childrenOf = new Map<number, number[]>();
  for (const l of links) childrenOf.set(l.guardian.id, [...(childrenOf.get(l.guardian.id) ?? []), l.student.id]);

  const out: SandboxPerson[] = [];
  for (const p of people) {
    if (p.kind === 'staff' && inactiveStaff.has(p.id)) continue;
    if (p.kind === 'student' && gone.has(p.id)) continue;
    const person: SandboxPerson = { kind: p.kind, id: p.id, school: schools.get(p.schoolId) ?? '', fullName: p.fullName, roles: p.roles, group: p.group };
    if (p.kind === 'guardian') {
      const children = (childrenOf.get(p.id) ?? []).filter((id) => !gone.has(id)).map((id) => students.get(id)).filter((s) => s !== undefined);
      if (!children.length) continue;
      person.children = children.map((c) => ({ id: c.id, fullName: c.fullName, group: c.group }));
    }
    out.push(person);
  }
  return out;
}
