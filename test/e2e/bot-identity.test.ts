import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { buttonsOf, interceptTelegram, labels } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';


describe('bot: who am I — role and child switching', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  let teacherAsGuardian: { id: number };
  const sys = systemActor('cli');
  const TEACHER = 801;
  const PARENT = 802;

  const bindingOf = (telegramId: number, personKind: 'staff' | 'student' | 'guardian') =>
    t.orm.em.fork().findOneOrFail(TelegramBinding, { telegramAccount: telegramId, personKind, revokedAt: null });
  const stored = (telegramId: number) => t.orm.em.fork().findOneOrFail(TelegramAccount, { id: telegramId });
  const signIn = async (telegramId: number, kind: 'staff' | 'student' | 'guardian', personId: number) => {
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue(kind, personId, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(telegramId, `/start ${code}`));
  };
  const lastSent = () => telegram.called('sendMessage').at(-1);
  const lastAnswer = () => telegram.called('answerCallbackQuery').at(-1)?.payload.text as string | undefined;

  beforeAll(async () => {
    t = await createTestCore({ PUBLIC_URL: 'https://school.example', TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123456789' });
    school = await createSchoolFixture(t.core);
    await t.core.unitOfWork(async () => {
      // Анна Алексеева has two children; Мария Учителева, a teacher, is also a parent of one of them.
      await t.core.records.create('StudentGuardian', { school: school.school.id, student: school.studentB.id, guardian: school.guardianA.id, relation: 'mother' }, sys);
      teacherAsGuardian = await t.core.records.create(
        'Guardian',
        { school: school.school.id, lastName: 'Учителева', firstName: 'Мария', middleName: 'Ивановна' },
        sys,
      );
      await t.core.records.create('StudentGuardian', { school: school.school.id, student: school.studentA.id, guardian: teacherAsGuardian.id, relation: 'guardian' }, sys);
      await t.core.consents.record(school.guardianA.id, 'given', '2026-09-01', sys);
      await t.core.consents.record(teacherAsGuardian.id, 'given', '2026-09-01', sys);
    });
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
  });
  afterAll(async () => {
    telegram.restore();
    await t.close();
  });
  beforeEach(() => telegram.reset());

  it('greets a teacher with the teacher menu; a button of a flow still to come answers politely', async () => {
    await signIn(TEACHER, 'staff', school.people.teacher.id);
    const greeting = lastSent();
    expect(greeting?.payload.text).toContain('Вы вошли как учитель школы «Школа № 1».');
    expect(greeting?.payload.text).toContain('Учитель — Школа № 1');
    // The fixture's teacher has a panel account: its menu offers the panel's one-time sign-in link.
    expect(labels(greeting)).toEqual(['Сегодня', 'Журнал', '💬 Сообщения', 'Панель управления']);

    await bot.handleUpdate(callbackUpdate(TEACHER, buttonsOf(greeting)[1]!.callback_data!));
    expect(lastSent()?.payload.text).toMatch(/Итоговые отметки|нет нагрузки/);
    await bot.handleUpdate(textUpdate(TEACHER, '/role'));
    expect(lastSent()?.payload.text).toBe('Вы вошли в одной роли (Учитель — Школа № 1): переключать нечего.');
    await bot.handleUpdate(textUpdate(TEACHER, '/child'));
    expect(lastSent()?.payload.text).toContain('Выбор ребёнка — для родителей.');
    expect(telegram.violations).toEqual([]);
  });

  it('lets a teacher who is also a parent switch role, and keeps the choice in the database', async () => {
    await signIn(TEACHER, 'guardian', teacherAsGuardian.id);
    const staffBinding = await bindingOf(TEACHER, 'staff');
    const guardianBinding = await bindingOf(TEACHER, 'guardian');
    // The invite just opened is the role it now acts in.
    expect(lastSent()?.payload.text).toContain('Ребёнок: Алексеев Пётр, 7А');
    expect(labels(lastSent())).toEqual(['Отметки', 'Домашние задания', 'Расписание', 'Дневник', 'Выписка за месяц', 'Уведомления', '✉️ Написать учителю', '💬 Сообщения', 'Сменить роль']);
    expect((await stored(TEACHER)).activeBindingId).toBe(guardianBinding.id);

    await bot.handleUpdate(textUpdate(TEACHER, '/role'));
    const prompt = lastSent();
    expect(prompt?.payload.text).toBe('В какой роли работать?');
    expect(labels(prompt)).toEqual(['Учитель — Школа № 1', '✓ Родитель — Школа № 1']);
    const teacherButton = buttonsOf(prompt)[0]!;
    expect(teacherButton.callback_data).toBe(`role1:${staffBinding.id}`);

    await bot.handleUpdate(callbackUpdate(TEACHER, teacherButton.callback_data!));
    expect(telegram.called('answerCallbackQuery')).toHaveLength(1);
    const edited = telegram.called('editMessageText').at(-1);
    expect(edited?.payload.text).toContain('Учитель — Школа № 1');
    expect(labels(edited)).toEqual(['Сегодня', 'Журнал', '💬 Сообщения', 'Панель управления', 'Сменить роль']);
    expect((await stored(TEACHER)).activeBindingId).toBe(staffBinding.id);

    await bot.handleUpdate(textUpdate(TEACHER, '/menu'));
    expect(labels(lastSent())).toEqual(['Сегодня', 'Журнал', '💬 Сообщения', 'Панель управления', 'Сменить роль']);
    expect(telegram.violations).toEqual([]);
  });

  it('lets a parent of two children switch child, and says there is no role to switch', async () => {
    await signIn(PARENT, 'guardian', school.guardianA.id);
    expect(lastSent()?.payload.text).toContain('Ребёнок: Алексеев Пётр, 7А');
    expect(labels(lastSent())).toContain('Сменить ребёнка');

    await bot.handleUpdate(textUpdate(PARENT, '/child'));
    const prompt = lastSent();
    expect(prompt?.payload.text).toBe('Чьи отметки и задания показывать?');
    expect(labels(prompt)).toEqual(['✓ Алексеев Пётр, 7А', 'Борисов Пётр, 7Б']);
    const second = buttonsOf(prompt)[1]!;
    expect(second.callback_data).toBe(`child1:${school.studentB.id}`);

    await bot.handleUpdate(callbackUpdate(PARENT, second.callback_data!));
    expect(telegram.called('editMessageText').at(-1)?.payload.text).toContain('Ребёнок: Борисов Пётр, 7Б');
    expect((await stored(PARENT)).activeChildId).toBe(school.studentB.id);
    await bot.handleUpdate(textUpdate(PARENT, '/menu'));
    expect(lastSent()?.payload.text).toContain('Ребёнок: Борисов Пётр, 7Б');

    await bot.handleUpdate(textUpdate(PARENT, '/role'));
    expect(lastSent()?.payload.text).toBe('Вы вошли в одной роли (Родитель — Школа № 1): переключать нечего.');
    expect(telegram.violations).toEqual([]);
  });

  it('changes nothing for a forged button: another account\'s binding, another parent\'s child', async () => {
    const teacherBinding = await bindingOf(TEACHER, 'staff');
    const before = await stored(PARENT);
    await bot.handleUpdate(callbackUpdate(PARENT, `role1:${teacherBinding.id}`));
    expect(lastAnswer()).toBe('Эта роль вам недоступна.');
    await bot.handleUpdate(callbackUpdate(PARENT, 'child1:999999'));
    expect(lastAnswer()).toBe('Этот ребёнок вам недоступен.');
    await bot.handleUpdate(callbackUpdate(PARENT, 'role1:abc'));
    expect(lastAnswer()).toBe('Эта кнопка устарела. Откройте меню заново.');
    expect(await stored(PARENT)).toMatchObject({ activeBindingId: before.activeBindingId, activeChildId: before.activeChildId });

    // The teacher as a parent has one child (Алексеев): Борисов is not hers to look at.
    const guardianBinding = await bindingOf(TEACHER, 'guardian');
    await bot.handleUpdate(callbackUpdate(TEACHER, `role1:${guardianBinding.id}`));
    await bot.handleUpdate(callbackUpdate(TEACHER, `child1:${school.studentB.id}`));
    expect(lastAnswer()).toBe('Этот ребёнок вам недоступен.');
    expect((await stored(TEACHER)).activeChildId).toBeNull();
    expect(telegram.called('answerCallbackQuery')).toHaveLength(5);
    expect(telegram.called('editMessageText')).toHaveLength(1);
    expect(telegram.violations).toEqual([]);
  });

  it('drops a revoked binding from the choice, and falls back to one in force', async () => {
    const guardianBinding = await bindingOf(TEACHER, 'guardian');
    expect((await stored(TEACHER)).activeBindingId).toBe(guardianBinding.id);
    await t.orm.em.fork().nativeUpdate(TelegramBinding, { id: guardianBinding.id }, { revokedAt: new Date() });

    await bot.handleUpdate(textUpdate(TEACHER, '/menu'));
    expect(lastSent()?.payload.text).toContain('Учитель — Школа № 1');
    expect(labels(lastSent())).toEqual(['Сегодня', 'Журнал', '💬 Сообщения', 'Панель управления']);
    await bot.handleUpdate(textUpdate(TEACHER, '/role'));
    expect(lastSent()?.payload.text).toContain('переключать нечего');
    await bot.handleUpdate(callbackUpdate(TEACHER, `role1:${guardianBinding.id}`));
    expect(lastAnswer()).toBe('Эта роль вам недоступна.');
    expect(telegram.called('editMessageText')).toHaveLength(0);
    expect(telegram.violations).toEqual([]);
  });

  it('gives each role its own menu', async () => {
    await signIn(803, 'staff', school.people.classTeacherA.id);
    expect(labels(lastSent())).toEqual(['Сегодня', 'Журнал', 'Мой класс', '💬 Сообщения', '📣 Написать родителям класса', '👀 Кто ознакомился', 'Сводка дня', 'Панель управления']);
    await signIn(804, 'staff', school.people.administrator.id);
    expect(buttonsOf(lastSent())).toMatchObject([{ text: 'Сводка дня' }, { text: 'Панель управления', callback_data: 'panel1:link' }]);
    await signIn(805, 'student', school.studentA.id);
    expect(lastSent()?.payload.text).toContain('Ученик — Школа № 1');
    expect(labels(lastSent())).toEqual(['Отметки', 'Домашние задания', 'Расписание', 'Дневник', 'Выписка за месяц', 'Уведомления']);

    await bot.handleUpdate(textUpdate(806, '/menu'));
    expect(lastSent()?.payload.text).toContain('Вы ещё не вошли в журнал.');
    await bot.handleUpdate(callbackUpdate(806, 'menu1:today'));
    expect(lastAnswer()).toBe('Вы ещё не вошли в журнал.');
    expect(telegram.violations).toEqual([]);
  });

  it('speaks English in the menus too', async () => {
    await bot.handleUpdate(callbackUpdate(PARENT, 'lang1:en'));
    await bot.handleUpdate(textUpdate(PARENT, '/child'));
    expect(lastSent()?.payload.text).toBe('Whose marks and homework should be shown?');
    // The diary answers in English too: the chosen child's recent marks.
    await bot.handleUpdate(callbackUpdate(PARENT, 'menu1:marks'));
    expect(lastAnswer()).toBeUndefined();
    expect(lastSent()?.payload.text).toContain('✍️ Marks of the last two weeks');
    expect(telegram.violations).toEqual([]);
  });
});
