import type { EntityManager } from '@mikro-orm/postgresql';
import { Enrollment } from '../people/enrollment.entity.js';
import { Group } from '../people/group.entity.js';
import { Guardian, StudentGuardian } from '../people/guardian.entity.js';
import { Staff } from '../people/staff.entity.js';
import { Student } from '../people/student.entity.js';
import { Subgroup, SubgroupMember } from '../people/subgroup.entity.js';
import type { AcademicCalendar } from './calendar.js';
import { mobilePhone, staffEmail } from './contacts.js';
import { GROUPS, SPLIT_SUBJECT } from './curriculum.js';
import { generateFamilies } from './families.js';
import type { Random } from './prng.js';
import type { SchoolSetup } from './seed-setup.js';
import { STAFF } from './staff.js';

export interface SchoolPeople {
  /** By surname, as core/demo/staff.ts names them. */
  staff: Map<string, Staff>;
  groups: Map<string, Group>;
  /** By «group|number». */
  subgroups: Map<string, Subgroup>;
  /** Every student with its group's name and its half of the class (its English subgroup). */
  students: { entity: Student; group: string; half: 1 | 2 }[];
  counts: { staff: number; students: number; guardians: number };
}

const byName = (a: { lastName: string; firstName: string }, b: { lastName: string; firstName: string }) =>
  a.lastName.localeCompare(b.lastName, 'ru') || a.firstName.localeCompare(b.firstName, 'ru');

/** Staff, the groups with their class teachers, students with enrollments and guardians, English subgroups. */
export function createPeople(em: EntityManager, setup: SchoolSetup, calendar: AcademicCalendar, random: Random): SchoolPeople {
  const { school, year, bellSchedule } = setup;
  const phones = new Set<string>();
  const staff = new Map(
    STAFF.map((s) => [
      s.lastName,
      em.create(Staff, {
        school, lastName: s.lastName, firstName: s.firstName, middleName: s.middleName, position: s.position,
        email: staffEmail(s), phone: mobilePhone(random, phones), roles: s.roles,
      }),
    ]),
  );
  const groups = new Map(
    GROUPS.map((g) => {
      const classTeacher = STAFF.find((s) => s.classTeacherOf === g.name);
      return [g.name, em.create(Group, {
        school, year, name: g.name, gradeLevel: g.gradeLevel, bellSchedule,
        classTeacher: classTeacher ? staff.get(classTeacher.lastName)! : null,
      })];
    }),
  );

  const staffSurnames = new Set(STAFF.map((s) => s.lastName.replace(/(ов|ев|ёв|ин)а$/u, '$1')));
  const families = generateFamilies(random, calendar.startYear, GROUPS, staffSurnames, phones);
  const students = families.students.map((s) => {
    const student = em.create(Student, {
      school, lastName: s.lastName, firstName: s.firstName, middleName: s.middleName, birthDate: s.birthDate, sex: s.sex,
      individualPlan: s.individualPlan,
    });
    em.create(Enrollment, { school, student, group: groups.get(s.group)!, startDate: calendar.start, startReason: 'admission', endDate: null });
    return student;
  });
  const guardians = families.guardians.map((g) => em.create(Guardian, { school, ...g }));
  for (const link of families.links) {
    em.create(StudentGuardian, { school, student: students[link.student]!, guardian: guardians[link.guardian]!, relation: link.relation });
  }

  const subgroups = new Map<string, Subgroup>();
  const halves = new Map<Student, 1 | 2>();
  for (const [name, group] of groups) {
    const members = families.students.map((s, i) => ({ ...s, entity: students[i]! })).filter((s) => s.group === name).sort(byName);
    const half = Math.ceil(members.length / 2);
    for (const n of [1, 2] as const) {
      const subgroup = em.create(Subgroup, { school, group, name: `${SPLIT_SUBJECT}, ${n} группа` });
      subgroups.set(`${name}|${n}`, subgroup);
      for (const m of n === 1 ? members.slice(0, half) : members.slice(half)) {
        em.create(SubgroupMember, { school, subgroup, student: m.entity });
        halves.set(m.entity, n);
      }
    }
  }
  const list = students.map((entity, i) => ({ entity, group: families.students[i]!.group, half: halves.get(entity)! }));
  return { staff, groups, subgroups, students: list, counts: { staff: staff.size, students: students.length, guardians: guardians.length } };
}
