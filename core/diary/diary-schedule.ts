import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, isoWeekday } from '../time/local-date.js';
import { Lesson } from '../journal/lesson.entity.js';
import type { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { TimetableSlot } from '../schedule/timetable-slot.entity.js';
import { BellSlot } from '../school/bell-schedule.entity.js';
import { Holiday } from '../school/holiday.entity.js';
import { nextSchoolDayOf } from '../school/school-days.js';
import { shortName } from '../people/display-name.js';
import { enrollmentOn, lessonsOfStudent, type DiaryScope } from './diary-scope.js';

/** The ranges of the diary's buttons (their index travels in the button); `day` is one date asked for in words. */
export const SCHEDULE_RANGES = ['today', 'tomorrow', 'week'] as const;
export type ScheduleRange = (typeof SCHEDULE_RANGES)[number] | 'day';

/** One lesson of the student's day (D5). */
export interface DiaryLesson {
  lessonNumber: number;
  startsAt: string | null;
  endsAt: string | null;
  subjectId: number;
  subject: string;
  /** The assignment's teacher, «Иванова М. П.». */
  teacher: string;
  room: string | null;
  subgroup: string | null;
  /** Who substitutes for the teacher on that date (C6). */
  substitute: string | null;
  /** Not in the weekly timetable: a lesson moved or added for that date. */
  changed: boolean;
  topic: string | null;
}

export interface ScheduleDay {
  date: string;
  holiday: string | null;
  lessons: DiaryLesson[];
}

export interface ScheduleView {
  range: ScheduleRange;
  today: string;
  days: ScheduleDay[];
}

/** Today, the next school day («завтра»), or the school week (Monday to Sunday) of today; on a Sunday the coming week. */
export function scheduleDates(today: string, range: Exclude<ScheduleRange, 'day'>, nextSchoolDay: string): string[] {
  if (range === 'today') return [today];
  if (range === 'tomorrow') return [nextSchoolDay];
  const weekday = isoWeekday(today);
  const monday = weekday === 7 ? addDays(today, 1) : addDays(today, 1 - weekday);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/**
 * D5: the student's lessons on each date from the timetable of its group and subgroups, holidays, and the
 * journal's lessons of those dates (substitutions, topics, lessons moved to that date).
 */
export async function schedule(em: EntityManager, scope: DiaryScope, range: ScheduleRange, date?: string): Promise<ScheduleView> {
  const dates = range === 'day'
    ? [date ?? scope.today]
    : scheduleDates(scope.today, range, range === 'tomorrow' ? await nextSchoolDayOf(em, scope.school, scope.today) : scope.today);
  const from = dates[0]!;
  const to = dates.at(-1)!;
  const groupIds = [...new Set(dates.map((d) => enrollmentOn(scope, d)?.group.id).filter((g): g is number => g !== undefined))];
  const lessonFilter = lessonsOfStudent(scope);
  const [holidays, slots, lessons] = await Promise.all([
    em.find(Holiday, { school: scope.school.id, startDate: { $lte: to }, endDate: { $gte: from } }),
    groupIds.length === 0 ? [] : em.find(TimetableSlot, {
      school: scope.school.id,
      group: { $in: groupIds },
      validFrom: { $lte: to },
      $or: [{ validTo: null }, { validTo: { $gte: from } }],
    }, { populate: ['assignment.subject', 'assignment.teacher', 'assignment.subgroup', 'subgroup', 'room', 'group'] }),
    !lessonFilter ? [] : em.find(Lesson, { $and: [lessonFilter, { school: scope.school.id, date: { $gte: from, $lte: to } }] }, {
      populate: ['assignment.subject', 'assignment.teacher', 'assignment.subgroup', 'assignment.group', 'substituteTeacher'],
    }),
  ]);
  const mine = (subgroupId: number | undefined) => subgroupId === undefined || scope.subgroupIds.includes(subgroupId);
  const bells = await bellTimes(em, [...slots.map((s) => s.group.bellSchedule?.id), ...lessons.map((l) => l.assignment.group.bellSchedule?.id)]);

  const days = dates.map((date): ScheduleDay => {
    const holiday = holidays.find((h) => h.startDate <= date && h.endDate >= date);
    const group = enrollmentOn(scope, date)?.group;
    const entries = new Map<string, DiaryLesson>();
    const key = (assignmentId: number, n: number) => `${assignmentId}:${n}`;
    const ofDate = lessons.filter((l) => l.date === date);
    const describe = (a: TeachingAssignment, n: number, room: string | null, subgroup: string | null, changed: boolean): DiaryLesson => {
      const lesson = ofDate.find((l) => l.assignment.id === a.id && l.lessonNumber === n);
      const bell = bells.get(`${a.group.bellSchedule?.id ?? group?.bellSchedule?.id}:${n}`);
      return {
        lessonNumber: n,
        startsAt: bell?.startsAt ?? null,
        endsAt: bell?.endsAt ?? null,
        subjectId: a.subject.id,
        subject: a.subject.name,
        teacher: shortName(a.teacher),
        room,
        subgroup,
        substitute: lesson?.substituteTeacher ? shortName(lesson.substituteTeacher) : null,
        changed,
        topic: lesson?.topic ?? null,
      };
    };
    if (!holiday && group) {
      for (const slot of slots) {
        if (slot.group.id !== group.id || slot.weekday !== isoWeekday(date) || slot.validFrom > date || (slot.validTo && slot.validTo < date)) continue;
        if (!mine(slot.subgroup?.id) || !mine(slot.assignment.subgroup?.id)) continue;
        const subgroup = slot.subgroup?.name ?? slot.assignment.subgroup?.name ?? null;
        entries.set(key(slot.assignment.id, slot.lessonNumber), describe(slot.assignment, slot.lessonNumber, slot.room?.name ?? null, subgroup, false));
      }
    }
    for (const lesson of ofDate) {
      const k = key(lesson.assignment.id, lesson.lessonNumber);
      if (!entries.has(k)) entries.set(k, describe(lesson.assignment, lesson.lessonNumber, null, lesson.assignment.subgroup?.name ?? null, true));
    }
    const sorted = [...entries.values()].sort((a, b) => a.lessonNumber - b.lessonNumber || a.subject.localeCompare(b.subject, 'ru'));
    return { date, holiday: holiday?.name ?? null, lessons: sorted };
  });
  return { range, today: scope.today, days };
}

async function bellTimes(em: EntityManager, scheduleIds: (number | undefined)[]): Promise<Map<string, { startsAt: string; endsAt: string }>> {
  const ids = [...new Set(scheduleIds.filter((id): id is number => id !== undefined))];
  if (ids.length === 0) return new Map();
  const bells = await em.find(BellSlot, { schedule: { $in: ids } });
  return new Map(bells.map((b) => [`${b.schedule.id}:${b.lessonNumber}`, { startsAt: b.startsAt, endsAt: b.endsAt }]));
}
