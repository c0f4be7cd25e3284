import { systemActor } from '../../core/access/actor.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { hashPassword } from '../../core/accounts/passwords.js';
import type { Core } from '../../core/core.js';
import { PANEL_PASSWORD } from '../support/school-fixture.js';
import { ormOf } from '../support/test-core.js';

/**
 * A school whose own data is written in Latin letters (names, classes, subjects), so that any Cyrillic on
 * its English panel is the panel's own words: an administrator (a panel login, PANEL_PASSWORD), a class
 * with a student and a parent, a subject and a teacher's assignment, a timetable lesson and a work type.
 */
export async function createLatinSchool(core: Core): Promise<{ administrator: string }> {
  const actor = systemActor('panel');
  return core.unitOfWork(async () => {
    const school = (await core.records.create('School', { name: 'Riverside School' }, actor)) as { id: number };
    const create = (kind: Parameters<typeof core.records.create>[0], input: Record<string, unknown>) =>
      core.records.create(kind, { ...input, school: school.id }, actor) as Promise<{ id: number }>;
    const year = await create('AcademicYear', { name: '2026/2027', startDate: '2026-09-01', endDate: '2027-05-31' });
    await create('Period', { name: 'Term 1', type: 'quarter', number: 1, year: year.id, startDate: '2026-09-01', endDate: '2026-10-31' });
    const admin = await create('Staff', { lastName: 'Adams', firstName: 'Anna', roles: ['administrator'] });
    const teacher = await create('Staff', { lastName: 'Brown', firstName: 'Bella', roles: ['teacher'] });
    const group = await create('Group', { year: year.id, name: '7A', gradeLevel: 7, classTeacher: teacher.id });
    const student = await create('Student', { lastName: 'Smith', firstName: 'Peter', birthDate: '2013-04-05', sex: 'm' });
    await create('Enrollment', { student: student.id, group: group.id, startDate: '2026-09-01', startReason: 'admission' });
    const guardian = await create('Guardian', { lastName: 'Smith', firstName: 'Jane', phone: '+7 900 000-00-09' });
    await create('StudentGuardian', { student: student.id, guardian: guardian.id, relation: 'mother' });
    const subject = await create('Subject', { name: 'Mathematics' });
    const assignment = await create('TeachingAssignment', { year: year.id, teacher: teacher.id, subject: subject.id, group: group.id, plannedHours: 170 });
    await create('TimetableSlot', { assignment: assignment.id, group: group.id, weekday: 1, lessonNumber: 1, validFrom: '2026-09-01' });
    await create('WorkType', { name: 'Test', weight: 2 });
    const email = `adams.${school.id}@riverside.example`;
    const em = ormOf(core).em;
    em.create(AdminAccount, { email, passwordHash: await hashPassword(PANEL_PASSWORD), staff: admin.id });
    await em.flush();
    return { administrator: email };
  });
}
