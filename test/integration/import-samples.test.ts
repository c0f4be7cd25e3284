import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentAdministrator } from '../../core/access/actor.js';
import { seedDemoSchool } from '../../core/demo/seed-demo-school.js';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { Group } from '../../core/people/group.entity.js';
import { Guardian } from '../../core/people/guardian.entity.js';
import { Staff } from '../../core/people/staff.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { TeachingAssignment } from '../../core/schedule/teaching-assignment.entity.js';
import { ThematicPlanTopic } from '../../core/schedule/thematic-plan-topic.entity.js';
import { TimetableSlot } from '../../core/schedule/timetable-slot.entity.js';
import { Subject } from '../../core/school/subject.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { IMPORT_KINDS } from '../../core/imports/kinds/index.js';
import { sample } from '../support/import-school.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * samples/import/ is for the demo school (samples/import/README.md): every file, in the README's order,
 * imports cleanly into a freshly seeded demo school, as the demo administrator does it in the panel — a
 * deployment administrator, through the same core service, the school being the only one there is.
 */
describe.each(['csv', 'xlsx'] as const)('the sample files into a fresh demo school (%s)', (format) => {
  let t: TestCore;
  let schoolId: number;
  const demoAdministrator = deploymentAdministrator('panel');
  const em = () => t.orm.em.fork();
  const count = (entity: object, where: object = {}) => em().count(entity as never, { school: schoolId, ...where });
  const importSample = async (kind: keyof typeof IMPORT_KINDS) => t.core.importTable(kind, await sample(`${kind}.${format}`), format, demoAdministrator);

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-10-15T09:00:00Z'));
    ({ schoolId } = await seedDemoSchool(em(), t.core.clock));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('imports every kind, in the order of the README, each file whole', async () => {
    const before = { guardians: await count(Guardian), staff: await count(Staff), subjects: await count(Subject), assignments: await count(TeachingAssignment), slots: await count(TimetableSlot) };
    const group8A = await em().findOneOrFail(Group, { school: schoolId, name: '8А' });
    const in8A = await em().count(Enrollment, { group: group8A, endDate: null });

    expect(Object.keys(IMPORT_KINDS)).toEqual(['staff', 'subjects', 'students', 'assignments', 'timetable', 'plans']);
    expect(await importSample('staff')).toEqual({ imported: 7 });
    expect(await importSample('subjects')).toEqual({ imported: 7 });
    expect(await importSample('students')).toEqual({ imported: 10 });
    expect(await importSample('assignments')).toEqual({ imported: 6 });
    expect(await importSample('timetable')).toEqual({ imported: 5 });
    expect(await importSample('plans')).toEqual({ imported: 7 });

    expect(await count(Staff)).toBe(before.staff + 7);
    expect(await count(Subject)).toBe(before.subjects + 7);
    expect(await em().count(Enrollment, { group: group8A, endDate: null })).toBe(in8A + 10);
    expect(await count(Guardian)).toBe(before.guardians + 10); // the Зайцевы twins share their mother
    expect(await count(TeachingAssignment)).toBe(before.assignments + 6);
    expect(await count(TimetableSlot)).toBe(before.slots + 5);
    const german = await em().findOneOrFail(TeachingAssignment, { school: schoolId, subject: { name: 'Немецкий язык' } }, { populate: ['teacher', 'group'] });
    expect([german.teacher.lastName, german.group.name, german.plannedHours]).toEqual(['Лебедева', '8А', 68]);
    expect(await em().count(ThematicPlanTopic, { assignment: german })).toBe(4);
    const student = await em().findOneOrFail(Student, { school: schoolId, lastName: 'Андреев', firstName: 'Максим' });
    expect(student).toMatchObject({ birthDate: '2013-03-14', sex: 'm', individualPlan: false });
    expect(await em().findOneOrFail(Enrollment, { student }, { populate: ['group'] })).toMatchObject({ group: { name: '8А' }, startDate: '2026-10-15', startReason: 'admission' });
    expect((await em().findOneOrFail(Student, { school: schoolId, lastName: 'Григорьев', firstName: 'Илья' })).individualPlan).toBe(true);
    expect((await em().findOneOrFail(Staff, { school: schoolId, lastName: 'Смирнов' })).roles).toEqual(['deputy', 'teacher']);
    expect(await em().findOneOrFail(Subject, { school: schoolId, name: 'Шахматы' })).toMatchObject({ withoutAttestation: true, doubleMarksAllowed: false, schoolComponent: true });
    const monday = await em().find(TimetableSlot, { school: schoolId, weekday: 1, lessonNumber: 7 }, { populate: ['room', 'group'], orderBy: { group: { name: 'asc' } } });
    expect(monday.map((s) => [s.group.name, s.room?.name ?? null, s.validFrom])).toEqual([['7А', '301', '2026-09-01'], ['8А', '202', '2026-09-01']]);
  });

  it('refuses the same assignments a second time, naming each line, and adds nothing', async () => {
    const before = await count(TeachingAssignment);
    const err = await importSample('assignments').then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ lines: expect.arrayContaining([expect.objectContaining({ line: 2, column: 'teacher' })]) });
    expect((err as { lineNumbers: number[] }).lineNumbers).toEqual([2, 3, 4, 5, 6, 7]);
    expect(await count(TeachingAssignment)).toBe(before);
  });
});
