import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../bot/create-bot.js';
import { NotificationPreference } from '../../core/notifications/notification-preference.entity.js';
import { buttonsOf, interceptTelegram } from '../support/fake-telegram.js';
import { bindTelegram, recordConsent } from '../support/notification-fixture.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';


describe('bot: /notifications — what a guardian or student is told, and when not (D10)', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  const GUARDIAN = 5501;
  const STUDENT = 5502;
  const TEACHER = 5503;
  const STRANGER = 5504;

  const stored = (telegramId: number) => t.orm.em.fork().findOne(NotificationPreference, telegramId);
  const lastScreen = () => [...telegram.calls].reverse().find((c) => c.method === 'sendMessage' || c.method === 'editMessageText');
  const lastAnswer = () => telegram.called('answerCallbackQuery').at(-1)?.payload.text as string | undefined;
  const tap = async (telegramId: number, label: string) => {
    const button = buttonsOf(lastScreen()).find((b) => b.text.includes(label));
    if (!button?.callback_data) throw new Error(`no button «${label}» in ${JSON.stringify(buttonsOf(lastScreen()).map((b) => b.text))}`);
    await bot.handleUpdate(callbackUpdate(telegramId, button.callback_data));
  };

  beforeAll(async () => {
    t = await createTestCore();
    const s = await createSchoolFixture(t.core);
    const em = t.orm.em.fork();
    await recordConsent(em, s.school.id, s.guardianA.id, 'given');
    await bindTelegram(em, s.school.id, 'guardian', s.guardianA.id, GUARDIAN);
    await bindTelegram(em, s.school.id, 'student', s.studentA.id, STUDENT);
    await bindTelegram(em, s.school.id, 'staff', s.people.teacher.id, TEACHER);
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
  });
  afterAll(async () => {
    telegram.restore();
    await t?.close();
  });
  beforeEach(() => telegram.reset());

  it('shows every kind switched on and the school\'s quiet hours, and toggles a kind', async () => {
    await bot.handleUpdate(textUpdate(GUARDIAN, '/notifications'));
    const screen = lastScreen()!;
    expect(screen.payload.text).toContain('Тихие часы: как в школе (21:00–08:00)');
    const buttons = buttonsOf(screen);
    expect(buttons.filter((b) => b.text.startsWith('✅'))).toHaveLength(10);
    expect(buttons.every((b) => Buffer.byteLength(b.callback_data ?? '') <= 64 && b.callback_data?.startsWith('n1:'))).toBe(true);

    await tap(GUARDIAN, 'Домашние задания');
    expect(lastAnswer()).toBe('Сохранено');
    expect(buttonsOf(lastScreen()).find((b) => b.text.includes('Домашние задания'))!.text).toBe('❌ Домашние задания');
    expect((await stored(GUARDIAN))!.disabledKinds).toEqual(['homework']);
    await tap(GUARDIAN, 'Домашние задания');
    expect((await stored(GUARDIAN))!.disabledKinds).toEqual([]);
    expect(telegram.violations).toEqual([]);
  });

  it('sets quiet hours of one\'s own, none, or back to the school\'s', async () => {
    await bot.handleUpdate(textUpdate(STUDENT, '/notifications'));
    await tap(STUDENT, 'Тихие часы');
    expect(lastScreen()!.payload.text).toContain('Когда не присылать уведомления?');
    await tap(STUDENT, '22:00–08:00');
    expect(await stored(STUDENT)).toMatchObject({ quietHoursStart: '22:00', quietHoursEnd: '08:00' });
    expect(lastScreen()!.payload.text).toContain('Тихие часы: 22:00–08:00');
    await tap(STUDENT, 'Тихие часы');
    await tap(STUDENT, 'нет');
    expect(await stored(STUDENT)).toMatchObject({ quietHoursStart: '00:00', quietHoursEnd: '00:00' });
    await tap(STUDENT, 'Тихие часы');
    await tap(STUDENT, 'как в школе');
    expect(await stored(STUDENT)).toMatchObject({ quietHoursStart: null, quietHoursEnd: null });
    expect(telegram.violations).toEqual([]);
  });

  it('opens from the main menu', async () => {
    await bot.handleUpdate(textUpdate(GUARDIAN, '/menu'));
    await tap(GUARDIAN, 'Уведомления');
    expect(lastScreen()!.payload.text).toContain('🔔 Уведомления');
  });

  it('refuses a teacher\'s account and a stranger, whatever button they send, and answers a stale one', async () => {
    await bot.handleUpdate(textUpdate(TEACHER, '/notifications'));
    expect(lastScreen()!.payload.text).toBe('Уведомления настраивают родители и ученики.');
    await bot.handleUpdate(callbackUpdate(TEACHER, 'n1:k:4'));
    expect(lastAnswer()).toBe('Уведомления настраивают родители и ученики.');
    await bot.handleUpdate(callbackUpdate(STRANGER, 'n1:qs:0'));
    expect(lastAnswer()).toBe('Уведомления настраивают родители и ученики.');
    expect(await stored(TEACHER)).toBeNull();
    expect(await stored(STRANGER)).toBeNull();
    await bot.handleUpdate(textUpdate(STRANGER, '/notifications'));
    expect(lastScreen()!.payload.text).toContain('приглашение');
    await bot.handleUpdate(callbackUpdate(GUARDIAN, 'n1:k:99'));
    expect(lastAnswer()).toContain('устарела');
  });
});
