import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkType } from '../school/work-type.entity.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { BellSchedule, BellSlot } from '../school/bell-schedule.entity.js';
import { Building, Room } from '../school/building.entity.js';
import { Holiday } from '../school/holiday.entity.js';
import { Period } from '../school/period.entity.js';
import { School } from '../school/school.entity.js';
import { Subject } from '../school/subject.entity.js';
import type { AcademicCalendar } from './calendar.js';
import { BELLS, BUILDING, ROOMS, SUBJECTS, WORK_TYPES } from './curriculum.js';

export const DEMO_SCHOOL_NAME = 'МБОУ «Средняя общеобразовательная школа № 17»';
export const DEMO_TIME_ZONE = 'Europe/Moscow';

/** The school-wide set-up rows of the demo school. */
export interface SchoolSetup {
  school: School;
  year: AcademicYear;
  bellSchedule: BellSchedule;
  subjects: Map<string, Subject>;
  rooms: Map<string, Room>;
  /** In the order of WORK_TYPES. */
  workTypes: WorkType[];
  /** The quarters in order, then the year. */
  periods: Period[];
}

/** The school, its academic year with periods and holidays, bells, subjects, rooms and work types. */
export function createSchoolSetup(em: EntityManager, calendar: AcademicCalendar): SchoolSetup {
  const school = em.create(School, { name: DEMO_SCHOOL_NAME, shortName: 'Школа № 17', timeZone: DEMO_TIME_ZONE });
  const year = em.create(AcademicYear, { school, name: calendar.name, startDate: calendar.start, endDate: calendar.end });
  const periods = calendar.quarters.map((q) => em.create(Period, { school, year, type: 'quarter', number: q.number, name: q.name, startDate: q.start, endDate: q.end }));
  periods.push(em.create(Period, { school, year, type: 'year', number: 1, name: 'Учебный год', startDate: calendar.start, endDate: calendar.end }));
  for (const h of calendar.holidays) em.create(Holiday, { school, year, name: h.name, startDate: h.start, endDate: h.end });

  const bellSchedule = em.create(BellSchedule, { school, name: 'Первая смена' });
  BELLS.forEach(([startsAt, endsAt], i) => em.create(BellSlot, { school, schedule: bellSchedule, lessonNumber: i + 1, startsAt, endsAt }));

  const subjects = new Map(
    SUBJECTS.map((s) => [
      s.name,
      em.create(Subject, {
        school,
        name: s.name,
        doubleMarksAllowed: s.doubleMarksAllowed ?? false,
        withoutAttestation: s.withoutAttestation ?? false,
        schoolComponent: s.schoolComponent ?? false,
      }),
    ]),
  );
  const building = em.create(Building, { school, name: BUILDING.name, address: BUILDING.address });
  const rooms = new Map(ROOMS.map((r) => [r.name, em.create(Room, { school, building, name: r.name, capacity: r.capacity })]));
  const workTypes = WORK_TYPES.map((w) => em.create(WorkType, { school, name: w.name, weight: w.weight, gradingDeadlineDays: w.deadline }));
  return { school, year, bellSchedule, subjects, rooms, workTypes, periods };
}
