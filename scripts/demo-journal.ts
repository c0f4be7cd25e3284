// Fills one class journal of the demo school (7А, Русский язык) for the README's screenshot of «Журнал»: the
// lessons of the current quarter up to today by the timetable, their topics from the КТП, homework, marks of
// the school's work types (some double, some make-up), absences and lateness; and gives the demo deputy head
// a panel login. Lessons already in the journal (the demo school's past up to yesterday, or a day filled by
// scripts/demo-day.ts) are kept as they are: only the others are added.
import type { EntityManager } from '@mikro-orm/postgresql';
import { academicCalendar, isSchoolDay } from '../core/demo/calendar.js';
import { DEMO_TIME_ZONE } from '../core/demo/seed-setup.js';
import { seededRandom } from '../core/demo/prng.js';
import { Attendance } from '../core/journal/attendance.entity.js';
import { Homework } from '../core/journal/homework.entity.js';
import { Lesson } from '../core/journal/lesson.entity.js';
import { Mark } from '../core/journal/mark.entity.js';
import { WorkType } from '../core/school/work-type.entity.js';
import { AdminAccount } from '../core/accounts/admin-account.entity.js';
import { hashPassword } from '../core/accounts/passwords.js';
import { Enrollment } from '../core/people/enrollment.entity.js';
import { Staff } from '../core/people/staff.entity.js';
import { TeachingAssignment } from '../core/schedule/teaching-assignment.entity.js';
import { ThematicPlanTopic } from '../core/schedule/thematic-plan-topic.entity.js';
import { TimetableSlot } from '../core/schedule/timetable-slot.entity.js';
import { nextDay } from '../core/school/rules/date-ranges.js';
import type { Clock } from '../core/time/clock.js';
import { isoWeekday } from '../core/time/local-date.js';

export async function fillDemoJournal(em: EntityManager, clock: Clock, login: { email: string; password: string }): Promise<{ groupId: number; assignmentId: number }> {
  const random = seededRandom(20261205);
  const today = clock.today(DEMO_TIME_ZONE);
  const calendar = academicCalendar(today);
  const quarter = calendar.quarters.find((q) => q.start <= today && today <= q.end)
    ?? [...calendar.quarters].reverse().find((q) => q.end < today) ?? calendar.quarters[0]!;
  const assignment = await em.findOneOrFail(TeachingAssignment, { subject: { name: 'Русский язык' }, group: { name: '7А' } }, { populate: ['group', 'school'] });
  const school = assignment.school.id;
  const slots = await em.find(TimetableSlot, { assignment: assignment.id }, { orderBy: { weekday: 'asc', lessonNumber: 'asc' } });
  const topics = await em.find(ThematicPlanTopic, { assignment: assignment.id }, { orderBy: { position: 'asc' } });
  const students = (await em.find(Enrollment, { group: assignment.group.id, endDate: null })).map((e) => e.student.id);
  const workTypes = await em.find(WorkType, { school });
  const type = (name: string) => workTypes.find((w) => w.name === name)!.id;

  const lessons: Lesson[] = [];
  const last = today < quarter.end ? today : quarter.end;
  // The day of the screenshots may already have this lesson (scripts/demo-day.ts fills it): kept as it is.
  const given = new Set((await em.find(Lesson, { assignment: assignment.id, date: { $gte: quarter.start, $lte: last } })).map((l) => `${l.date}:${l.lessonNumber}`));
  for (let d = quarter.start; d <= last; d = nextDay(d)) {
    if (!isSchoolDay(calendar, d)) continue;
    for (const slot of slots.filter((s) => s.weekday === isoWeekday(d) && !given.has(`${d}:${s.lessonNumber}`))) {
      const topic = topics[lessons.length]?.title ?? null;
      lessons.push(em.create(Lesson, { school, assignment: assignment.id, date: d, lessonNumber: slot.lessonNumber, topic, attendanceTakenAt: clock.now() }));
    }
  }
  await em.flush();
  lessons.forEach((lesson, n) => {
    if (n < lessons.length - 1) em.create(Homework, { school, lesson: lesson.id, text: `§ ${n + 3}, упр. ${12 + n * 3}` });
    const dictation = n % 9 === 8;
    for (const student of students) {
      const absent = random.chance(0.05);
      if (absent) em.create(Attendance, { school, lesson: lesson.id, student, code: random.pick(['n', 'b', 'b', 'p'] as const) });
      else if (random.chance(0.03)) em.create(Attendance, { school, lesson: lesson.id, student, code: 'op' });
      const marked = dictation ? !absent : random.chance(0.16);
      if (!marked && !(absent && random.chance(0.3))) continue;
      const value = random.pick([5, 5, 4, 4, 4, 3, 3, 2]);
      em.create(Mark, {
        school, lesson: lesson.id, student, value,
        ...(dictation && random.chance(0.5) ? { second: Math.max(2, value - random.int(0, 1)) } : {}),
        workType: dictation ? type('Диктант') : type(random.pick(['Ответ на уроке', 'Ответ на уроке', 'Самостоятельная работа', 'Домашняя работа'])),
        makeUp: absent,
      });
    }
  });
  const deputy = (await em.find(Staff, { school })).find((s) => s.roles.includes('deputy'))!;
  em.create(AdminAccount, { email: login.email, passwordHash: await hashPassword(login.password), staff: deputy.id });
  await em.flush();
  return { groupId: assignment.group.id, assignmentId: assignment.id };
}
