import type { EntityManager } from '@mikro-orm/postgresql';
import { fullName } from './display-name.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { Enrollment } from './enrollment.entity.js';
import { Group } from './group.entity.js';
import { Guardian, StudentGuardian } from './guardian.entity.js';
import { Staff, type StaffRole } from './staff.entity.js';
import { Student } from './student.entity.js';

export type PersonKind = 'staff' | 'student' | 'guardian';
export type PersonRole = StaffRole | 'class_teacher' | 'student' | 'guardian';

/** One person of a school as the directory lists them. */
export interface PersonEntry {
  id: number;
  schoolId: number;
  kind: PersonKind;
  fullName: string;
  roles: PersonRole[];
  /** A student's current group; a class teacher's group(s); a guardian's children's groups; else null. */
  group: string | null;
}

const ru = new Intl.Collator('ru', { numeric: true });
const joined = (names: Iterable<string>) => [...new Set(names)].sort(ru.compare).join(', ') || null;

/**
 * Staff, students and guardians of one school (or of all), with their roles and groups. A student's group
 * comes from the open enrollment; a class teacher's from the groups of the school's latest academic year.
 */
export async function listPeople(em: EntityManager, options: { schoolId?: number } = {}): Promise<PersonEntry[]> {
  const where = options.schoolId === undefined ? {} : { school: options.schoolId };
  // One query after another: an EntityManager (and a transaction) runs one statement at a time.
  const staff = await em.find(Staff, where);
  const students = await em.find(Student, where);
  const guardians = await em.find(Guardian, where);
  const links = await em.find(StudentGuardian, where);
  const enrollments = await em.find(Enrollment, { ...where, endDate: null }, { populate: ['group'] });
  const years = await em.find(AcademicYear, where, { orderBy: { startDate: 'desc' } });
  const latestYears = new Map<number, number>();
  for (const y of years) if (!latestYears.has(y.school.id)) latestYears.set(y.school.id, y.id);
  const groups = await em.find(Group, { year: { $in: [...latestYears.values()] } });

  const classOf = new Map<number, string[]>();
  for (const g of groups) if (g.classTeacher) classOf.set(g.classTeacher.id, [...(classOf.get(g.classTeacher.id) ?? []), g.name]);
  const groupOf = new Map<number, string[]>();
  for (const e of enrollments) groupOf.set(e.student.id, [...(groupOf.get(e.student.id) ?? []), e.group.name]);
  const childrenOf = new Map<number, number[]>();
  for (const l of links) childrenOf.set(l.guardian.id, [...(childrenOf.get(l.guardian.id) ?? []), l.student.id]);

  const byName = (a: PersonEntry, b: PersonEntry) => ru.compare(a.fullName, b.fullName);
  const staffRows = staff.map((s): PersonEntry => {
    const classes = classOf.get(s.id) ?? [];
    const roles: PersonRole[] = [...s.roles, ...(classes.length ? ['class_teacher' as const] : [])];
    return { id: s.id, schoolId: s.school.id, kind: 'staff', fullName: fullName(s), roles, group: joined(classes) };
  });
  const studentRows = students.map((s): PersonEntry => ({
    id: s.id, schoolId: s.school.id, kind: 'student', fullName: fullName(s), roles: ['student'], group: joined(groupOf.get(s.id) ?? []),
  }));
  const guardianRows = guardians.map((g): PersonEntry => ({
    id: g.id, schoolId: g.school.id, kind: 'guardian', fullName: fullName(g), roles: ['guardian'],
    group: joined((childrenOf.get(g.id) ?? []).flatMap((child) => groupOf.get(child) ?? [])),
  }));
  return [
    ...staffRows.sort(byName),
    ...studentRows.sort((a, b) => ru.compare(a.group ?? '', b.group ?? '') || byName(a, b)),
    ...guardianRows.sort(byName),
  ];
}

/** The directory as an aligned text table, for the command line. */
export function formatPeopleTable(people: readonly PersonEntry[]): string {
  const header = ['id', 'kind', 'fullName', 'roles', 'group'];
  const rows = people.map((p) => [String(p.id), p.kind, p.fullName, p.roles.join(','), p.group ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
