import type { EntityManager } from '@mikro-orm/postgresql';
import type { AcademicCalendar } from './calendar.js';
import { GROUPS, SUBJECTS } from './curriculum.js';
import { BulkWriter } from './journal/bulk-insert.js';
import { writeJournal } from './journal/write-journal.js';
import { createYearJournal, studentTraits } from './journal/year-journal.js';
import type { Random } from './prng.js';
import type { SchoolPeople } from './seed-people.js';
import type { SchoolSetup } from './seed-setup.js';
import type { SchoolTeaching } from './seed-teaching.js';

/** Marks a student gets in a whole year, about: some eight a subject a quarter, as a class journal has them. */
const MARKS_PER_STUDENT = 300;

/** The lines of the demo's КТП that are control works (thematic-plan.ts): every present student is marked. */
const CONTROL_TOPIC = /^(Контрольн|Итогов|Классное сочинение)/u;

/** How much of the year the demo school has behind it: counts only, safe to log. */
export interface PastCounts {
  lessons: number;
  marks: number;
  /** Absences and lateness recorded. */
  attendance: number;
  homework: number;
  periodMarks: number;
}

/**
 * The demo school's year so far, up to `until` (the day before today at the school), by the journal's rules
 * (core/demo/journal/year-journal.ts): lessons on every school day of the timetable with their КТП topics
 * and the control works of the график, roll calls, homework, marks of every work type, and the period marks
 * of each period already over, whose journals are then closed (C7) as a teacher's last period mark closes
 * them. Written with bulk inserts in the transaction of the rest of the school, once its rows have ids.
 */
export async function createPast(
  em: EntityManager, setup: SchoolSetup, people: SchoolPeople, teaching: SchoolTeaching, calendar: AcademicCalendar, until: string, random: Random,
): Promise<PastCounts> {
  if (until < calendar.start) return { lessons: 0, marks: 0, attendance: 0, homework: 0, periodMarks: 0 };
  const groupIndex = (name: string) => GROUPS.findIndex((g) => g.name === name);
  const students = people.students.map((s) => ({ group: groupIndex(s.group), half: s.half, start: calendar.start, end: null, ...studentTraits(random) }));
  const assignments = teaching.assignments.map((a) => ({
    group: groupIndex(a.group), half: a.subgroup ?? null, subject: SUBJECTS.find((x) => x.name === a.subject)!, plan: a.hours.map((t) => t.title),
  }));
  const scheduled = new Map(teaching.controlWorks.map((c) => [`${c.assignment}|${c.date}`, c.title]));
  const journal = createYearJournal(random, calendar, setup.school.timeZone, { groups: GROUPS.map((g) => ({ grade: g.gradeLevel })), students, assignments, slots: teaching.slots }, {
    marksPerStudent: MARKS_PER_STUDENT, until, isControlTopic: (title) => CONTROL_TOPIC.test(title), scheduledControl: (a, date) => scheduled.get(`${a}|${date}`),
  });

  const db = new BulkWriter(em);
  const assignmentIds = teaching.assignments.map((a) => a.entity.id);
  const periodIds = setup.periods.map((p) => p.id);
  await writeJournal(db, journal, {
    school: setup.school.id, assignments: assignmentIds, students: people.students.map((s) => s.entity.id), workTypes: setup.workTypes.map((w) => w.id),
    periods: periodIds, planTopic: (a, hour) => teaching.assignments[a]!.hours[hour]!.id,
  });
  // Every student of the sheet has its period mark: the period's journal is closed, as PeriodMarks closes it.
  const locks = journal.periodMarks.flatMap((pm) => [...new Set(pm.assignment)].map((a) => ({ assignment: assignmentIds[a]!, period: periodIds[pm.period]!, at: pm.at })));
  await db.insert('period_lock', [
    { name: 'school_id', type: 'int' }, { name: 'assignment_id', type: 'int' }, { name: 'period_id', type: 'int' }, { name: 'locked_at', type: 'timestamptz' },
    { name: 'created_at', type: 'timestamptz' }, { name: 'updated_at', type: 'timestamptz' },
  ], {
    school_id: locks.map(() => setup.school.id), assignment_id: locks.map((l) => l.assignment), period_id: locks.map((l) => l.period),
    locked_at: locks.map((l) => l.at), created_at: locks.map((l) => l.at), updated_at: locks.map((l) => l.at),
  });
  return {
    lessons: journal.lessons.date.length, marks: journal.marks.value.length, attendance: journal.attendance.code.length, homework: journal.homework.lesson.length,
    periodMarks: journal.periodMarks.reduce((n, pm) => n + pm.value.length, 0),
  };
}
