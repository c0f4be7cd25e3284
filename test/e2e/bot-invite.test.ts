import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { interceptTelegram } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

describe('bot: /start with an invite code', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');
  const issue = (kind: 'staff' | 'student' | 'guardian', id: number) =>
    t.core.unitOfWork(() => t.core.invites.issue(kind, id, sys, 'klassny_test_bot'));

  beforeAll(async () => {
    t = await createTestCore();
    school = await createSchoolFixture(t.core);
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
  });
  afterAll(async () => {
    telegram.restore();
    await t.close();
  });
  beforeEach(() => telegram.reset());

  it('signs a teacher in through the deep link and greets it by name and role', async () => {
    const { code, deepLink } = await issue('staff', school.people.teacher.id);
    expect(deepLink).toBe(`https://t.me/klassny_test_bot?start=${code}`);
    await bot.handleUpdate(textUpdate(701, `/start ${code}`));
    const [reply] = telegram.called('sendMessage');
    expect(reply?.payload.chat_id).toBe(701);
    expect(reply?.payload.text).toContain('Здравствуйте, Мария Ивановна! Вы вошли как учитель школы «Школа № 1».');
    const bindings = await t.orm.em.fork().find(TelegramBinding, { telegramAccount: 701 });
    expect(bindings).toHaveLength(1);
    expect(bindings[0]).toMatchObject({ personKind: 'staff', personId: school.people.teacher.id, revokedAt: null });
    expect(telegram.violations).toEqual([]);
  });

  it('greets a guardian with its children, and a class teacher as such', async () => {
    await t.core.unitOfWork(() => t.core.consents.record(school.guardianA.id, 'given', '2026-09-01', sys));
    const parent = await issue('guardian', school.guardianA.id);
    await bot.handleUpdate(textUpdate(702, `/start ${parent.code}`));
    expect(telegram.texts()[0]).toContain('Здравствуйте, Анна Алексеева! Вы вошли как родитель (Пётр Алексеев) в школе «Школа № 1».');
    const classTeacher = await issue('staff', school.people.classTeacherA.id);
    await bot.handleUpdate(textUpdate(703, `/start ${classTeacher.code}`));
    expect(telegram.texts()[1]).toContain('Вы вошли как классный руководитель школы «Школа № 1».');
  });

  it('answers a wrong, a used and an expired code clearly, and binds nothing', async () => {
    await bot.handleUpdate(textUpdate(704, '/start wrongcode'));
    expect(telegram.texts()[0]).toContain('Такого приглашения нет');

    const { code } = await issue('student', school.studentA.id);
    await bot.handleUpdate(textUpdate(705, `/start ${code}`));
    expect(telegram.texts()[1]).toContain('Здравствуйте, Пётр! Вы вошли как ученик школы «Школа № 1».');
    await bot.handleUpdate(textUpdate(704, `/start ${code}`));
    expect(telegram.texts()[2]).toContain('уже использовано');

    const again = await issue('student', school.studentB.id);
    await t.orm.em.fork().getConnection().execute(`update invite set expires_at = now() - interval '1 minute' where id = ?`, [again.inviteId]);
    await bot.handleUpdate(textUpdate(704, `/start ${again.code}`));
    expect(telegram.texts()[3]).toContain('Срок действия приглашения истёк');
    expect(await t.orm.em.fork().count(TelegramBinding, { telegramAccount: 704 })).toBe(0);
    expect(telegram.violations).toEqual([]);
  });

  it('keeps the plain /start explaining how to get access, and answers in the user\'s language', async () => {
    await bot.handleUpdate(textUpdate(706, '/start'));
    expect(telegram.texts()[0]).toContain('приглашение');

    await bot.handleUpdate(callbackUpdate(706, 'lang1:en'));
    const { code } = await issue('staff', school.people.director.id);
    telegram.reset();
    await bot.handleUpdate(textUpdate(706, `/start ${code}`));
    expect(telegram.texts()[0]).toContain('Hello, Мария Ивановна! You are signed in as director of «Школа № 1».');
    await bot.handleUpdate(textUpdate(706, '/start nonsense'));
    expect(telegram.texts()[1]).toContain('There is no such invitation');
  });
});
