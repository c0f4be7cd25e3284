import type { EntityManager } from '@mikro-orm/postgresql';
import { Group } from '../people/group.entity.js';
import { Staff } from '../people/staff.entity.js';
import { Subgroup } from '../people/subgroup.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { Room } from '../school/building.entity.js';
import { School } from '../school/school.entity.js';
import { Subject } from '../school/subject.entity.js';
import { NotFound } from '../base/errors.js';
import type { Clock } from '../time/clock.js';
import { normalizeName, personKey } from './values.js';

// Loaded once per import (one query each), so that a line costs no look-up queries of its own.

/** Today in the school's time zone. Throws NotFound for a school that does not exist. */
export async function schoolToday(em: EntityManager, clock: Clock, schoolId: number): Promise<string> {
  const school = await em.findOne(School, schoolId);
  if (!school) throw new NotFound('School');
  return clock.today(school);
}

export interface YearFacts {
  id: number;
  name: string;
  startDate: string;
  endDate: string;
}

/** The year that contains today; else the next one to start; else the last one. */
export async function currentYear(em: EntityManager, schoolId: number, today: string): Promise<YearFacts | undefined> {
  const years = await em.find(AcademicYear, { school: schoolId }, { orderBy: { startDate: 'asc' } });
  const year =
    years.find((y) => y.startDate <= today && today <= y.endDate) ?? years.find((y) => y.startDate > today) ?? years.at(-1);
  return year && { id: year.id, name: year.name, startDate: year.startDate, endDate: year.endDate };
}

/** Map from a normalized name to every id carrying it (two rooms «101» in two buildings are two ids). */
export type NameIndex = Map<string, number[]>;

function index<T>(rows: readonly T[], key: (row: T) => string, id: (row: T) => number): NameIndex {
  const map: NameIndex = new Map();
  for (const row of rows) {
    const k = key(row);
    map.set(k, [...(map.get(k) ?? []), id(row)]);
  }
  return map;
}

export async function groupsOfYear(em: EntityManager, schoolId: number, yearId: number): Promise<NameIndex> {
  return index(await em.find(Group, { school: schoolId, year: yearId }), (g) => normalizeName(g.name), (g) => g.id);
}

/** Subgroups by «groupId|name». */
export async function subgroupsOfSchool(em: EntityManager, schoolId: number): Promise<NameIndex> {
  return index(await em.find(Subgroup, { school: schoolId }), (s) => `${s.group.id}|${normalizeName(s.name)}`, (s) => s.id);
}

export async function subjectsOfSchool(em: EntityManager, schoolId: number): Promise<NameIndex> {
  return index(await em.find(Subject, { school: schoolId }), (s) => normalizeName(s.name), (s) => s.id);
}

/** Staff by full ФИО. */
export async function staffOfSchool(em: EntityManager, schoolId: number): Promise<NameIndex> {
  return index(await em.find(Staff, { school: schoolId }), (s) => personKey(s.lastName, s.firstName, s.middleName), (s) => s.id);
}

export async function roomsOfSchool(em: EntityManager, schoolId: number): Promise<NameIndex> {
  return index(await em.find(Room, { school: schoolId }), (r) => normalizeName(r.name), (r) => r.id);
}

export const assignmentKey = (groupId: number, subjectId: number, teacherId: number, subgroupId: number | null) =>
  `${groupId}|${subjectId}|${teacherId}|${subgroupId ?? ''}`;

/** The year's teaching assignments by group, subject, teacher and subgroup. */
export async function assignmentsOfYear(em: EntityManager, schoolId: number, yearId: number): Promise<NameIndex> {
  const rows = await em.find(TeachingAssignment, { school: schoolId, year: yearId });
  return index(rows, (a) => assignmentKey(a.group.id, a.subject.id, a.teacher.id, a.subgroup?.id ?? null), (a) => a.id);
}

/** Every school's id (the command line picks the only one when there is exactly one). */
export async function schoolIds(em: EntityManager): Promise<number[]> {
  return (await em.find(School, {}, { fields: ['id'], orderBy: { id: 'asc' } })).map((s) => s.id);
}
