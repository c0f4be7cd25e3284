import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import type { Bot } from '../../bot/create-bot.js';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import { telegramNotifier } from '../../bot/notifier.js';
import { systemActor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { CompromiseReport } from '../../core/audit/compromise-report.entity.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { renderers } from '../../core/notification-renderers.js';
import { Dispatcher } from '../../core/notifications/dispatcher.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { School } from '../../core/school/school.entity.js';
import { MovableClock } from '../../core/time/clock.js';
import { buttonData, interceptTelegram } from '../support/fake-telegram.js';
import { bindTelegram, recordConsent } from '../support/notification-fixture.js';
import { panelClient, panelRefused } from '../support/panel-client.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

// Monday 23 November 2026, 12:00 in Moscow.
const NOW = '2026-11-23T09:00:00Z';
const TODAY = '2026-11-23';
const TEACHER = 9301;
const GUARDIAN = 9302;

describe('leaked Telegram access: the roll call and marks made through it are rolled back, the guardian told (B3)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  const clock = new MovableClock(NOW);
  const ids = { workType: 0, studentC: 0, lesson: 0, report: 0 };
  const sys = systemActor('cli');
  const panel = panelClient(() => app);
  const em = () => t.orm.em.fork();
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const lastMessage = () => telegram.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText').at(-1);
  const tap = async (from: number, data: string) => {
    await bot.handleUpdate(callbackUpdate(from, data));
    return lastMessage();
  };
  const rollBack = (login: string, reportId = ids.report) => panel.api(login, 'POST', `/resources/CompromiseReport/records/${reportId}/rollBack`);
  const refused = panelRefused;

  beforeAll(async () => {
    t = await createTestCore({}, clock);
    s = await createSchoolFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    await run(async () => {
      const create = async (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
        ((await t.core.records.create(kind, { school: s.school.id, ...input }, sys)) as { id: number }).id;
      ids.workType = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
      ids.studentC = await create('Student', { lastName: 'Воронин', firstName: 'Олег', birthDate: '2013-02-02', sex: 'm' });
      await create('Enrollment', { student: ids.studentC, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
      await create('TimetableSlot', { assignment: s.assignment.id, group: s.groupA.id, weekday: 1, lessonNumber: 2, validFrom: '2026-09-01' });
    });
    await em().nativeUpdate(School, { id: s.school.id }, { quietHoursStart: '00:00', quietHoursEnd: '00:00' });
    const fork = em();
    await recordConsent(fork, s.school.id, s.guardianA.id, 'given');
    await bindTelegram(fork, s.school.id, 'guardian', s.guardianA.id, GUARDIAN);
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    app = await buildServer(t.core);
    const { code } = await run(() => t.core.invites.issue('staff', s.people.teacher.id, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(TEACHER, `/start ${code}`));
  });
  afterAll(async () => {
    telegram?.restore();
    await app?.close();
    await t?.close();
  });

  it('whoever holds the teacher\'s phone takes the roll call and gives marks in the bot, then the leak is reported with /leak', async () => {
    await bot.handleUpdate(textUpdate(TEACHER, '/today'));
    const card = await tap(TEACHER, buttonData(lastMessage(), /^2 · Математика 7А/));
    expect(card?.payload.text).toContain('📘 Математика — 7А');
    const lesson = await em().findOneOrFail(Lesson, { assignment: s.assignment.id, date: TODAY, lessonNumber: 2 });
    ids.lesson = lesson.id;
    const roll = await tap(TEACHER, encodeJournal('r', { lessonId: lesson.id, page: 0 }));
    await tap(TEACHER, buttonData(roll, '✅ Алексеев П.'));
    await tap(TEACHER, buttonData(lastMessage(), 'Готово ✓'));
    expect(lastMessage()?.payload.text).toContain('Отсутствует 1 из 2: Алексеев П. (н)');
    await tap(TEACHER, encodeJournal('mg', { lessonId: lesson.id, studentId: s.studentA.id, workTypeId: ids.workType, value: 2, second: 0, seen: 0 }));
    await tap(TEACHER, encodeJournal('mg', { lessonId: lesson.id, studentId: ids.studentC, workTypeId: ids.workType, value: 2, second: 0, seen: 0 }));
    expect(await em().count(Mark, { lesson: lesson.id })).toBe(2);
    expect(await em().count(Attendance, { lesson: lesson.id })).toBe(1);

    clock.advance(60_000);
    await bot.handleUpdate(textUpdate(TEACHER, '/leak'));
    await tap(TEACHER, 'leak1:yes');
    const [report] = await em().find(CompromiseReport, { personKind: 'staff', personId: s.people.teacher.id });
    expect(report).toMatchObject({ source: 'bot', reportedBySelf: true, bindingsRevoked: 1 });
    ids.report = report!.id;
    expect(telegram.violations).toEqual([]);
  });

  it('another school\'s administrator, the director and a class teacher cannot roll it back', async () => {
    for (const login of [other.logins.administrator, s.logins.director, s.logins.classTeacherA]) expect(refused(await rollBack(login))).toBe(true);
    expect(await em().count(Mark, { lesson: ids.lesson })).toBe(2);
    expect((await em().findOneOrFail(CompromiseReport, ids.report)).rolledBackAt ?? null).toBeNull();
  });

  it('the administrator rolls back: the roll call and the marks go, a mark the teacher corrected since stays and is listed', async () => {
    // Signed in again, the teacher corrects Воронин's mark itself: that later change stands.
    clock.advance(60_000);
    const teacher = (await staffActorFor(em(), s.people.teacher.id, 'bot'))!;
    const corrected = await em().findOneOrFail(Mark, { lesson: ids.lesson, student: ids.studentC });
    await run(() => t.core.journal.marks.changeMark(corrected.id, { value: 4 }, corrected.version, teacher));
    telegram.reset();

    const before = await panel.api(s.logins.administrator, 'GET', `/resources/CompromiseReport/records/${ids.report}/show`);
    expect(before.json().record.params.operations).toMatch(/Отметка №\d+ — не откатывается: запись изменена позже другим пользователем/);

    const done = await rollBack(s.logins.administrator);
    expect(done.json().notice).toMatchObject({ type: 'success', message: 'Откачено операций: 4. Не откачено: 1 (изменены позже другими — 1), см. список операций.' });
    expect(await em().find(Mark, { lesson: ids.lesson })).toMatchObject([{ id: corrected.id, value: 4 }]);
    expect(await em().count(Attendance, { lesson: ids.lesson })).toBe(0);
    // The lesson holds the kept mark: it stays, without the roll call the leak took.
    expect((await em().findOneOrFail(Lesson, ids.lesson)).attendanceTakenAt).toBeNull();
    const undos = await em().find(AuditEntry, { action: 'rollback', compromiseReport: ids.report }, { orderBy: { id: 'asc' } });
    expect(undos.map((u) => u.entity).sort()).toEqual(['Attendance', 'CompromiseReport', 'Lesson', 'Mark']);

    const again = await rollBack(s.logins.administrator);
    // The panel's front end words the notice from its key (admin/adminjs/locale), with the refusal as its reason.
    expect(again.json().notice).toMatchObject({ type: 'error', message: 'nothingRolledBack' });
    expect(again.json().notice.options.reason).toContain('уже откачены');
  });

  it('the guardian gets one message: the mark and the absence cancelled', async () => {
    const dispatcher = new Dispatcher({
      renderers, orm: t.orm, i18n: t.core.i18n, log: t.core.log, clock: t.core.clock, sender: telegramNotifier(bot, { timeoutMs: 1000 }),
      settings: { ...t.core.config.notifications, globalPerSecond: 500, perChatPerSecond: 100 },
    });
    clock.advance(10 * 60_000);
    await dispatcher.runOnce();
    const texts = telegram.called('sendMessage').filter((c) => c.payload.chat_id === GUARDIAN).map((c) => String(c.payload.text));
    const why = '(запись сделана через утраченный доступ к журналу)';
    expect(texts.at(-1)).toContain('Алексеев Пётр, математика, 23.11: ');
    expect(texts.at(-1)).toContain(`отметка «н» отменена ${why}`);
    expect(texts.at(-1)).toContain(`оценка 2 отменена ${why}`);
    expect(texts.join('\n')).not.toContain('Воронин');
    expect(telegram.violations).toEqual([]);
  });
});
