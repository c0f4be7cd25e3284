import { DateTime } from 'luxon';
import { isoWeekday } from '../../time/local-date.js';
import { schoolDays, type AcademicCalendar } from '../calendar.js';
import { BELLS, WORK_TYPES } from '../curriculum.js';
import type { Random } from '../prng.js';
import type { JournalOptions, JournalSchool, Tally, YearJournal } from './journal-school.js';
import { periodMarks, PE } from './year-period-marks.js';

/** Grade 1 is taught without marks (безотметочное обучение). */
export const FIRST_MARKED_GRADE = 2;

/** How a student does (its usual level, about 3.9 and never below 2.6) and whether it is exempt from PE: drawn in that order. */
export function studentTraits(random: Random): { level: number; exemptPe: boolean } {
  const level = Math.min(4.9, Math.max(2.6, 3.9 + (random.next() + random.next() + random.next() - 1.5) * 0.9));
  return { level, exemptPe: random.chance(0.015) };
}

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

/**
 * A school's journal of the year up to `until`: every lesson of the timetable on every school day, its topic
 * from the КТП (or the control work of the school's график), the roll call, homework due at the next lesson,
 * marks (about `marksPerStudent` a student in a whole year, only for students in the group on that day and
 * present; none in grade 1, in subjects without attestation or for those exempt from PE; double marks only
 * where the subject allows them) and, for each period over by then, the period marks the marks round to (н/а
 * for those who missed most of a subject's lessons). The random draws of a day do not depend on `until`: the
 * journal up to one day is the beginning of the journal up to a later one.
 */
export function createYearJournal(random: Random, calendar: AcademicCalendar, timeZone: string, school: JournalSchool, options: JournalOptions): YearJournal {
  const j: YearJournal = {
    lessons: { assignment: [], date: [], lessonNumber: [], topic: [], planLine: [], takenAt: [], at: [], control: [] },
    attendance: { lesson: [], student: [], code: [] },
    marks: { lesson: [], student: [], value: [], second: [], workType: [] },
    homework: { lesson: [], text: [], none: [], dueDate: [] },
    periodMarks: [],
  };
  const { students, groups, assignments } = school;
  const until = options.until ?? calendar.end;
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

  // Marks a present student gets in a lesson: whatever it takes to reach about `marksPerStudent` a student in the year.
  const slotsOn = new Map<number, JournalSchool['slots'][number][]>();
  for (const slot of school.slots) slotsOn.set(slot.weekday, [...(slotsOn.get(slot.weekday) ?? []), slot]);
  for (const list of slotsOn.values()) list.sort((a, b) => a.lessonNumber - b.lessonNumber || a.assignment - b.assignment);
  let eligible = 0;
  for (const { weekday } of days) for (const slot of slotsOn.get(weekday) ?? []) if (graded[slot.assignment]) eligible += rosters[slot.assignment]!.length;
  const perLesson = (students.length * options.marksPerStudent) / Math.max(1, eligible * 0.95);

  const tallies = new Map<number, Tally>();
  const tally = (s: number, a: number, q: number) => {
    const key = (s * assignments.length + a) * 4 + q;
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = { sum: 0, weight: 0, lessons: 0, absent: 0 }));
    return t;
  };
  const given = assignments.map(() => 0);
  const stamps = new Map<string, string>();
  const controlled = new Set<string>();
  const noise = () => (random.next() + random.next() + random.next() - 1.5) * 1.1;
  const grade = (s: number) => Math.min(5, Math.max(2, Math.round(students[s]!.level + noise())));

  for (const { date, quarter, weekday } of days) {
    if (date > until) break;
    for (const { assignment: a, lessonNumber } of slotsOn.get(weekday) ?? []) {
      const as = assignments[a]!;
      // A control work of the график takes the day's first lesson of the subject; the КТП waits for the next one.
      const scheduled = controlled.has(`${a}|${date}`) ? undefined : options.scheduledControl?.(a, date);
      if (scheduled) controlled.add(`${a}|${date}`);
      const withTopic = random.chance(0.97);
      const rollCall = random.chance(0.97);
      // A lesson left without a topic takes no hour of the КТП: the journal proposes the first line with hours left.
      const k = scheduled || !withTopic ? null : given[a]!++;
      const line = k !== null && k < as.plan.length ? k : null;
      const title = scheduled ?? (k === null ? null : line === null ? 'Повторение изученного' : as.plan[line]!);
      const lesson = j.lessons.date.length;
      const end = BELLS[lessonNumber - 1]![1];
      let stamp = stamps.get(`${date}|${end}`);
      if (!stamp) stamps.set(`${date}|${end}`, (stamp = DateTime.fromISO(`${date}T${end}`, { zone: timeZone }).toUTC().toISO()!));
      const control = title !== null && (scheduled !== undefined || options.isControlTopic(title));
      j.lessons.assignment.push(a);
      j.lessons.date.push(date);
      j.lessons.lessonNumber.push(lessonNumber);
      j.lessons.topic.push(title);
      j.lessons.planLine.push(line);
      j.lessons.takenAt.push(rollCall ? stamp : null);
      j.lessons.at.push(stamp);
      j.lessons.control.push(control ? title : null);
      const h = random.next();
      if (h < 0.93) {
        j.homework.lesson.push(lesson);
        j.homework.text.push(h < 0.85 ? homeworkText(random, title ?? as.plan[given[a]!] ?? 'Повторение изученного') : null);
        j.homework.none.push(h >= 0.85);
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
  j.homework.dueDate = dueDates(j, days, school.slots);
  const closedAt = (day: string) => DateTime.fromISO(`${day}T${BELLS[BELLS.length - 1]![1]}`, { zone: timeZone }).toUTC().toISO()!;
  j.periodMarks = periodMarks(calendar, until, school, rosters, graded, enrolled, (s, a, q) => tallies.get((s * assignments.length + a) * 4 + q), closedAt);
  return j;
}

/** Homework is due at the assignment's next lesson on a later school day, by the timetable (generated or not yet). */
function dueDates(j: YearJournal, days: readonly { date: string; weekday: number }[], slots: JournalSchool['slots']): (string | null)[] {
  const weekdaysOf = new Map<number, Set<number>>();
  for (const s of slots) weekdaysOf.set(s.assignment, (weekdaysOf.get(s.assignment) ?? new Set()).add(s.weekday));
  const dayIndex = new Map(days.map((d, i) => [d.date, i]));
  const memo = new Map<string, string | null>();
  return j.homework.lesson.map((l) => {
    const a = j.lessons.assignment[l]!;
    const date = j.lessons.date[l]!;
    const key = `${a}|${date}`;
    if (!memo.has(key)) {
      let due: string | null = null;
      for (let d = dayIndex.get(date)! + 1; d < days.length && due === null; d++) if (weekdaysOf.get(a)?.has(days[d]!.weekday)) due = days[d]!.date;
      memo.set(key, due);
    }
    return memo.get(key)!;
  });
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
