import { systemActor, type Actor } from '../../../core/access/actor.js';
import { staffActorFor } from '../../../core/people/staff-actor.js';
import type { Core } from '../../../core/core.js';
import { Consent } from '../../../core/privacy/consent.entity.js';
import { addDays } from '../../../core/time/local-date.js';
import { ormOf } from '../../support/test-core.js';

const TIME_ZONE = 'Europe/Moscow';

/**
 * A small school for a fault scenario. The product's processes read the real clock (no fixed clock can reach
 * them), so the year runs around today, whatever day the suite runs on, and no quiet hours hold its
 * notifications whatever the hour: one class of `students` with a
 * guardian each (consent given), a teacher of one subject in it, a work type; `today` is the school's date.
 */
export async function createSchoolAroundToday(core: Core, options: { students?: number } = {}) {
  const sys = systemActor('cli');
  const today = core.clock.today(TIME_ZONE);
  const yearStart = addDays(today, -90);
  return core.unitOfWork(async () => {
    const create = async (kind: Parameters<typeof core.records.create>[0], input: Record<string, unknown>) =>
      ((await core.records.create(kind, { ...input, school: input.school ?? school }, sys)) as { id: number }).id;
    // No quiet hours: the scenarios run at any hour of the real clock, and their notifications must go out.
    const school = ((await core.records.create('School', { name: 'Школа № 12', timeZone: TIME_ZONE, quietHoursStart: '00:00', quietHoursEnd: '00:00' }, sys)) as { id: number }).id;
    const year = await create('AcademicYear', { name: 'Учебный год', startDate: yearStart, endDate: addDays(today, 270) });
    const teacherId = await create('Staff', { lastName: 'Учителева', firstName: 'Мария', middleName: 'Ивановна', roles: ['teacher'] });
    const group = await create('Group', { year, name: '7А', gradeLevel: 7 });
    const subject = await create('Subject', { name: 'Математика' });
    const assignment = await create('TeachingAssignment', { year, teacher: teacherId, subject, group, plannedHours: 170 });
    const workType = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
    const students: { id: number; guardianId: number }[] = [];
    for (let i = 0; i < (options.students ?? 12); i++) {
      // а, б … я, then аа, аб …: names of letters only, as the people rules want.
      const letter = (i >= 32 ? String.fromCharCode(1072 + Math.floor(i / 32) - 1) : '') + String.fromCharCode(1072 + (i % 32));
      const student = await create('Student', { lastName: `Ученик${letter}`, firstName: 'Иван', birthDate: '2013-01-01', sex: 'm' });
      await create('Enrollment', { student, group, startDate: yearStart, startReason: 'admission' });
      const guardian = await create('Guardian', { lastName: `Родитель${letter}`, firstName: 'Анна' });
      await create('StudentGuardian', { student, guardian, relation: 'mother' });
      ormOf(core).em.create(Consent, { school, guardian, status: 'given', date: yearStart });
      students.push({ id: student, guardianId: guardian });
    }
    await ormOf(core).em.flush();
    const teacher: Actor = (await staffActorFor(ormOf(core).em, teacherId, 'bot'))!;
    return { school, year, group, subject, assignment, workType, teacherId, teacher, students, today, sys };
  });
}

/** A one-time invite code for a person of the school (give it to the emulator as `/start <code>`). */
export async function inviteCode(core: Core, kind: 'staff' | 'student' | 'guardian', personId: number): Promise<string> {
  const { code } = await core.unitOfWork(() => core.invites.issue(kind, personId, systemActor('cli'), 'klassny_test_bot'));
  return code;
}
