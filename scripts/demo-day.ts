// A school day of the demo school half done, for the README's screenshot of the panel's day summary:
// topics, roll calls, homework and marks in some of the day's lessons, parents with consent and Telegram,
// last week's digests partly acknowledged, notifications waiting and one that failed.
import type { MikroORM } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';
import { DEMO_TIME_ZONE } from '../core/demo/seed-setup.js';
import { TelegramBinding } from '../core/telegram/telegram-binding.entity.js';
import { Homework } from '../core/journal/homework.entity.js';
import { Lesson } from '../core/journal/lesson.entity.js';
import { Mark } from '../core/journal/mark.entity.js';
import { timetabledLessons } from '../core/journal/reminder-queries.js';
import { Notification } from '../core/notifications/notification.entity.js';
import { WeeklyDigest } from '../core/notifications/weekly-digest.entity.js';
import { Consent } from '../core/privacy/consent.entity.js';
import { TelegramAccount } from '../core/telegram/telegram-account.entity.js';
import { addDays, isoWeekday, weekStart } from '../core/time/local-date.js';

/** Fills `day` (a school day of the demo school); deterministic: the n-th lesson, guardian… gets the same. */
export async function fillDemoDay(orm: MikroORM, day: string): Promise<void> {
  const em = orm.em.fork();
  const [school] = await em.execute<{ id: number }[]>('select id from school order by id limit 1');
  const schoolId = school!.id;
  const at = (time: string) => DateTime.fromISO(`${day}T${time}`, { zone: DEMO_TIME_ZONE }).toJSDate();
  const [workType] = await em.execute<{ id: number }[]>('select id from work_type where school_id = ? order by weight, id limit 1', [schoolId]);

  const rows = await timetabledLessons(em, schoolId, day, isoWeekday(day));
  for (const [i, row] of rows.entries()) {
    if (i % 5 === 4) continue;
    const lesson = em.create(Lesson, {
      school: schoolId, assignment: row.assignment_id, date: day, lessonNumber: row.lesson_number,
      topic: i % 7 === 3 ? null : 'Повторение изученного: решение задач по теме',
      attendanceTakenAt: i % 6 === 2 ? null : at('09:00'),
    });
    if (i % 3 !== 1) em.create(Homework, { school: schoolId, lesson, text: '§ 12, вопросы 1–4' });
    await em.flush();
    const students = await em.execute<{ student_id: number }[]>(
      'select student_id from enrollment where group_id = ? and end_date is null order by student_id limit 3', [row.group_id],
    );
    for (const [k, { student_id }] of students.entries()) {
      if ((i + k) % 2 === 0) em.create(Mark, { school: schoolId, lesson, student: student_id, value: 5 - ((i + k) % 3), workType: workType!.id });
    }
  }

  const guardians = await em.execute<{ id: number; student_id: number }[]>(
    'select g.id, min(l.student_id) as student_id from guardian g join student_guardian l on l.guardian_id = g.id where g.school_id = ? group by g.id order by g.id', [schoolId],
  );
  const lastWeek = weekStart(addDays(day, -7));
  for (const [i, g] of guardians.entries()) {
    if (i % 10 === 9) continue;
    em.create(Consent, { school: schoolId, guardian: g.id, status: 'given', date: addDays(day, -60) });
    if (i % 4 === 3) continue;
    const account = 900_000_000 + g.id;
    em.create(TelegramAccount, { id: account });
    em.create(TelegramBinding, { telegramAccount: account, school: schoolId, personKind: 'guardian', personId: g.id });
    em.create(WeeklyDigest, {
      school: schoolId, guardian: g.id, student: g.student_id, weekStart: lastWeek, sentAt: at('12:00'),
      acknowledgedAt: i % 3 === 0 ? null : at('18:00'),
    });
    if (i % 11 === 0) {
      em.create(Notification, {
        school: schoolId, telegramAccountId: account, personKind: 'guardian', personId: g.id, studentId: g.student_id, kind: 'mark',
        payload: {}, eventKey: `demo-day:${g.id}`, status: i === 22 ? 'failed' : 'pending', notBefore: at('23:00'), createdAt: at('11:00'),
      });
    }
  }
  await em.flush();
}
