import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { requireTeacher } from '../access/policy.js';
import { countPeople } from '../audit/named-people.js';
import type { ReadLog } from '../audit/read-log.js';
import { lessonsOf } from '../access/relations.js';
import { ValidationFailed, problem } from '../base/errors.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { TimetableSlot } from '../schedule/timetable-slot.entity.js';
import { BellSlot } from '../school/bell-schedule.entity.js';
import { Holiday } from '../school/holiday.entity.js';
import { isIsoDate } from '../school/rules/date-ranges.js';
import { shortName } from '../people/display-name.js';
import { School } from '../school/school.entity.js';
import { Homework } from './homework.entity.js';
import { Lesson } from './lesson.entity.js';
import { Mark } from './mark.entity.js';
import { addDays, isoWeekday } from '../time/local-date.js';
import { earliestEditable } from './edit-window.js';
import { ruDate } from '../time/format.js';
import type { Clock } from '../time/clock.js';

/** What a lesson still lacks (C1). */
export interface Missing {
  topic: boolean;
  attendance: boolean;
  marks: boolean;
  homework: boolean;
}

/** One lesson of a teacher's day, from the timetable and the journal. */
export interface DayLesson {
  assignmentId: number;
  lessonNumber: number;
  /** The journal's lesson, once opened. */
  lessonId: number | null;
  subject: string;
  group: string;
  subgroup: string | null;
  room: string | null;
  startsAt: string | null;
  /** 'mine': the actor substitutes in this lesson; 'other': someone substitutes for the actor. */
  substitution: { kind: 'mine' | 'other'; teacher: string } | null;
  topic: string | null;
  missing: Missing;
}

export interface TeacherDay {
  date: string;
  today: string;
  /** The holiday the date falls in, if any (no lessons are expected then). */
  holiday: string | null;
  lessons: DayLesson[];
  /** The earliest date whose lessons the teacher can still change (the school's edit window). */
  earliest: string;
}

/** How far ahead the teacher may look (homework can be set in advance, C5). */
const DAYS_AHEAD = 14;

/**
 * «Сегодня» (C1): a teacher's lessons on a date from the timetable, with the substitutions registered for
 * that date (the substitute sees the lesson; the regular teacher sees who substitutes) and what each
 * lesson still lacks. A handful of set-based queries, whatever the size of the teacher's load.
 */
export class TeacherDays {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
    private readonly reads: ReadLog,
  ) {}

  /** The day as the teacher opens it; a day that names a colleague substituting for the teacher is a read (G4). */
  async day(actor: Actor, date?: string): Promise<TeacherDay> {
    const em = this.em();
    requireTeacher(actor);
    const school = await em.findOneOrFail(School, actor.schoolId!);
    const today = this.clock.today(school.timeZone);
    const earliest = earliestEditable(today, school.markEditWindow);
    const day = date ?? today;
    if (!isIsoDate(day)) throw new ValidationFailed([problem('dateInvalid', 'date')]);
    if (day < earliest || day > addDays(today, DAYS_AHEAD)) {
      throw new ValidationFailed([problem('journal.dayOutOfReach', 'date', { from: ruDate(earliest), to: ruDate(addDays(today, DAYS_AHEAD)) })]);
    }
    const staffId = actor.staffId;
    const holiday = await em.findOne(Holiday, { school: school.id, startDate: { $lte: day }, endDate: { $gte: day } });

    const mine = await em.find(TeachingAssignment, { teacher: staffId, year: { startDate: { $lte: day }, endDate: { $gte: day } } });
    const slots = holiday || mine.length === 0 ? [] : await em.find(TimetableSlot, {
      assignment: { $in: mine.map((a) => a.id) },
      weekday: isoWeekday(day),
      validFrom: { $lte: day },
      $or: [{ validTo: null }, { validTo: { $gte: day } }],
    }, { populate: ['assignment.subject', 'group', 'subgroup', 'room'] });
    // Lessons already in the journal: the actor's own, and those the actor substitutes in.
    const lessonIds = await lessonsOf(em, staffId!, { on: day });
    const lessons = lessonIds.length ? await em.find(Lesson, { id: { $in: lessonIds } }, { populate: ['assignment.subject', 'assignment.group', 'assignment.subgroup', 'substituteTeacher'] }) : [];

    const key = (assignmentId: number, n: number) => `${assignmentId}:${n}`;
    const byKey = new Map(lessons.map((l) => [key(l.assignment.id, l.lessonNumber), l]));
    const entries = new Map<string, DayLesson>();
    // Individual homework alone does not count: the class still has none (as the reminders see it).
    const [marked, withHomework] = await Promise.all([lessonsWith(em, Mark, lessonIds), lessonsWith(em, Homework, lessonIds, { student: null })]);

    const describe = (assignment: TeachingAssignment, n: number, room: string | null): DayLesson => {
      const lesson = byKey.get(key(assignment.id, n));
      const substitute = lesson?.substituteTeacher;
      return {
        assignmentId: assignment.id,
        lessonNumber: n,
        lessonId: lesson?.id ?? null,
        subject: assignment.subject.name,
        group: assignment.group.name,
        subgroup: assignment.subgroup?.name ?? null,
        room,
        startsAt: null,
        substitution: substitute ? { kind: substitute.id === staffId ? 'mine' : 'other', teacher: shortName(substitute) } : null,
        topic: lesson?.topic ?? null,
        missing: {
          topic: !lesson?.topic,
          attendance: !lesson?.attendanceTakenAt,
          marks: !lesson || !marked.has(lesson.id),
          homework: !lesson || !withHomework.has(lesson.id),
        },
      };
    };
    for (const slot of slots) {
      entries.set(key(slot.assignment.id, slot.lessonNumber), describe(slot.assignment, slot.lessonNumber, slot.room?.name ?? null));
    }
    for (const lesson of lessons) {
      const k = key(lesson.assignment.id, lesson.lessonNumber);
      if (!entries.has(k)) entries.set(k, describe(lesson.assignment, lesson.lessonNumber, null));
    }
    const result = [...entries.values()].sort((a, b) => a.lessonNumber - b.lessonNumber || a.group.localeCompare(b.group, 'ru'));
    await this.addBellTimes(em, result, slots);
    const named = countPeople(lessons.map((l) => ['Staff', l.substituteTeacher?.id] as const), actor);
    await this.reads.record(actor, { kind: 'list', resource: 'TeacherDay', schoolId: school.id, detail: day, people: named });
    return { date: day, today, holiday: holiday?.name ?? null, lessons: result, earliest };
  }

  private async addBellTimes(em: EntityManager, lessons: DayLesson[], slots: TimetableSlot[]): Promise<void> {
    const scheduleOf = new Map<number, number>();
    for (const slot of slots) if (slot.group.bellSchedule) scheduleOf.set(slot.assignment.id, slot.group.bellSchedule.id);
    const scheduleIds = [...new Set(scheduleOf.values())];
    if (scheduleIds.length === 0) return;
    const bells = await em.find(BellSlot, { schedule: { $in: scheduleIds } });
    const startOf = new Map(bells.map((b) => [`${b.schedule.id}:${b.lessonNumber}`, b.startsAt]));
    for (const lesson of lessons) {
      const schedule = scheduleOf.get(lesson.assignmentId);
      if (schedule !== undefined) lesson.startsAt = startOf.get(`${schedule}:${lesson.lessonNumber}`) ?? null;
    }
  }
}

/** Which of `lessonIds` have at least one row of `entity`. */
async function lessonsWith(em: EntityManager, entity: typeof Mark | typeof Homework, lessonIds: number[], where: Record<string, unknown> = {}): Promise<Set<number>> {
  if (lessonIds.length === 0) return new Set();
  // Counted in SQL rather than loaded: partly loaded entities would linger in the request's identity map.
  const rows = await em.createQueryBuilder(entity as typeof Mark).select('lesson').distinct().where({ lesson: { $in: lessonIds }, ...where }).execute<{ lesson: number }[]>();
  return new Set(rows.map((r) => r.lesson));
}
