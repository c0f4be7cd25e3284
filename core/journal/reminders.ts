import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import type { Language } from '../i18n/languages.js';
import type { PeriodType } from '../school/period.entity.js';
import { School } from '../school/school.entity.js';
import { addDays, isoWeekday, localDate } from '../time/local-date.js';
import { gradingDeadlines, missingPeriodMarks, todayLessons, ungradedWorks } from './reminder-queries.js';
import { ReminderSent } from './reminder-sent.entity.js';
import type { Clock } from '../time/clock.js';

export const LESSON_FIELDS = ['topic', 'attendance', 'homework'] as const;
export type LessonField = (typeof LESSON_FIELDS)[number];

/** Grading deadline of a control work whose form matches no work type with a deadline (C9: control work). */
export const DEFAULT_GRADING_DAYS = 3;
/** Older control works are history, not a reminder. */
export const CONTROL_WORK_LOOKBACK_DAYS = 30;
/** Period marks are due in the period's last week, its end date included. */
export const PERIOD_LAST_WEEK_DAYS = 7;
/** How long delivered items are remembered: longer than any item can stay due. */
export const REMINDER_MEMORY_DAYS = 60;

/** The assignment an item is about, described as a teacher knows it. */
interface Teaching {
  /** Stable across runs: what ReminderSent remembers. */
  key: string;
  assignmentId: number;
  subject: string;
  /** The group's name, with the subgroup's when the assignment is for one. */
  group: string;
}

export interface LessonReminder extends Teaching {
  kind: 'lesson';
  field: LessonField;
  date: string;
  lessonNumber: number;
}

export interface UngradedWorkReminder extends Teaching {
  kind: 'control';
  controlWorkId: number;
  date: string;
  /** The last day for grading, already passed or today. */
  deadline: string;
  form: string;
  title: string | null;
}

export interface PeriodMarksReminder extends Teaching {
  kind: 'period';
  periodId: number;
  periodType: PeriodType;
  periodNumber: number;
  endDate: string;
  studentsLeft: number;
}

export type ReminderItem = LessonReminder | UngradedWorkReminder | PeriodMarksReminder;

export interface TeacherReminders {
  staffId: number;
  items: ReminderItem[];
}

export interface SchoolReminders {
  schoolId: number;
  /** The school's date now, in its time zone. */
  today: string;
  /** Inside the school's notification quiet hours (A14): nothing should be sent now. */
  quietHours: boolean;
  teachers: TeacherReminders[];
}

/** A Telegram account through which a member of staff is bound to the journal. */
export interface ReminderRecipient {
  staffId: number;
  telegramUserId: number;
  language: Language;
}

/**
 * What teachers have left undone in the journal (C9, H1): today's lessons without topic, roll call or
 * homework once the school's homework deadline after the group's last lesson has passed; control works
 * not graded by their deadline; period marks missing in the period's last week. Each school is judged in
 * its own time zone, with a fixed number of queries however large it is.
 */
export class Reminders {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  async due(): Promise<SchoolReminders[]> {
    const em = this.em();
    const now = this.clock.now();
    const schools = await em.find(School, {}, { orderBy: { id: 'asc' } });
    const result: SchoolReminders[] = [];
    for (const school of schools) result.push(await this.dueIn(em, school, now, localDate(now, school.timeZone)));
    return result;
  }

  /** Of `keys` per member of staff, those already delivered: as `${staffId}:${key}`. */
  async delivered(keysByStaff: Map<number, string[]>): Promise<Set<string>> {
    const staffIds = [...keysByStaff.keys()];
    const keys = [...new Set([...keysByStaff.values()].flat())];
    if (!staffIds.length || !keys.length) return new Set();
    const rows = await this.em().find(ReminderSent, { staff: { $in: staffIds }, item: { $in: keys } }, { fields: ['staff', 'item'] });
    return new Set(rows.map((r) => `${r.staff.id}:${r.item}`));
  }

  /** The Telegram accounts of active staff bound through a binding in force. */
  async recipients(staffIds: number[]): Promise<ReminderRecipient[]> {
    if (!staffIds.length) return [];
    const rows = await this.em().execute<{ staff_id: number; telegram_user_id: string | number; language: Language }[]>(
      `select distinct b.person_id as staff_id, a.id as telegram_user_id, a.language
       from telegram_binding b
       join telegram_account a on a.id = b.telegram_account_id
       join staff s on s.id = b.person_id and s.school_id = b.school_id
       where b.person_kind = 'staff' and b.revoked_at is null and s.active and b.person_id in (?)
       order by b.person_id, a.id`,
      [staffIds],
    );
    return rows.map((r) => ({ staffId: r.staff_id, telegramUserId: Number(r.telegram_user_id), language: r.language }));
  }

  /** Remembers items as delivered to the member of staff; an item remembered already stays as it was. */
  async recordDelivered(schoolId: number, staffId: number, keys: string[]): Promise<void> {
    if (!keys.length) return;
    const sentAt = this.clock.now();
    await this.em()
      .createQueryBuilder(ReminderSent)
      .insert(keys.map((item) => ({ school: schoolId, staff: staffId, item, sentAt })))
      .onConflict(['staff', 'item'])
      .ignore()
      .execute();
  }

  async prune(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - REMINDER_MEMORY_DAYS * 24 * 3600_000);
    return this.em().nativeDelete(ReminderSent, { sentAt: { $lt: cutoff } });
  }

  /** `today` is the school's date at `now` (one instant for every school of the run). */
  private async dueIn(em: EntityManager, school: School, now: Date, today: string): Promise<SchoolReminders> {
    const local = DateTime.fromJSDate(now, { zone: school.timeZone });
    const byTeacher = new Map<number, ReminderItem[]>();
    const add = (staffId: number, item: ReminderItem) => {
      const items = byTeacher.get(staffId) ?? [];
      items.push(item);
      byTeacher.set(staffId, items);
    };

    for (const row of await todayLessons(em, school.id, today, isoWeekday(today))) {
      const deadline = DateTime.fromISO(`${today}T${row.group_ends_at}`, { zone: school.timeZone }).plus({ minutes: school.homeworkDeadlineMinutes });
      if (!deadline.isValid || local < deadline) continue;
      const missing: Record<LessonField, boolean> = { topic: !row.has_topic, attendance: !row.has_attendance, homework: !row.has_homework };
      // A registered substitute gave the lesson, so it is theirs to fill in, not the absent teacher's.
      const teacherId = row.substitute_id ?? row.teacher_id;
      for (const field of LESSON_FIELDS.filter((f) => missing[f])) {
        add(teacherId, {
          kind: 'lesson',
          key: `lesson:${row.assignment_id}:${today}:${row.lesson_number}:${field}`,
          ...teaching(row),
          field,
          date: today,
          lessonNumber: row.lesson_number,
        });
      }
    }

    const since = addDays(today, -CONTROL_WORK_LOOKBACK_DAYS);
    const works = await ungradedWorks(em, school.id, today, since);
    const deadlines = works.length ? await gradingDeadlines(em, school.id) : [];
    const daysFor = new Map(deadlines.map((d) => [d.name.trim().toLocaleLowerCase('ru'), d.days]));
    for (const row of works) {
      const days = daysFor.get(row.form.trim().toLocaleLowerCase('ru')) ?? DEFAULT_GRADING_DAYS;
      const deadline = addDays(row.date, days);
      if (deadline > today) continue;
      add(row.teacher_id, {
        kind: 'control',
        key: `control:${row.control_work_id}`,
        ...teaching(row),
        controlWorkId: row.control_work_id,
        date: row.date,
        deadline,
        form: row.form,
        title: row.title,
      });
    }

    const lastDay = addDays(today, PERIOD_LAST_WEEK_DAYS - 1);
    for (const row of await missingPeriodMarks(em, school.id, today, lastDay)) {
      add(row.teacher_id, {
        kind: 'period',
        key: `period:${row.period_id}:${row.assignment_id}`,
        ...teaching(row),
        periodId: row.period_id,
        periodType: row.period_type,
        periodNumber: row.period_number,
        endDate: row.end_date,
        studentsLeft: row.students_left,
      });
    }

    return {
      schoolId: school.id,
      today,
      quietHours: isQuiet(local.toFormat('HH:mm'), school.quietHoursStart, school.quietHoursEnd),
      teachers: [...byTeacher].map(([staffId, items]) => ({ staffId, items })),
    };
  }
}

function teaching(row: { assignment_id: number; subject: string; group_name: string; subgroup_name: string | null }) {
  return { assignmentId: row.assignment_id, subject: row.subject, group: row.subgroup_name ? `${row.group_name} (${row.subgroup_name})` : row.group_name };
}

/** Quiet hours may run over midnight (21:00–08:00); equal ends mean none. */
export function isQuiet(time: string, start: string, end: string): boolean {
  if (start === end) return false;
  return start < end ? time >= start && time < end : time >= start || time < end;
}
