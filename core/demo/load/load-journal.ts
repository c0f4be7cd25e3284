import { DateTime } from 'luxon';
import { roundPeriodMark } from '../../journal/formulas/index.js';
import { isoWeekday } from '../../time/local-date.js';
import { schoolDays, type AcademicCalendar } from '../calendar.js';
import { BELLS, WORK_TYPES } from '../curriculum.js';
import type { Random } from '../prng.js';
import { FIRST_MARKED_GRADE } from './load-curriculum.js';
import type { LoadPeople } from './load-people.js';
import { CONTROL_TITLE, type LoadTeaching } from './load-teaching.js';

/** The journal of the year, column by column (indexes into people, teaching and WORK_TYPES), ready for bulk writes. */
export interface LoadJournal {
  lessons: { assignment: number[]; date: string[]; lessonNumber: number[]; topic: (string | null)[]; planLine: (number | null)[]; takenAt: (string | null)[] };
  attendance: { lesson: number[]; student: number[]; code: string[] };
  marks: { lesson: number[]; student: number[]; value: number[]; second: (number | null)[]; workType: number[] };
  homework: { lesson: number[]; text: (string | null)[]; none: boolean[]; dueDate: (string | null)[] };
  /** `period`: 0–3 the quarters, 4 the year. */
  periodMarks: { assignment: number[]; period: number; student: number[]; value: string[] }[];
  controlWorks: { assignment: number[]; date: string[]; title: string[] };
}

const PE = 'Физическая культура';
const workType = (name: string) => WORK_TYPES.findIndex((w) => w.name === name);
const ANSWER = workType('Ответ на уроке');
const HOMEWORK = workType('Домашняя работа');
const INDEPENDENT = workType('Самостоятельная работа');
const CHECK = workType('Проверочная работа');
const LAB = workType('Лабораторная работа');
const ESSAY = workType('Сочинение');
const DICTATION = workType('Диктант');
const CONTROL = workType('Контрольная работа');
const LAB_SUBJECTS = new Set(['Физика', 'Химия', 'Биология']);

interface Tally {
  /** Σ value × weight and Σ weight, in hundredths of a weight (exact, as the journal's formulas count). */
  sum: number;
  weight: number;
  lessons: number;
  absent: number;
}

/**
 * The whole year's journal of the load school: every lesson of the timetable on every school day, its topic
 * from the КТП, the roll call, homework, marks (about `marksPerStudent` a student, only for students in the
 * group on that day and present; none in grade 1, in subjects without attestation or for those exempt from
 * PE) and the period marks the marks round to (н/а for those who missed most of a subject's lessons).
 */
export function createLoadJournal(random: Random, calendar: AcademicCalendar, timeZone: string, people: LoadPeople, teaching: LoadTeaching, marksPerStudent: number): LoadJournal {
  const j: LoadJournal = {
    lessons: { assignment: [], date: [], lessonNumber: [], topic: [], planLine: [], takenAt: [] },
    attendance: { lesson: [], student: [], code: [] },
    marks: { lesson: [], student: [], value: [], second: [], workType: [] },
    homework: { lesson: [], text: [], none: [], dueDate: [] },
    periodMarks: [],
    controlWorks: { assignment: [], date: [], title: [] },
  };
  const { students, groups } = people;
  const { assignments } = teaching;
  const days = calendar.quarters.flatMap((q, quarter) => schoolDays(calendar, q).map((date) => ({ date, quarter, weekday: isoWeekday(date) })));
  const rosters = assignments.map((a) => students.flatMap((s, i) => (s.group === a.group && (a.half === null || s.half === a.half) ? [i] : [])));
  const graded = assignments.map((a) => groups[a.group]!.grade >= FIRST_MARKED_GRADE && !a.subject.withoutAttestation);
  const enrolled = (s: number, date: string) => { const e = students[s]!.end; return students[s]!.start <= date && (e === null || date <= e); };

  // Illness: a few spells of 2–6 school days a year; a family day now and then.
  const away = students.map(() => new Map<string, string>());
  for (const map of away) {
    for (let spell = random.int(0, 3); spell > 0; spell--) {
      const from = random.int(0, days.length - 1);
      for (let d = from; d < Math.min(days.length, from + random.int(2, 6)); d++) map.set(days[d]!.date, 'b');
    }
    if (random.chance(0.3)) map.set(days[random.int(0, days.length - 1)]!.date, 'p');
  }

  // Marks a present student gets in a lesson: whatever it takes to reach about `marksPerStudent` a student.
  const slotsOn = new Map<number, typeof teaching.slots>();
  for (const slot of teaching.slots) slotsOn.set(slot.weekday, [...(slotsOn.get(slot.weekday) ?? []), slot]);
  for (const list of slotsOn.values()) list.sort((a, b) => a.lessonNumber - b.lessonNumber || a.assignment - b.assignment);
  let eligible = 0;
  for (const { weekday } of days) for (const slot of slotsOn.get(weekday) ?? []) if (graded[slot.assignment]) eligible += rosters[slot.assignment]!.length;
  const perLesson = (students.length * marksPerStudent) / Math.max(1, eligible * 0.95);

  const tallies = new Map<number, Tally>();
  const tally = (s: number, a: number, q: number) => {
    const key = (s * assignments.length + a) * 4 + q;
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = { sum: 0, weight: 0, lessons: 0, absent: 0 }));
    return t;
  };
  const given = assignments.map(() => 0);
  const taken = new Map<string, string>();
  const noise = () => (random.next() + random.next() + random.next() - 1.5) * 1.1;
  const grade = (s: number) => Math.min(5, Math.max(2, Math.round(students[s]!.level + noise())));

  for (const { date, quarter, weekday } of days) {
    for (const { assignment: a, lessonNumber } of slotsOn.get(weekday) ?? []) {
      const as = assignments[a]!;
      const k = given[a]!++;
      const line = k < as.plan.length ? k : null;
      const title = line === null ? 'Повторение изученного' : as.plan[line]!;
      const lesson = j.lessons.date.length;
      const withTopic = random.chance(0.97);
      const rollCall = random.chance(0.97);
      const end = BELLS[lessonNumber - 1]![1];
      let stamp = taken.get(`${date}|${end}`);
      if (!stamp) taken.set(`${date}|${end}`, (stamp = DateTime.fromISO(`${date}T${end}`, { zone: timeZone }).toUTC().toISO()!));
      j.lessons.assignment.push(a);
      j.lessons.date.push(date);
      j.lessons.lessonNumber.push(lessonNumber);
      j.lessons.topic.push(withTopic ? title : null);
      j.lessons.planLine.push(withTopic ? line : null);
      j.lessons.takenAt.push(rollCall ? stamp : null);
      const control = title.startsWith(CONTROL_TITLE);
      if (control) {
        j.controlWorks.assignment.push(a);
        j.controlWorks.date.push(date);
        j.controlWorks.title.push(title);
      }
      const h = random.next();
      if (h < 0.93) {
        j.homework.lesson.push(lesson);
        j.homework.text.push(h < 0.85 ? homeworkText(random, title) : null);
        j.homework.none.push(h >= 0.85);
        j.homework.dueDate.push(null);
      }
      for (const s of rosters[a]!) {
        if (!enrolled(s, date)) continue;
        let code = away[s]!.get(date) ?? null;
        if (!code) {
          const r = random.next();
          code = r < 0.004 ? 'n' : r < 0.009 ? 'op' : null;
        }
        if (code && rollCall) {
          j.attendance.lesson.push(lesson);
          j.attendance.student.push(s);
          j.attendance.code.push(code);
        }
        const t = tally(s, a, quarter);
        t.lessons++;
        if (code && code !== 'op') {
          t.absent++;
          continue;
        }
        if (!graded[a] || (as.subject.name === PE && students[s]!.exemptPe)) continue;
        const count = control ? 1 : Math.floor(perLesson) + (random.chance(perLesson % 1) ? 1 : 0);
        for (let m = 0; m < count; m++) {
          const type = control ? controlType(as.subject.name) : everydayType(random, as.subject.name);
          const value = grade(s);
          const second = as.subject.doubleMarksAllowed && (type === DICTATION || type === ESSAY || (type === CHECK && random.chance(0.3))) ? grade(s) : null;
          j.marks.lesson.push(lesson);
          j.marks.student.push(s);
          j.marks.value.push(value);
          j.marks.second.push(second);
          j.marks.workType.push(type);
          const w = Math.round(WORK_TYPES[type]!.weight * 100);
          t.sum += (value + (second ?? 0)) * w;
          t.weight += (second === null ? 1 : 2) * w;
        }
      }
    }
  }

  // Homework is due at the assignment's next lesson on a later day (a double lesson shares its homework's day).
  const next = new Map<number, { date: string; due: string | null }>();
  const dueOf: (string | null)[] = new Array<string | null>(j.lessons.date.length).fill(null);
  for (let l = j.lessons.date.length - 1; l >= 0; l--) {
    const later = next.get(j.lessons.assignment[l]!);
    const date = j.lessons.date[l]!;
    dueOf[l] = later ? (later.date === date ? later.due : later.date) : null;
    next.set(j.lessons.assignment[l]!, { date, due: dueOf[l]! });
  }
  j.homework.dueDate = j.homework.lesson.map((l) => dueOf[l]!);

  // Period marks: of those still in the group when the period ends, by the school's rounding (x.5 up).
  const yearMarks = new Map<number, number[]>();
  calendar.quarters.forEach((q, quarter) => {
    const out = { assignment: [] as number[], period: quarter, student: [] as number[], value: [] as string[] };
    assignments.forEach((as, a) => {
      if (!graded[a]) return;
      for (const s of rosters[a]!) {
        if (!enrolled(s, q.end)) continue;
        const t = tallies.get((s * assignments.length + a) * 4 + quarter);
        let value: string;
        if (as.subject.name === PE && students[s]!.exemptPe) value = 'exempt';
        else if (!t || t.weight === 0 || t.absent * 2 > t.lessons) value = 'na';
        else value = String(roundPeriodMark(t.sum / t.weight));
        out.assignment.push(a);
        out.student.push(s);
        out.value.push(value);
        const key = s * assignments.length + a;
        if (/^[2-5]$/.test(value)) yearMarks.set(key, [...(yearMarks.get(key) ?? []), Number(value)]);
      }
    });
    j.periodMarks.push(out);
  });
  const year = { assignment: [] as number[], period: calendar.quarters.length, student: [] as number[], value: [] as string[] };
  assignments.forEach((as, a) => {
    if (!graded[a]) return;
    for (const s of rosters[a]!) {
      if (!enrolled(s, calendar.end)) continue;
      const quarters = yearMarks.get(s * assignments.length + a) ?? [];
      year.assignment.push(a);
      year.student.push(s);
      year.value.push(as.subject.name === PE && students[s]!.exemptPe ? 'exempt' : quarters.length ? String(roundPeriodMark(quarters.reduce((x, y) => x + y, 0) / quarters.length)) : 'na');
    }
  });
  j.periodMarks.push(year);
  return j;
}

function controlType(subject: string): number {
  if (subject === 'Русский язык') return DICTATION;
  if (subject === 'Литература') return ESSAY;
  return CONTROL;
}

function everydayType(random: Random, subject: string): number {
  const r = random.next();
  if (r < 0.5) return ANSWER;
  if (r < 0.7) return HOMEWORK;
  if (r < 0.85) return INDEPENDENT;
  if (r < 0.95) return CHECK;
  return LAB_SUBJECTS.has(subject) ? LAB : ANSWER;
}

function homeworkText(random: Random, topic: string): string {
  const r = random.next();
  if (r < 0.4) return `§ ${random.int(1, 40)}, упр. ${random.int(1, 300)}`;
  if (r < 0.7) return `Стр. ${random.int(5, 200)}, вопросы ${random.int(1, 5)}–${random.int(6, 10)}`;
  return `Повторить: ${topic}`;
}
