import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { CompromiseReport } from '../../core/audit/compromise-report.entity.js';
import { interceptTelegram } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

describe('bot: /leak — the person reports that its access leaked (B3)', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');
  const signIn = async (account: number, staffId: number) => {
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue('staff', staffId, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(account, `/start ${code}`));
  };
  const buttons = () =>
    (telegram.called('sendMessage').at(-1)?.payload.reply_markup?.inline_keyboard as { text: string; callback_data: string }[][] | undefined)?.flat() ?? [];

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

  it('asks for confirmation, and on «yes» signs the account out and records the report', async () => {
    await signIn(801, school.people.teacher.id);
    telegram.reset();
    await bot.handleUpdate(textUpdate(801, '/leak'));
    expect(telegram.texts()[0]).toContain('Сообщить, что доступ к журналу попал в чужие руки?');
    const [yes, no] = buttons();
    expect([yes?.callback_data, no?.callback_data]).toEqual(['leak1:yes', 'leak1:no']);
    expect(await t.orm.em.fork().count(TelegramBinding, { telegramAccount: 801, revokedAt: null })).toBe(1);

    await bot.handleUpdate(callbackUpdate(801, yes!.callback_data));
    expect(telegram.called('editMessageText')[0]?.payload.text).toContain('Этот аккаунт вышел из журнала');
    expect(await t.orm.em.fork().count(TelegramBinding, { telegramAccount: 801, revokedAt: null })).toBe(0);
    const [report] = await t.orm.em.fork().find(CompromiseReport, { personKind: 'staff', personId: school.people.teacher.id });
    expect(report).toMatchObject({ source: 'bot', reportedBySelf: true, bindingsRevoked: 1 });

    telegram.reset();
    await bot.handleUpdate(textUpdate(801, '/leak'));
    expect(telegram.texts()[0]).toContain('Вы не вошли в журнал');
    await bot.handleUpdate(textUpdate(801, '/start'));
    expect(telegram.texts()[1]).toContain('приглашение');
    expect(telegram.violations).toEqual([]);
  });

  it('«no» changes nothing; an account bound to nobody is told so, in its language', async () => {
    await signIn(802, school.people.director.id);
    telegram.reset();
    await bot.handleUpdate(textUpdate(802, '/leak'));
    await bot.handleUpdate(callbackUpdate(802, 'leak1:no'));
    expect(telegram.called('editMessageText')[0]?.payload.text).toBe('Хорошо, ничего не изменилось.');
    expect(await t.orm.em.fork().count(TelegramBinding, { telegramAccount: 802, revokedAt: null })).toBe(1);

    await bot.handleUpdate(callbackUpdate(803, 'lang1:en'));
    telegram.reset();
    await bot.handleUpdate(textUpdate(803, '/leak'));
    expect(telegram.texts()[0]).toContain('You are not signed in to the journal');
    expect(telegram.violations).toEqual([]);
  });
});
