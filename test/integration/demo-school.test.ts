import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAnySchool, seedDemoSchool } from '../../core/demo/seed-demo-school.js';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { Group } from '../../core/people/group.entity.js';
import { Guardian, StudentGuardian } from '../../core/people/guardian.entity.js';
import { listPeople } from '../../core/people/people-directory.js';
import { Staff } from '../../core/people/staff.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { Subgroup, SubgroupMember } from '../../core/people/subgroup.entity.js';
import { ControlWork } from '../../core/schedule/control-work.entity.js';
import { findTimetableConflicts, type SlotFacts } from '../../core/schedule/rules/timetable-conflicts.js';
import { TeachingAssignment } from '../../core/schedule/teaching-assignment.entity.js';
import { ThematicPlanTopic } from '../../core/schedule/thematic-plan-topic.entity.js';
import { TimetableSlot } from '../../core/schedule/timetable-slot.entity.js';
import { AcademicYear } from '../../core/school/academic-year.entity.js';
import { Holiday } from '../../core/school/holiday.entity.js';
import { Period } from '../../core/school/period.entity.js';
import { School } from '../../core/school/school.entity.js';
import { Subject } from '../../core/school/subject.entity.js';
import { contains, overlaps } from '../../core/school/rules/date-ranges.js';
import { checkPersonName, checkSubjectName } from '../../core/school/rules/names.js';
import {  } from '../../core/people/display-name.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { fixedClock } from '../../core/time/clock.js';

describe('the demo school', () => {
  let t: TestCore;
  let schoolId: number;
  const em = () => t.orm.em.fork();
  const school = () => ({ school: schoolId });

  beforeAll(async () => {
    t = await createTestCore();
    expect(await hasAnySchool(em())).toBe(false);
    ({ schoolId } = await seedDemoSchool(em(), fixedClock('2026-10-15T09:00:00Z')));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is one school, named in full, in the academic year 2026/2027', async () => {
    const schools = await em().find(School, {});
    expect(schools).toHaveLength(1);
    expect(schools[0]).toMatchObject({ name: 'МБОУ «Средняя общеобразовательная школа № 17»', shortName: 'Школа № 17', timeZone: 'Europe/Moscow' });
    const years = await em().find(AcademicYear, school());
    expect(years.map((y) => [y.name, y.startDate, y.endDate])).toEqual([['2026/2027', '2026-09-01', '2027-05-31']]);
    expect(await hasAnySchool(em())).toBe(true);
  });

  it('has three groups of 20–30 students, each enrolled and with a guardian', async () => {
    const groups = await em().find(Group, school(), { orderBy: { name: 'asc' } });
    expect(groups.map((g) => [g.name, g.gradeLevel])).toEqual([['7А', 7], ['7Б', 7], ['8А', 8]]);
    expect(new Set(groups.map((g) => g.classTeacher?.id)).size).toBe(3);
    const enrollments = await em().find(Enrollment, { ...school(), endDate: null });
    for (const g of groups) {
      const size = enrollments.filter((e) => e.group.id === g.id).length;
      expect(size).toBeGreaterThanOrEqual(20);
      expect(size).toBeLessThanOrEqual(30);
    }
    const students = await em().find(Student, school());
    const links = await em().find(StudentGuardian, school());
    for (const s of students) {
      expect(enrollments.filter((e) => e.student.id === s.id)).toHaveLength(1);
      expect(links.filter((l) => l.student.id === s.id).length).toBeGreaterThanOrEqual(1);
    }
    expect(students.filter((s) => s.individualPlan).length).toBeGreaterThanOrEqual(1);
    expect(new Set(links.map((l) => l.relation))).toEqual(new Set(['mother', 'father', 'grandmother', 'guardian']));
    // Siblings in different groups share their guardians.
    const groupOf = new Map(enrollments.map((e) => [e.student.id, e.group.id]));
    const sharedAcrossGroups = (await em().find(Guardian, school())).filter((g) => {
      const children = links.filter((l) => l.guardian.id === g.id).map((l) => groupOf.get(l.student.id));
      return new Set(children).size > 1;
    });
    expect(sharedAcrossGroups.length).toBeGreaterThanOrEqual(1);
  });

  it('names every person and subject in full', async () => {
    const staff = await em().find(Staff, school());
    expect(staff.length).toBeGreaterThanOrEqual(12);
    expect(staff.filter((s) => s.roles.includes('administrator'))).toHaveLength(1);
    expect(staff.filter((s) => s.roles.includes('director'))).toHaveLength(1);
    const people = [...staff, ...(await em().find(Student, school())), ...(await em().find(Guardian, school()))];
    for (const p of people) expect(checkPersonName(p), `${p.lastName} ${p.firstName} ${p.middleName}`).toEqual([]);
    const subjects = await em().find(Subject, school());
    for (const s of subjects) expect(checkSubjectName(s.name), s.name).toBeUndefined();
    expect(subjects.filter((s) => s.doubleMarksAllowed).map((s) => s.name).sort()).toEqual(['Литература', 'Русский язык']);
    expect(subjects.some((s) => s.withoutAttestation)).toBe(true);
  });

  it('has periods of one type that do not overlap, and periods and holidays inside the year', async () => {
    const year = await em().findOneOrFail(AcademicYear, school());
    const range = (x: { startDate: string; endDate: string }) => ({ start: x.startDate, end: x.endDate });
    const periods = await em().find(Period, school());
    expect(periods.filter((p) => p.type === 'quarter').map((p) => p.number).sort()).toEqual([1, 2, 3, 4]);
    expect(periods.filter((p) => p.type === 'year')).toHaveLength(1);
    for (const p of periods) {
      expect(contains(range(year), range(p))).toBe(true);
      for (const q of periods) if (q !== p && q.type === p.type) expect(overlaps(range(p), range(q)), `${p.name} / ${q.name}`).toBe(false);
    }
    for (const h of await em().find(Holiday, school())) expect(contains(range(year), range(h)), h.name).toBe(true);
  });

  it('has a timetable without double booking that gives each assignment its weekly hours', async () => {
    const slots = await em().find(TimetableSlot, school(), { populate: ['assignment'] });
    const facts = slots.map<SlotFacts>((s) => ({
      id: s.id, teacherId: s.assignment.teacher.id, roomId: s.room?.id ?? null, groupId: s.group.id, subgroupId: s.subgroup?.id ?? null,
      weekday: s.weekday, lessonNumber: s.lessonNumber, validFrom: s.validFrom, validTo: s.validTo ?? null,
    }));
    for (const f of facts) expect(findTimetableConflicts(f, facts)).toEqual([]);
    expect(slots.every((s) => s.weekday >= 1 && s.weekday <= 5 && s.lessonNumber >= 1 && s.lessonNumber <= 7 && s.room)).toBe(true);
    const assignments = await em().find(TeachingAssignment, school());
    for (const a of assignments) expect(slots.filter((s) => s.assignment.id === a.id).length * 34).toBe(a.plannedHours);
  });

  it('has a thematic plan for every assignment that adds up to its planned hours, with real topics', async () => {
    const assignments = await em().find(TeachingAssignment, school());
    const topics = await em().find(ThematicPlanTopic, school(), { orderBy: { position: 'asc' } });
    for (const a of assignments) {
      const plan = topics.filter((x) => x.assignment.id === a.id);
      expect(plan.map((x) => x.position)).toEqual(plan.map((_, i) => i + 1));
      expect(plan.reduce((sum, x) => sum + x.hours, 0)).toBe(a.plannedHours);
    }
    const bare = topics.filter((x) => /^(повторение|решение задач)[.\s]*$/iu.test(x.title.trim()));
    expect(bare).toEqual([]);
    expect(topics.every((x) => x.hours === 1 || x.hours === 2)).toBe(true);
  });

  it('splits each group into two English subgroups of its own students, taught side by side', async () => {
    const subgroups = await em().find(Subgroup, school());
    const members = await em().find(SubgroupMember, school());
    const enrollments = await em().find(Enrollment, school());
    for (const group of await em().find(Group, school())) {
      const own = subgroups.filter((s) => s.group.id === group.id);
      expect(own).toHaveLength(2);
      const inGroup = new Set(enrollments.filter((e) => e.group.id === group.id).map((e) => e.student.id));
      const split = own.map((s) => members.filter((m) => m.subgroup.id === s.id).map((m) => m.student.id));
      expect(split.flat().sort()).toEqual([...inGroup].sort());
    }
    const english = await em().find(TeachingAssignment, { ...school(), subgroup: { $ne: null } });
    expect(english).toHaveLength(6);
  });

  it('plans control works on school days of the quarters', async () => {
    const works = await em().find(ControlWork, school());
    expect(works.length).toBeGreaterThanOrEqual(9);
    expect(works.some((w) => w.internalControl)).toBe(true);
    const quarters = await em().find(Period, { ...school(), type: 'quarter' });
    const holidays = await em().find(Holiday, school());
    for (const w of works) {
      expect(quarters.some((q) => q.startDate <= w.date && w.date <= q.endDate), w.date).toBe(true);
      expect(holidays.some((h) => h.startDate <= w.date && w.date <= h.endDate), w.date).toBe(false);
      expect([1, 2, 3, 4, 5]).toContain(new Date(`${w.date}T00:00:00Z`).getUTCDay());
    }
  });

  it('lists people with their roles and groups', async () => {
    const people = await listPeople(em(), { schoolId });
    const classTeachers = people.filter((p) => p.roles.includes('class_teacher'));
    expect(classTeachers.map((p) => p.group).sort()).toEqual(['7А', '7Б', '8А']);
    expect(classTeachers.every((p) => p.kind === 'staff')).toBe(true);
    const students = people.filter((p) => p.kind === 'student');
    expect(students.length).toBe(await em().count(Student, school()));
    expect(students.every((p) => p.roles.join() === 'student' && ['7А', '7Б', '8А'].includes(p.group!))).toBe(true);
    const guardians = people.filter((p) => p.kind === 'guardian');
    expect(guardians.every((p) => p.group !== null)).toBe(true);
    expect(guardians.some((p) => p.group!.includes(', '))).toBe(true);
    expect(people.filter((p) => p.kind === 'staff' && !p.roles.includes('class_teacher')).every((p) => p.group === null)).toBe(true);
  });

  it('is the same school for any day of the same academic year', async () => {
    const again = await seedDemoSchool(em(), fixedClock('2027-03-10T09:00:00Z'), { past: false });
    const year = await em().findOneOrFail(AcademicYear, { school: again.schoolId });
    expect(year.name).toBe('2026/2027');
    const names = async (id: number) => (await em().find(Student, { school: id }, { orderBy: { id: 'asc' } })).map((s) => `${s.lastName} ${s.firstName}`);
    expect(await names(again.schoolId)).toEqual(await names(schoolId));
    const next = await seedDemoSchool(em(), fixedClock('2027-09-01T09:00:00Z'), { past: false });
    expect((await em().findOneOrFail(AcademicYear, { school: next.schoolId })).name).toBe('2027/2028');
  });
});
