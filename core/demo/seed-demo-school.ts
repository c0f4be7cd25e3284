import type { EntityManager } from '@mikro-orm/postgresql';
import { School } from '../school/school.entity.js';
import type { Clock } from '../time/clock.js';
import { academicCalendar } from './calendar.js';
import { seededRandom } from './prng.js';
import { createPeople } from './seed-people.js';
import { createSchoolSetup, DEMO_TIME_ZONE } from './seed-setup.js';
import { createTeaching } from './seed-teaching.js';

/** How much the demo school holds: counts only, safe to log. */
export interface DemoSchoolCounts {
  groups: number;
  staff: number;
  students: number;
  guardians: number;
  assignments: number;
  topics: number;
  slots: number;
  controlWorks: number;
}

export async function hasAnySchool(em: EntityManager): Promise<boolean> {
  return (await em.count(School, {})) > 0;
}

/**
 * Creates, in one transaction, a complete demo school for the academic year that today (by `clock`, in the
 * school's time zone) falls in: calendar, bells, subjects, rooms, staff, three classes with students and
 * guardians, нагрузка with КТП, a conflict-free timetable and control works. Generated from a seed: the
 * same year gives the same school.
 */
export async function seedDemoSchool(em: EntityManager, clock: Clock): Promise<{ schoolId: number; counts: DemoSchoolCounts }> {
  const calendar = academicCalendar(clock.today(DEMO_TIME_ZONE));
  return em.transactional(async (tx) => {
    const setup = createSchoolSetup(tx, calendar);
    const people = createPeople(tx, setup, calendar, seededRandom(calendar.startYear * 100 + 1));
    const teaching = createTeaching(tx, setup, people, calendar, seededRandom(calendar.startYear * 100 + 2));
    await tx.flush();
    return { schoolId: setup.school.id, counts: { groups: people.groups.size, ...people.counts, ...teaching } };
  });
}
