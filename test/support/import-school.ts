import fs from 'node:fs/promises';
import path from 'node:path';
import { systemActor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import { Staff } from '../../core/people/staff.entity.js';
import type { RecordKindName } from '../../core/records/record-kinds.js';
import { Subject } from '../../core/school/subject.entity.js';
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

/** A new school with an academic year covering today (by the core's clock) and the class «9А» (and any further classes). */
export async function createSchool(core: Core, name: string, moreGroups: string[] = []): Promise<SchoolFixture> {
  const schoolId = await createRecord(core, 'School', { name, timeZone: 'Europe/Moscow' });
  const [year, month] = core.clock.today('Europe/Moscow').split('-').map(Number) as [number, number];
  const start = month >= 9 ? year : year - 1;
  const yearId = await createRecord(core, 'AcademicYear', {
    school: schoolId, name: `${start}/${start + 1}`, startDate: `${start}-09-01`, endDate: `${start + 1}-08-31`,
  });
  const groupId = await createRecord(core, 'Group', { school: schoolId, year: yearId, name: '9А', gradeLevel: 9 });
  for (const group of moreGroups) await createRecord(core, 'Group', { school: schoolId, year: yearId, name: group, gradeLevel: 9 });
  return { schoolId, yearId, groupId };
}

/**
 * What the panel adds before a timetable or plans can be imported (samples/import/README.md): the rooms
 * «201» and «305», and the assignments the sample lessons belong to (Алгебра, Геометрия, Русский язык and
 * Английский язык in 9А).
 */
export async function createTeaching(core: Core, { schoolId, yearId, groupId }: SchoolFixture): Promise<void> {
  const buildingId = await createRecord(core, 'Building', { school: schoolId, name: 'Главный корпус' });
  for (const room of ['201', '305']) await createRecord(core, 'Room', { school: schoolId, building: buildingId, name: room });
  const em = ormOf(core).em.fork();
  const teacher = async (lastName: string) => (await em.findOneOrFail(Staff, { school: schoolId, lastName })).id;
  const subject = async (name: string) => (await em.findOneOrFail(Subject, { school: schoolId, name })).id;
  const assignments: [string, string][] = [
    ['Васильева', 'Алгебра'], ['Васильева', 'Геометрия'], ['Морозов', 'Русский язык'], ['Лебедева', 'Английский язык'],
  ];
  for (const [lastName, subjectName] of assignments) {
    await createRecord(core, 'TeachingAssignment', {
      school: schoolId, year: yearId, group: groupId, teacher: await teacher(lastName), subject: await subject(subjectName), plannedHours: 102,
    });
  }
}
