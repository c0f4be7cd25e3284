import type { Random } from '../prng.js';
import { DEMO_TOPICS } from '../thematic-plan.js';
import { buildTimetable, dayLoads, type LessonUnit } from '../timetable.js';
import { hoursIn, LOAD_SUBJECTS, LOAD_TEACHING_WEEKS, type LoadSubject } from './load-curriculum.js';
import type { LoadPeople } from './load-people.js';

export interface LoadAssignment {
  group: number;
  subject: LoadSubject;
  teacher: string;
  /** The half of the class for a split subject. */
  half: 1 | 2 | null;
  perWeek: number;
  /** The КТП, one line an hour. */
  plan: string[];
}

export interface LoadSlot {
  assignment: number;
  weekday: number;
  lessonNumber: number;
}

export interface LoadTeaching {
  assignments: LoadAssignment[];
  slots: LoadSlot[];
  /** The room of each teacher (by key): a teacher keeps its own. */
  rooms: Map<string, string>;
}

/** The title a control work's lesson starts with: the journal generator gives every student a mark there. */
export const CONTROL_TITLE = 'Контрольная работа';

/**
 * A КТП of `hours` lines: the demo's base topics of the subject where it has them (grade 7 or 8, the nearest),
 * otherwise numbered sections; each topic followed by practice and revision, a control work every 17 hours.
 */
export function loadPlan(subject: string, grade: number, hours: number): string[] {
  const topics = DEMO_TOPICS[subject];
  const known = topics?.[grade <= 7 ? 7 : 8] ?? topics?.[7] ?? topics?.[8];
  const base = known?.length ? known : Array.from({ length: Math.max(1, Math.ceil(hours / 3)) }, (_, i) => `${subject}. Раздел ${i + 1}`);
  const lines: string[] = [];
  for (let i = 0; lines.length < hours; i++) {
    const topic = base[i % base.length]!;
    const step = i % 3;
    if (lines.length % 17 === 16) lines.push(`${CONTROL_TITLE} по теме «${topic}»`);
    else lines.push(step === 0 ? topic : step === 1 ? `Практикум по теме «${topic}»` : `Повторение и закрепление по теме «${topic}»`);
  }
  return lines;
}

/** The нагрузка of every group, its КТП and a conflict-free week for each grade (its teachers teach that grade only). */
export function createLoadTeaching(random: Random, people: LoadPeople): LoadTeaching {
  const assignments: LoadAssignment[] = [];
  const slots: LoadSlot[] = [];
  const rooms = new Map(people.staff.map((s, i) => [s.key, s.key.startsWith('pe|') ? `Спортзал ${i}` : String(100 + i)]));
  const grades = [...new Set(people.groups.map((g) => g.grade))];
  for (const grade of grades) {
    const units = new Map<string, { unit: LessonUnit; assignments: number[] }>();
    const loads = new Map<string, number[]>();
    people.groups.forEach((group, g) => {
      if (group.grade !== grade) return;
      let perWeekTotal = 0;
      for (const subject of LOAD_SUBJECTS) {
        const perWeek = hoursIn(subject, grade);
        if (!perWeek) continue;
        perWeekTotal += perWeek;
        const teacher = group.teachers.get(subject.family)!;
        const teachers = subject.split ? [`${teacher}|1`, `${teacher}|2`] : [teacher];
        const ids = teachers.map((teacher, i) => {
          assignments.push({
            group: g, subject, teacher, half: subject.split ? ((i + 1) as 1 | 2) : null, perWeek,
            plan: loadPlan(subject.name, grade, perWeek * LOAD_TEACHING_WEEKS),
          });
          return assignments.length - 1;
        });
        const key = `${group.name}|${subject.name}`;
        units.set(key, { unit: { key, group: group.name, perWeek, teachers, rooms: teachers.map((t) => rooms.get(t)!) }, assignments: ids });
      }
      loads.set(group.name, dayLoads(perWeekTotal));
    });
    const week = buildTimetable([...units.values()].map((u) => u.unit), loads, random);
    for (const { unit, weekday, lessonNumber } of week) {
      for (const assignment of units.get(unit.key)!.assignments) slots.push({ assignment, weekday, lessonNumber });
    }
  }
  return { assignments, slots, rooms };
}
