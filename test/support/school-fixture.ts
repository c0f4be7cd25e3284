import { systemActor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import type { StaffRole } from '../../core/people/staff.entity.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { hashPassword } from '../../core/accounts/passwords.js';
import { ormOf } from './test-core.js';

export const PANEL_PASSWORD = 'panel-test-password';

/**
 * A small school made through the record service, as the panel would make it: a year, two classes with
 * students, staff in every panel role, and a panel login for each of them (password PANEL_PASSWORD).
 */
export async function createSchoolFixture(core: Core, name = 'Школа № 1') {
  const actor = systemActor('panel');
  return core.unitOfWork(async () => {
    const create = (kind: Parameters<typeof core.records.create>[0], input: Record<string, unknown>) =>
      core.records.create(kind, { ...input, school: input.school ?? school.id }, actor) as Promise<{ id: number }>;
    const school = (await core.records.create('School', { name }, actor)) as { id: number };
    const year = await create('AcademicYear', { name: '2026/2027', startDate: '2026-09-01', endDate: '2027-05-31' });
    const staff = async (lastName: string, roles: StaffRole[]) =>
      create('Staff', { lastName, firstName: 'Мария', middleName: 'Ивановна', roles });
    const people = {
      administrator: await staff('Админова', ['administrator']),
      director: await staff('Директорова', ['director']),
      deputy: await staff('Завучева', ['deputy', 'teacher']),
      inspector: await staff('Инспекторова', ['inspector']),
      classTeacherA: await staff('Классная', ['teacher']),
      classTeacherB: await staff('Другая', ['teacher']),
      teacher: await staff('Учителева', ['teacher']),
    };
    const groupA = await create('Group', { year: year.id, name: '7А', gradeLevel: 7, classTeacher: people.classTeacherA.id });
    const groupB = await create('Group', { year: year.id, name: '7Б', gradeLevel: 7, classTeacher: people.classTeacherB.id });
    const student = async (lastName: string, group: { id: number }) => {
      const s = await create('Student', { lastName, firstName: 'Пётр', birthDate: '2013-04-05', sex: 'm' });
      await create('Enrollment', { student: s.id, group: group.id, startDate: '2026-09-01', startReason: 'admission' });
      return s;
    };
    const studentA = await student('Алексеев', groupA);
    const studentB = await student('Борисов', groupB);
    const guardianA = await create('Guardian', { lastName: 'Алексеева', firstName: 'Анна', phone: '+7 900 000-00-01' });
    await create('StudentGuardian', { student: studentA.id, guardian: guardianA.id, relation: 'mother' });
    const subject = await create('Subject', { name: 'Математика' });
    const assignment = await create('TeachingAssignment', { year: year.id, teacher: people.teacher.id, subject: subject.id, group: groupA.id, plannedHours: 170 });

    const em = ormOf(core).em;
    const passwordHash = await hashPassword(PANEL_PASSWORD);
    const logins: Record<keyof typeof people, string> = {} as never;
    for (const [role, person] of Object.entries(people) as [keyof typeof people, { id: number }][]) {
      const email = `${role.toLowerCase()}.${school.id}@school.example`;
      em.create(AdminAccount, { email, passwordHash, staff: person.id });
      logins[role] = email;
    }
    await em.flush();
    return { school, year, people, groupA, groupB, studentA, studentB, guardianA, subject, assignment, logins };
  });
}
