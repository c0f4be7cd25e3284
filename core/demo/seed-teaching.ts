import type { EntityManager } from '@mikro-orm/postgresql';
import { ControlWork } from '../schedule/control-work.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { ThematicPlanTopic } from '../schedule/thematic-plan-topic.entity.js';
import { TimetableSlot } from '../schedule/timetable-slot.entity.js';
import type { AcademicCalendar } from './calendar.js';
import { planControlWorks } from './control-works.js';
import { GROUPS, SPLIT_SUBJECT, SUBJECTS, TEACHING_WEEKS } from './curriculum.js';
import type { Random } from './prng.js';
import type { SchoolPeople } from './seed-people.js';
import type { SchoolSetup } from './seed-setup.js';
import { STAFF } from './staff.js';
import { thematicPlan } from './thematic-plan.js';
import { buildTimetable, dayLoads, type LessonUnit } from './timetable.js';

interface Line {
  group: string;
  subject: string;
  teacher: string;
  room: string;
  perWeek: number;
  subgroup: 1 | 2 | undefined;
  entity: TeachingAssignment;
  /** The КТП, one row an hour (a line of two hours twice). */
  hours: ThematicPlanTopic[];
}

export interface TeachingCounts {
  assignments: number;
  topics: number;
  slots: number;
  controlWorks: number;
}

/** The нагрузка as the journal of the year needs it: each assignment with its КТП hour by hour, the week, the график. */
export interface SchoolTeaching {
  counts: TeachingCounts;
  assignments: Omit<Line, 'teacher' | 'room' | 'perWeek'>[];
  /** `assignment`: an index into `assignments`. */
  slots: { assignment: number; weekday: number; lessonNumber: number }[];
  controlWorks: { assignment: number; date: string; title: string }[];
}

/** The нагрузка with its КТП, the weekly timetable from the first day of the year, and the control works. */
export function createTeaching(em: EntityManager, setup: SchoolSetup, people: SchoolPeople, calendar: AcademicCalendar, random: Random): SchoolTeaching {
  const { school, year } = setup;
  const counts: TeachingCounts = { assignments: 0, topics: 0, slots: 0, controlWorks: 0 };
  const lines: Line[] = [];
  for (const s of STAFF) {
    for (const t of s.teaches) {
      for (const group of t.groups) {
        const grade = GROUPS.find((g) => g.name === group)!.gradeLevel;
        const perWeek = SUBJECTS.find((x) => x.name === t.subject)!.hours[grade];
        const entity = em.create(TeachingAssignment, {
          school, year, teacher: people.staff.get(s.lastName)!, subject: setup.subjects.get(t.subject)!, group: people.groups.get(group)!,
          subgroup: t.subgroup ? people.subgroups.get(`${group}|${t.subgroup}`)! : null, plannedHours: perWeek * TEACHING_WEEKS,
        });
        const hours: ThematicPlanTopic[] = [];
        lines.push({ group, subject: t.subject, teacher: s.lastName, room: t.room, perWeek, subgroup: t.subgroup, entity, hours });
        thematicPlan(t.subject, grade, perWeek * TEACHING_WEEKS, random).forEach((line, i) => {
          const topic = em.create(ThematicPlanTopic, { school, assignment: entity, position: i + 1, title: line.title, hours: line.hours });
          for (let h = 0; h < line.hours; h++) hours.push(topic);
          counts.topics++;
        });
      }
    }
  }
  counts.assignments = lines.length;
  for (const g of GROUPS) {
    for (const subject of SUBJECTS.filter((x) => x.hours[g.gradeLevel] > 0)) {
      const found = lines.filter((l) => l.group === g.name && l.subject === subject.name).length;
      if (found !== (subject.name === SPLIT_SUBJECT ? 2 : 1)) throw new Error(`${g.name} ${subject.name}: ${found} assignments`);
    }
  }

  // A split subject is one lesson line of its group: both halves at once, each with its teacher and room.
  const units = new Map<string, { unit: LessonUnit; lines: Line[] }>();
  for (const l of lines) {
    const key = `${l.group}|${l.subject}`;
    const entry = units.get(key) ?? { unit: { key, group: l.group, perWeek: l.perWeek, teachers: [], rooms: [] }, lines: [] };
    entry.unit = { ...entry.unit, teachers: [...entry.unit.teachers, l.teacher], rooms: [...entry.unit.rooms, l.room] };
    entry.lines.push(l);
    units.set(key, entry);
  }
  const loads = new Map(GROUPS.map((g) => [g.name, dayLoads(lines.filter((l) => l.group === g.name && l.subgroup !== 2).reduce((n, l) => n + l.perWeek, 0))]));
  const week = buildTimetable([...units.values()].map((u) => u.unit), loads, random);
  const slots: SchoolTeaching['slots'] = [];
  for (const { unit, weekday, lessonNumber } of week) {
    for (const l of units.get(unit.key)!.lines) {
      slots.push({ assignment: lines.indexOf(l), weekday, lessonNumber });
      em.create(TimetableSlot, {
        school, assignment: l.entity, group: l.entity.group, subgroup: l.entity.subgroup ?? null, room: setup.rooms.get(l.room)!,
        weekday, lessonNumber, validFrom: calendar.start, validTo: null,
      });
      counts.slots++;
    }
  }

  const controlWorks: SchoolTeaching['controlWorks'] = [];
  for (const g of GROUPS) {
    const weekdaysOf = (subject: string) => week.filter((p) => p.unit.key === `${g.name}|${subject}`).map((p) => p.weekday);
    for (const plan of planControlWorks(calendar, weekdaysOf)) {
      for (const l of units.get(`${g.name}|${plan.subject}`)?.lines ?? []) {
        em.create(ControlWork, { school, assignment: l.entity, date: plan.date, form: plan.form, title: plan.title, internalControl: plan.internalControl });
        controlWorks.push({ assignment: lines.indexOf(l), date: plan.date, title: plan.title });
        counts.controlWorks++;
      }
    }
  }
  return { counts, assignments: lines, slots, controlWorks };
}
