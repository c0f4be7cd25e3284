import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianActor, staffActor, studentActor, systemActor, type Actor } from '../../core/access/actor.js';
import { requireDiaryAccess } from '../../core/diary/diary-access.js';
import { AccessDenied, NotFound } from '../../core/base/errors.js';
import { Student } from '../../core/people/student.entity.js';
import { School } from '../../core/school/school.entity.js';
import { createDiaryFixture, DIARY_NOW, DIARY_TODAY } from '../support/diary-fixture.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { fixedClock } from '../../core/time/clock.js';

describe('the diary (D1–D8) and who may read it', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createDiaryFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  let guardian: Actor;
  let student: Actor;
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const diary = () => t.core.diary;

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(DIARY_NOW));
    s = await createDiaryFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    guardian = guardianActor({ guardianId: s.guardianA.id, schoolId: s.school.id });
    student = studentActor({ studentId: s.studentA.id, schoolId: s.school.id });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('access (requireDiaryAccess)', () => {
    const check = (viewer: Actor, studentId: number) => run(() => requireDiaryAccess(t.orm.em, viewer, studentId, DIARY_TODAY));

    it('lets a student read its own diary and a guardian with consent its child\'s', async () => {
      expect((await check(student, s.studentA.id)).id).toBe(s.studentA.id);
      expect((await check(guardian, s.studentA.id)).id).toBe(s.studentA.id);
    });

    it('refuses another child: a guardian of one child asking for another, a student asking for a classmate', async () => {
      await expect(check(guardian, s.studentB.id)).rejects.toBeInstanceOf(AccessDenied);
      await expect(check({ ...guardian, personId: s.id.guardianB }, s.studentA.id)).rejects.toBeInstanceOf(AccessDenied);
      await expect(check(student, s.id.c1)).rejects.toBeInstanceOf(AccessDenied);
      await expect(check(student, s.studentB.id)).rejects.toBeInstanceOf(AccessDenied);
      // Every view goes through the same check.
      await expect(run(() => diary().recentMarks(guardian, s.studentB.id))).rejects.toBeInstanceOf(AccessDenied);
      await expect(run(() => diary().schedule(student, s.id.c1, 'today'))).rejects.toBeInstanceOf(AccessDenied);
      await expect(run(() => diary().rating(student, s.id.c1))).rejects.toBeInstanceOf(AccessDenied);
    });

    it('refuses a guardian without consent (G2), staff, and anything across schools', async () => {
      await expect(check({ ...guardian, personId: s.id.noConsentGuardian }, s.studentA.id)).rejects.toBeInstanceOf(AccessDenied);
      await expect(check(staffActor({ staffId: s.people.classTeacherA.id, schoolId: s.school.id, roles: ['teacher'], classGroupIds: [s.groupA.id], source: 'bot' }), s.studentA.id)).rejects.toBeInstanceOf(AccessDenied);
      // A student of another school does not exist for this school's people, whatever they claim.
      await expect(check(guardian, other.studentA.id)).rejects.toBeInstanceOf(NotFound);
      await expect(check(guardianActor({ guardianId: other.guardianA.id, schoolId: other.school.id }), s.studentA.id)).rejects.toBeInstanceOf(NotFound);
      await expect(check({ ...guardian, schoolId: other.school.id }, other.studentA.id)).rejects.toBeInstanceOf(AccessDenied);
      await expect(check(guardian, 0)).rejects.toBeInstanceOf(NotFound);
      await expect(check(guardian, 999_999)).rejects.toBeInstanceOf(NotFound);
    });

    it('ends with the consent withdrawn, and with the student gone from school', async () => {
      const sys = systemActor('cli');
      await run(() => t.core.consents.record(s.guardianA.id, 'refused', '2026-11-20', sys));
      await expect(check(guardian, s.studentA.id)).rejects.toBeInstanceOf(AccessDenied);
      await run(() => t.core.consents.record(s.guardianA.id, 'given', '2026-11-21', sys));
      expect((await check(guardian, s.studentA.id)).id).toBe(s.studentA.id);

      const em = t.orm.em.fork();
      await em.nativeUpdate(Student, { id: s.id.c3 }, { status: 'expelled' });
      await expect(check({ ...student, personId: s.id.c3 }, s.id.c3)).rejects.toBeInstanceOf(NotFound);
      await em.nativeUpdate(Student, { id: s.id.c3 }, { status: 'studying' });
    });
  });

  it('D1: recent marks of the last 14 days with subject, work type, date and comment, newest first', async () => {
    const recent = await run(() => diary().recentMarks(guardian, s.studentA.id));
    expect(recent.today).toBe('2026-11-23');
    expect(recent.marks.map((m) => [m.date, m.subject, m.value, m.second, m.workType, m.comment])).toEqual([
      ['2026-11-20', 'Математика', 4, null, 'Ответ на уроке', null],
      ['2026-11-18', 'Русский язык', 3, null, 'Ответ на уроке', null],
      ['2026-11-17', 'Русский язык', 5, 4, 'Ответ на уроке', 'Отличное сочинение'],
      ['2026-11-16', 'Математика', 3, null, 'Контрольная работа', 'Повторить правила знаков'],
    ]);
    // The student sees the same.
    expect((await run(() => diary().recentMarks(student, s.studentA.id))).marks).toHaveLength(4);
  });

  it('D1: marks by subject in the current term with averages, forecast and fives to the next mark', async () => {
    const view = await run(() => diary().marksBySubject(student, s.studentA.id));
    expect(view.period?.name).toBe('2 четверть');
    expect(view.subjects.map((x) => x.subject)).toEqual(['Английский язык', 'Математика', 'Русский язык', 'Физическая культура']);
    const [english, math, russian, pe] = view.subjects;
    // 5 (×1), 3 (×2), 4 (×1): average 4, weighted 3.75 → 4; six fives of weight 1 lift it to 4.5 → 5.
    expect(math).toMatchObject({ average: 4, weightedAverage: 3.75, forecast: 4, fivesToNext: { target: 5, count: 6 } });
    expect(math!.marks.map((m) => m.value)).toEqual([5, 3, 4]);
    // A double mark counts as two marks: 5, 4, 3.
    expect(russian).toMatchObject({ average: 4, weightedAverage: 4, forecast: 4, fivesToNext: { target: 5, count: 3 } });
    expect(english).toMatchObject({ marks: [], average: null, forecast: null, fivesToNext: null });
    expect(pe).toMatchObject({ withoutAttestation: true, forecast: null });

    const detail = await run(() => diary().subjectMarks(guardian, s.studentA.id, s.subject.id));
    expect(detail).toMatchObject({ subject: 'Математика', forecast: 4, roundingThreshold: 0.5 });
    await expect(run(() => diary().subjectMarks(guardian, s.studentA.id, s.id.history))).rejects.toBeInstanceOf(NotFound);
    // Another term on request: the first quarter's 2 alone.
    const q1 = await run(() => diary().subjectMarks(guardian, s.studentA.id, s.subject.id, s.id.q1));
    expect(q1).toMatchObject({ marks: [expect.objectContaining({ value: 2 })], forecast: 2, fivesToNext: { target: 3, count: 1 } });
  });

  it('D1: the forecast follows the school\'s rounding rule', async () => {
    const em = t.orm.em.fork();
    await em.nativeUpdate(School, { id: s.school.id }, { roundingThreshold: 0.8 });
    try {
      const math = await run(() => diary().subjectMarks(student, s.studentA.id, s.subject.id));
      // 3.75 stays a 3 when only x.8 rounds up; one five makes (15 + 5) ÷ 5 = 4.
      expect(math).toMatchObject({ forecast: 3, fivesToNext: { target: 4, count: 1 }, roundingThreshold: 0.8 });
    } finally {
      await em.nativeUpdate(School, { id: s.school.id }, { roundingThreshold: 0.5 });
    }
  });

  it('D2: period and year marks, with осв. and a deferred mark', async () => {
    const view = await run(() => diary().periodMarks(guardian, s.studentA.id));
    expect(view.year?.name).toBe('2026/2027');
    expect(view.periods).toHaveLength(1);
    expect(view.periods[0]!.period.name).toBe('1 четверть');
    expect(view.periods[0]!.marks).toEqual([
      { subjectId: s.id.english, subject: 'Английский язык', value: null, deferredUntil: '2026-11-30' },
      { subjectId: s.subject.id, subject: 'Математика', value: '4', deferredUntil: null },
      { subjectId: s.id.russian, subject: 'Русский язык', value: '5', deferredUntil: null },
      { subjectId: s.id.pe, subject: 'Физическая культура', value: 'exempt', deferredUntil: null },
    ]);
  });

  it('D3: absences and lateness of the term, counted by code and listed by date', async () => {
    const view = await run(() => diary().absences(student, s.studentA.id));
    expect(view.counts).toEqual({ n: 1, b: 1, p: 0, op: 1 });
    expect(view.missed).toBe(2);
    expect(view.held).toBe(17);
    expect(view.percent).toBeCloseTo((15 / 17) * 100, 6);
    expect(view.absences).toEqual([
      { date: '2026-11-16', lessonNumber: 1, subject: 'Математика', code: 'op' },
      { date: '2026-11-13', lessonNumber: 1, subject: 'Математика', code: 'n' },
      { date: '2026-11-10', lessonNumber: 1, subject: 'Русский язык', code: 'b' },
    ]);
  });

  it('D4: homework for tomorrow and the week, general and the child\'s own, by due date', async () => {
    const tomorrow = await run(() => diary().homework(guardian, s.studentA.id, 'tomorrow'));
    expect(tomorrow).toMatchObject({ from: '2026-11-24', to: '2026-11-24' });
    expect(tomorrow.items.map((h) => [h.due, h.subject, h.text, h.individual])).toEqual([
      ['2026-11-24', 'Математика', '№ 15, 16', false],
      // No due date: due on the lesson's day.
      ['2026-11-24', 'Русский язык', 'Упражнение 120', false],
    ]);
    const week = await run(() => diary().homework(student, s.studentA.id, 'week'));
    expect(week).toMatchObject({ from: '2026-11-24', to: '2026-11-30' });
    expect(week.items.map((h) => [h.due, h.subject, h.text, h.individual])).toEqual([
      ['2026-11-24', 'Математика', '№ 15, 16', false],
      ['2026-11-24', 'Русский язык', 'Упражнение 120', false],
      ['2026-11-25', 'Английский язык', 'Workbook p. 12', false],
      ['2026-11-26', 'Математика', 'Карточка 3', true],
    ]);
  });

  it('D5: the schedule of today, tomorrow and the week from the group\'s and subgroup\'s timetable, with substitutions', async () => {
    const today = await run(() => diary().schedule(student, s.studentA.id, 'today'));
    expect(today.days).toHaveLength(1);
    expect(today.days[0]!.lessons).toEqual([
      expect.objectContaining({ lessonNumber: 1, startsAt: '08:30', endsAt: '09:15', subject: 'Математика', teacher: 'Учителева М. И.', room: '12', substitute: 'Другая М. И.', topic: 'Графики', changed: false }),
      expect.objectContaining({ lessonNumber: 2, startsAt: '09:25', subject: 'Русский язык', teacher: 'Классная М. И.', substitute: null }),
      expect.objectContaining({ lessonNumber: 3, subject: 'Английский язык', subgroup: '1 группа', room: '12' }),
    ]);
    const tomorrow = await run(() => diary().schedule(guardian, s.studentA.id, 'tomorrow'));
    expect(tomorrow.days[0]).toMatchObject({ date: '2026-11-24', lessons: [expect.objectContaining({ subject: 'Русский язык', changed: false })] });
    const week = await run(() => diary().schedule(guardian, s.studentA.id, 'week'));
    expect(week.days.map((d) => d.date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(week.days.map((d) => d.lessons.length)).toEqual([3, 1, 1, 0, 0, 0, 0]);
    // A lesson moved to Wednesday is marked as a change; Friday is a holiday.
    expect(week.days[2]!.lessons[0]).toMatchObject({ lessonNumber: 5, subject: 'Математика', changed: true });
    expect(week.days[4]!.holiday).toBe('День здоровья');
  });

  it('D6: recent lesson topics of the child\'s own lessons and teachers\' comments on its marks', async () => {
    const view = await run(() => diary().topics(guardian, s.studentA.id));
    expect(view.topics.map((x) => [x.date, x.subject, x.topic])).toEqual([
      ['2026-11-23', 'Математика', 'Графики'],
      ['2026-11-20', 'Математика', 'Системы уравнений'],
      ['2026-11-17', 'Русский язык', 'Причастный оборот'],
      ['2026-11-16', 'Английский язык', 'Present Perfect'],
      ['2026-11-16', 'Математика', 'Контрольная работа № 2'],
    ]);
    expect(view.comments.map((m) => m.comment)).toEqual(['Отличное сочинение', 'Повторить правила знаков']);
  });

  it('D7: the child\'s own place in the group, ties shared, with nobody else\'s name or average', async () => {
    const view = await run(() => diary().rating(guardian, s.studentA.id));
    expect(view).toEqual({
      period: expect.objectContaining({ name: '2 четверть' }),
      group: '7А',
      size: 4,
      rated: 3,
      place: 2,
      shared: true,
      weightedAverage: 27 / 7,
    });
    const first = await run(() => diary().rating({ ...student, personId: s.id.c1 }, s.id.c1));
    expect(first).toMatchObject({ place: 1, shared: false, weightedAverage: 5 });
    const none = await run(() => diary().rating({ ...student, personId: s.id.c3 }, s.id.c3));
    expect(none).toMatchObject({ place: null, size: 4, weightedAverage: null });
  });

  it('D8: school-wide and the class\'s announcements of the last 30 days, newest first', async () => {
    const list = await run(() => diary().announcements(student, s.studentA.id));
    expect(list.map((a) => [a.title, a.text, a.group, a.author])).toEqual([
      ['Собрание', 'Родительское собрание в пятницу в 18:00', null, 'Директорова М. И.'],
      [null, 'Экскурсия 7А в музей', '7А', 'Директорова М. И.'],
    ]);
    const other7b = await run(() => diary().announcements(guardianActor({ guardianId: s.id.guardianB, schoolId: s.school.id }), s.studentB.id));
    expect(other7b.map((a) => a.text)).toEqual(['Экскурсия 7Б', 'Родительское собрание в пятницу в 18:00']);
  });

  it('the chart\'s data: the year\'s marks by subject, per day and the running weighted average', async () => {
    const all = await run(() => diary().chartData(guardian, s.studentA.id));
    expect(all.subjects.map((x) => x.subject)).toEqual(['Математика', 'Русский язык']);
    expect(all.subjects[0]!.points).toEqual([
      { date: '2026-10-19', average: 2, running: 2 },
      { date: '2026-11-09', average: 5, running: 3.5 },
      { date: '2026-11-16', average: 3, running: 13 / 4 },
      { date: '2026-11-20', average: 4, running: 17 / 5 },
    ]);
    expect(all.subjects[1]!.points[0]).toEqual({ date: '2026-11-17', average: 4.5, running: 4.5 });
    const one = await run(() => diary().chartData(guardian, s.studentA.id, s.id.russian));
    expect(one.subjects.map((x) => x.subject)).toEqual(['Русский язык']);
    await expect(run(() => diary().chartData(guardian, s.studentA.id, 999_999))).rejects.toBeInstanceOf(NotFound);
  });
});
