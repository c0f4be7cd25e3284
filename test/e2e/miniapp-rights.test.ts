import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { systemActor } from '../../core/access/actor.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { PersonalDataRead } from '../../core/audit/personal-data-read.entity.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { signWebAppData } from '../../telegram-emulator/index.js';
import { createJournalFixture, type JournalFixture } from '../support/journal-fixture.js';
import { recordConsent } from '../support/notification-fixture.js';
import { createTestCore, TEST_BOT_TOKEN, type TestCore } from '../support/test-core.js';

const NOW = new Date('2026-10-20T09:00:00Z');
const BOUND_AT = new Date('2026-09-01T08:00:00Z');
const unix = (d: Date) => String(Math.floor(d.getTime() / 1000));

/** Telegram accounts of the fixture's people (chat ids). */
const CHAT = {
  teacher: 1001, substitute: 1002, outsider: 1003, classTeacherA: 1004, classTeacherB: 1005,
  director: 1006, deputy: 1007, inspector: 1008, administrator: 1009, guardian: 1010, student: 1011, otherDirector: 1012,
  revoked: 1013, rebound: 1014,
} as const;
type Who = keyof typeof CHAT;

describe('the Mini App\'s journal API: who may read and change which grid (issue 19, points 2 and 5)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let s: JournalFixture;
  let physics: number;
  let physicsLesson: number;

  const initData = (chat: number, authDate = NOW, token = TEST_BOT_TOKEN) =>
    signWebAppData(token, { query_id: `q${chat}`, user: JSON.stringify({ id: chat, first_name: 'Тест', language_code: 'ru' }), auth_date: unix(authDate) });
  /** `who`: one of CHAT's people (initData signed now for its account), or initData as it is. */
  const call = (who: string | undefined, method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: object) =>
    app.inject({
      method, url: `/app/api${url}`,
      headers: who === undefined ? {} : { authorization: `tma ${who in CHAT ? initData(CHAT[who as Who]) : who}` },
      ...(payload ? { payload } : {}),
    });
  const grid = (who: string, assignment: number | string = s.assignment.id, period: number | string = s.periods.q1) => call(who, 'GET', `/grid?assignment=${assignment}&period=${period}`);
  const give = (who: Who, lessonId: number, studentId = s.students.alekseev, extra: object = {}) =>
    call(who, 'POST', '/marks', { assignmentId: s.assignment.id, periodId: s.periods.q1, studentId, lessonId, value: 4, workTypeId: s.workTypes.answer, seen: 0, ...extra });
  const marksOf = (lessonId: number) => t.orm.em.fork().find(Mark, { lesson: lessonId }, { orderBy: { id: 'asc' } });

  function expectNothingOfTheJournal(res: LightMyRequestResponse, status: number): void {
    expect(res.statusCode).toBe(status);
    for (const secret of ['Ёлкин', 'Натуральные числа']) expect(res.body).not.toContain(secret);
  }

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    s = await createJournalFixture(t.core);
    const em = t.orm.em.fork();
    const bind = async (chat: number, schoolId: number, personKind: 'staff' | 'guardian' | 'student', personId: number, createdAt = BOUND_AT, revokedAt: Date | null = null) => {
      await em.upsert(TelegramAccount, { id: chat, language: 'ru' }, { onConflictFields: ['id'], onConflictAction: 'ignore' });
      em.create(TelegramBinding, { telegramAccount: chat, school: schoolId, personKind, personId, createdAt, revokedAt });
      await em.flush();
    };
    const school = s.school.id;
    const p = s.people;
    for (const [who, id] of [['teacher', p.teacher.id], ['classTeacherA', p.classTeacherA.id], ['classTeacherB', p.classTeacherB.id], ['director', p.director.id],
      ['deputy', p.deputy.id], ['inspector', p.inspector.id], ['administrator', p.administrator.id], ['substitute', s.substitute.id], ['outsider', s.outsider.id]] as const) {
      await bind(CHAT[who], school, 'staff', id);
    }
    await bind(CHAT.guardian, school, 'guardian', s.guardianA.id);
    await bind(CHAT.student, school, 'student', s.studentA.id);
    await bind(CHAT.otherDirector, s.other.school.id, 'staff', s.other.people.director.id);
    await bind(CHAT.revoked, school, 'staff', p.teacher.id, BOUND_AT, new Date('2026-10-20T08:00:00Z'));
    // Bound again five minutes ago: initData from the launch of an hour's first half predates it.
    await bind(CHAT.rebound, school, 'staff', p.teacher.id, new Date('2026-10-20T08:55:00Z'));
    await recordConsent(em, school, s.guardianA.id, 'given');

    physics = await t.core.unitOfWork(async () => {
      const system = systemActor('panel');
      const subject = (await t.core.records.create('Subject', { school, name: 'Физика' }, system)) as { id: number };
      const row = (await t.core.records.create('TeachingAssignment', { school, year: s.year.id, teacher: s.outsider.id, subject: subject.id, group: s.groupA.id, plannedHours: 68 }, system)) as { id: number };
      return row.id;
    });
    const lesson = em.create(Lesson, { school, assignment: physics, date: '2026-10-19', lessonNumber: 4, topic: 'Сила' });
    await em.flush();
    physicsLesson = lesson.id;
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('lets the teacher read its own grid, with the lessons still open to it, and give a mark that notifies the guardian', async () => {
    const res = await grid('teacher');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.page.reach).toBe('full');
    expect(body.page.students.map((x: { name: string }) => x.name)).toEqual(['Алексеев Пётр', 'Егоров Иван', 'Ёлкин Артём', 'Ефимов Глеб', 'Жуков Олег']);
    // 12 October is inside the fortnight's edit window on the 20th; 5 October is not.
    expect(body.editableLessons).toEqual([s.lessons.oct12.id]);
    expect(body.workTypes.map((w: { name: string }) => w.name)).toEqual(['Ответ на уроке', 'Контрольная работа']);
    const alekseev = body.page.students[0];
    expect(alekseev.proposedMark).toBe(4);

    const given = await give('teacher', s.lessons.oct12.id);
    expect(given.statusCode).toBe(200);
    expect(given.json().student.cells[4].marks).toMatchObject([{ value: 4, workType: 'Ответ на уроке', version: 1 }]);
    const queued = await t.orm.em.fork().find(Notification, { kind: 'mark', studentId: s.students.alekseev });
    // The guardian (with consent) and the student, both bound to the bot, as when the bot gives a mark.
    expect(queued.map((n) => n.personKind).sort()).toEqual(['guardian', 'student']);

    // The change log and the reads log say it came from the Mini App, not from the bot's chat.
    const [created] = await t.orm.em.fork().find(AuditEntry, { entity: 'Mark', action: 'create', entityId: String(given.json().student.cells[4].marks[0].id) });
    expect([created?.source, created?.actorKind, created?.actorStaff?.id]).toEqual(['miniApp', 'staff', s.people.teacher.id]);
    const read = await t.orm.em.fork().findOne(PersonalDataRead, { kind: 'journal', actorStaff: s.people.teacher.id }, { orderBy: { id: 'desc' } });
    expect(read?.channel).toBe('miniApp');

    // The same tap again (a retried request): the mark is found, not given twice.
    expect((await give('teacher', s.lessons.oct12.id)).statusCode).toBe(200);
    expect(await marksOf(s.lessons.oct12.id)).toHaveLength(1 + 1);
  });

  it('keeps the bot\'s rules: the edit window, the optimistic lock, a mark 2–5', async () => {
    const closed = await give('teacher', s.lessons.oct05.id);
    expect(closed.statusCode).toBe(422);
    expect(closed.json().errors[0]).toMatch(/изменить|редакт/i);
    expect((await give('teacher', s.lessons.oct12.id, s.students.egorov, { value: 7 })).statusCode).toBe(422);

    const mark = (await marksOf(s.lessons.oct12.id)).find((m) => m.student.id === s.students.alekseev)!;
    const place = { assignmentId: s.assignment.id, periodId: s.periods.q1, studentId: s.students.alekseev };
    const changed = await call('teacher', 'PATCH', `/marks/${mark.id}`, { ...place, version: mark.version, value: 5, workTypeId: s.workTypes.answer });
    expect(changed.statusCode).toBe(200);
    const stale = await call('teacher', 'PATCH', `/marks/${mark.id}`, { ...place, version: mark.version, value: 3, workTypeId: s.workTypes.answer });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors).toEqual(['Запись только что изменил кто-то другой. Обновите страницу и повторите.']);
  });

  it('lets the substitute read and change only the lessons it gave', async () => {
    const body = (await grid('substitute')).json();
    expect(body.page.reach).toBe('substituted');
    expect(body.page.lessons.map((l: { id: number }) => l.id)).toEqual([s.lessons.oct12.id]);
    expect(body.editableLessons).toEqual([s.lessons.oct12.id]);
    expect((await give('substitute', s.lessons.oct12.id, s.students.egorov)).statusCode).toBe(200);
    expect((await give('substitute', s.lessons.sep07.id, s.students.egorov)).statusCode).toBe(403);
  });

  for (const who of ['classTeacherA', 'director', 'deputy', 'inspector', 'administrator'] as const) {
    it(`lets the ${who} read the grid and change nothing`, async () => {
      const res = await grid(who);
      expect(res.statusCode).toBe(200);
      expect(res.json().editableLessons).toEqual([]);
      const before = (await marksOf(s.lessons.oct12.id)).length;
      expect((await give(who, s.lessons.oct12.id, s.students.yolkin)).statusCode).toBe(403);
      expect(await marksOf(s.lessons.oct12.id)).toHaveLength(before);
      const attendance = await call(who, 'PUT', '/attendance', { assignmentId: s.assignment.id, periodId: s.periods.q1, studentId: s.students.yolkin, lessonId: s.lessons.oct12.id, code: 'n', version: 0 });
      expect(attendance.statusCode).toBe(403);
    });
  }

  it('refuses another teacher\'s assignment to the teacher, and this one to a teacher or class teacher it is not theirs', async () => {
    expectNothingOfTheJournal(await grid('teacher', physics), 403);
    const refused = await call('teacher', 'POST', '/marks', { assignmentId: physics, periodId: s.periods.q1, studentId: s.students.alekseev, lessonId: physicsLesson, value: 5, workTypeId: s.workTypes.answer, seen: 0 });
    expect(refused.statusCode).toBe(403);
    expect(await marksOf(physicsLesson)).toEqual([]);
    expectNothingOfTheJournal(await grid('outsider'), 403);
    expectNothingOfTheJournal(await grid('classTeacherB'), 403);
    expect((await give('outsider', s.lessons.oct12.id, s.students.yolkin)).statusCode).toBe(403);
  });

  it('refuses a guardian and a student everything, and offers them no journal', async () => {
    for (const who of ['guardian', 'student'] as const) {
      expectNothingOfTheJournal(await grid(who), 403);
      expect((await give(who, s.lessons.oct12.id)).statusCode).toBe(403);
      expect((await call(who, 'GET', '/choices')).json().groups).toEqual([]);
    }
  });

  it('knows nothing of this school for another school\'s director', async () => {
    expectNothingOfTheJournal(await grid('otherDirector'), 404);
    expect((await give('otherDirector', s.lessons.oct12.id)).statusCode).toBe(404);
    expect((await grid('director', s.other.assignment.id)).statusCode).toBe(404);
  });

  it('refuses forged ids and deleted records', async () => {
    for (const [assignment, period] of [[999_999, s.periods.q1], ['abc', s.periods.q1], [s.assignment.id, 999_999], [s.assignment.id, '-1'], ['', s.periods.q1]] as const) {
      expectNothingOfTheJournal(await grid('director', assignment, period), 404);
    }
    expect((await give('teacher', 999_999)).statusCode).toBe(404);
    expect((await give('teacher', s.lessons.oct12.id, 999_999)).statusCode).toBe(422);
    expect((await give('teacher', s.lessons.oct12.id, s.other.studentA.id)).statusCode).toBe(422);
    expect((await call('teacher', 'POST', '/marks', { lessonId: 'x' })).statusCode).toBe(400);
    expect((await call('teacher', 'PATCH', '/marks/abc', { assignmentId: s.assignment.id, periodId: s.periods.q1, studentId: s.students.alekseev, version: 1, value: 5, workTypeId: s.workTypes.answer })).statusCode).toBe(404);

    // A mark removed meanwhile: its change and its removal find nothing.
    const mark = (await marksOf(s.lessons.oct12.id)).find((m) => m.student.id === s.students.egorov)!;
    const place = { assignmentId: s.assignment.id, periodId: s.periods.q1, studentId: s.students.egorov };
    expect((await call('teacher', 'DELETE', `/marks/${mark.id}`, { ...place, version: mark.version })).statusCode).toBe(200);
    expect((await call('teacher', 'DELETE', `/marks/${mark.id}`, { ...place, version: mark.version })).statusCode).toBe(404);
    expect((await call('teacher', 'PATCH', `/marks/${mark.id}`, { ...place, version: mark.version, value: 5, workTypeId: s.workTypes.answer })).statusCode).toBe(404);

    // A deleted assignment: its grid is not there.
    await t.orm.em.fork().nativeDelete(Lesson, { assignment: physics });
    await t.core.unitOfWork(() => t.core.records.remove('TeachingAssignment', physics, systemActor('panel')));
    expect((await grid('director', physics)).statusCode).toBe(404);
  });

  it('refuses initData that is missing, forged, expired, another bot\'s, of a revoked binding, or signed before the binding', async () => {
    const refused = async (auth: string | undefined, reason: string) => {
      const res = await call(auth, 'GET', `/grid?assignment=${s.assignment.id}`);
      expect(res.statusCode, reason).toBe(401);
      expect(res.json().errors, reason).toEqual(['Откройте журнал заново из бота: вход не подтверждён или устарел.']);
    };
    await refused(undefined, 'no initData');
    await refused('garbage', 'not initData');
    const forged = new URLSearchParams(initData(CHAT.teacher));
    forged.set('user', JSON.stringify({ id: CHAT.director, first_name: 'Тест' }));
    await refused(forged.toString(), 'another user under the teacher\'s hash');
    await refused(initData(CHAT.teacher, new Date(NOW.getTime() - 3_601_000)), 'an hour and a second old');
    await refused(initData(CHAT.teacher, NOW, '111111111:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), 'another bot\'s token');
    await refused(initData(CHAT.revoked), 'the binding was revoked');
    await refused(initData(99_999), 'an account bound to nobody');
    await refused(initData(CHAT.rebound, new Date('2026-10-20T08:50:00Z')), 'signed before the binding it would act through');
    expect((await call(initData(CHAT.rebound, new Date('2026-10-20T08:56:00Z')), 'GET', `/grid?assignment=${s.assignment.id}`)).statusCode).toBe(200);
    expect((await call(initData(CHAT.teacher, new Date(NOW.getTime() - 3_599_000)), 'GET', `/grid?assignment=${s.assignment.id}`)).statusCode).toBe(200);
  });

  it('serves the page with a strict policy and no script from elsewhere, and the session in the user\'s language', async () => {
    const page = await app.inject({ method: 'GET', url: '/app/journal?assignment=1' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self' https://web.telegram.org");
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.body).not.toMatch(/<script[^>]+src="https?:/);
    const session = (await call('teacher', 'GET', '/session')).json();
    expect(session).toMatchObject({ language: 'ru', user: { name: expect.stringContaining('Учителева'), role: 'teacher' } });
    expect(session.strings.title).toBe('Журнал');
  });
});
