import fs from 'node:fs/promises';
import path from 'node:path';
import { systemActor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import { Staff } from '../../core/people/staff.entity.js';
import type { RecordKindName } from '../../core/records/record-kinds.js';
import { ormOf } from './test-core.js';

export const importer = systemActor('import');
export const SAMPLES = path.resolve(import.meta.dirname, '../../samples/import');

export const sample = (file: string) => fs.readFile(path.join(SAMPLES, file));

/** Creates a record through the record service, as the system acting for the import (it names the school). */
export async function createRecord(core: Core, kind: RecordKindName, input: Record<string, unknown>): Promise<number> {
  const row = (await core.unitOfWork(() => core.records.create(kind, input, importer))) as { id: number };
  return row.id;
}

export interface SchoolFixture {
  schoolId: number;
  yearId: number;
  groupId: number;
}

/** A new school with an academic year covering today (by the core's clock) and the class «8А» of the samples (and any further classes). */
export async function createSchool(core: Core, name: string, moreGroups: string[] = []): Promise<SchoolFixture> {
  const schoolId = await createRecord(core, 'School', { name, timeZone: 'Europe/Moscow' });
  const [year, month] = core.clock.today('Europe/Moscow').split('-').map(Number) as [number, number];
  const start = month >= 9 ? year : year - 1;
  const yearId = await createRecord(core, 'AcademicYear', {
    school: schoolId, name: `${start}/${start + 1}`, startDate: `${start}-09-01`, endDate: `${start + 1}-08-31`,
  });
  const groupId = await createRecord(core, 'Group', { school: schoolId, year: yearId, name: '8А', gradeLevel: 8 });
  for (const group of moreGroups) await createRecord(core, 'Group', { school: schoolId, year: yearId, name: group, gradeLevel: parseInt(group, 10) });
  return { schoolId, yearId, groupId };
}

/**
 * Teaching in a school whose staff came from the staff sample: the rooms «201» and «305», the subjects
 * Алгебра, Геометрия, Русский язык and Английский язык, and their assignments in 8А.
 */
export async function createTeaching(core: Core, { schoolId, yearId, groupId }: SchoolFixture): Promise<void> {
  const buildingId = await createRecord(core, 'Building', { school: schoolId, name: 'Главный корпус' });
  for (const room of ['201', '305']) await createRecord(core, 'Room', { school: schoolId, building: buildingId, name: room });
  const em = ormOf(core).em.fork();
  const teacher = async (lastName: string) => (await em.findOneOrFail(Staff, { school: schoolId, lastName })).id;
  const subjects = new Map<string, number>();
  for (const name of ['Алгебра', 'Геометрия', 'Русский язык', 'Английский язык']) subjects.set(name, await createRecord(core, 'Subject', { school: schoolId, name }));
  const assignments: [string, string][] = [
    ['Васильева', 'Алгебра'], ['Васильева', 'Геометрия'], ['Морозов', 'Русский язык'], ['Лебедева', 'Английский язык'],
  ];
  for (const [lastName, subjectName] of assignments) {
    await createRecord(core, 'TeachingAssignment', {
      school: schoolId, year: yearId, group: groupId, teacher: await teacher(lastName), subject: subjects.get(subjectName), plannedHours: 102,
    });
  }
}
