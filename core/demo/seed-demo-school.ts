import type { EntityManager } from '@mikro-orm/postgresql';
import { School } from '../school/school.entity.js';
import type { Clock } from '../time/clock.js';
import { addDays } from '../time/local-date.js';
import { academicCalendar } from './calendar.js';
import { seededRandom } from './prng.js';
import { createPast, type PastCounts } from './seed-past.js';
import { createPeople } from './seed-people.js';
import { createSchoolSetup, DEMO_TIME_ZONE } from './seed-setup.js';
import { createTeaching } from './seed-teaching.js';

/** How much the demo school holds, its year so far included (zero without the past): counts only, safe to log. */
export interface DemoSchoolCounts extends PastCounts {
  groups: number;
  staff: number;
  students: number;
  guardians: number;
  assignments: number;
  topics: number;
  slots: number;
  controlWorks: number;
}

export interface DemoSchoolOptions {
  /**
   * The year so far, up to yesterday (default): lessons, roll calls, marks, homework, period marks. Off, the
   * school starts today with an empty journal (tests that fill the journal themselves).
   */
  past?: boolean;
}

export async function hasAnySchool(em: EntityManager): Promise<boolean> {
  return (await em.count(School, {})) > 0;
}

/**
 * Creates, in one transaction, a complete demo school for the academic year that today (by `clock`, in the
 * school's time zone) falls in: calendar, bells, subjects, rooms, staff, three classes with students and
 * guardians, нагрузка with КТП, a conflict-free timetable and control works, and (unless `past` is false)
 * the journal of the year up to yesterday (seed-past.ts). Generated from a seed: the same year gives the
 * same school, the same day the same journal.
 */
export async function seedDemoSchool(em: EntityManager, clock: Clock, options: DemoSchoolOptions = {}): Promise<{ schoolId: number; counts: DemoSchoolCounts }> {
  const today = clock.today(DEMO_TIME_ZONE);
  const calendar = academicCalendar(today);
  return em.transactional(async (tx) => {
    const setup = createSchoolSetup(tx, calendar);
    const people = createPeople(tx, setup, calendar, seededRandom(calendar.startYear * 100 + 1));
    const teaching = createTeaching(tx, setup, people, calendar, seededRandom(calendar.startYear * 100 + 2));
    await tx.flush();
    const past = options.past === false
      ? { lessons: 0, marks: 0, attendance: 0, homework: 0, periodMarks: 0 }
      : await createPast(tx, setup, people, teaching, calendar, addDays(today, -1), seededRandom(calendar.startYear * 100 + 3));
    return { schoolId: setup.school.id, counts: { groups: people.groups.size, ...people.counts, ...teaching.counts, ...past } };
  });
}
