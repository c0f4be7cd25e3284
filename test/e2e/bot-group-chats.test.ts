import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeDiary } from '../../bot/callback-data/diary.js';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import type { GroupChat } from '../../telegram-emulator/index.js';
import { createDiaryFixture, DIARY_NOW } from '../support/diary-fixture.js';
import { interceptTelegram } from '../support/fake-telegram.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const NOTICE = 'Журнал и дневник открываются только в личной переписке с ботом: здесь их увидели бы все участники группы. Напишите мне: @klassny_test_bot';
// Names of the fixture's people and classes: none may appear in a group.
const PERSONAL = /Алексеев|Борисов|Учителева|Классная|Админова|Васильев|7А|Математика/;

describe('bot: group chats get no journal, diary or menu (issue 12, point 3)', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createDiaryFixture>>;
  const sys = systemActor('cli');
  const GROUP: GroupChat = { id: -1001234567890, title: 'Родители 7А' };
  const ROLES = { teacher: 1401, classTeacher: 1402, guardian: 1403, student: 1404, administrator: 1405 };

  const emulator = () => telegram.emulator;
  const say = (from: number, text: string, chat: GroupChat | null = GROUP) =>
    bot.handleUpdate(emulator().sendText(from, text, { queue: false, ...(chat ? { group: chat } : {}) }));
  const botMessages = (chatId: number) => emulator().transcript(chatId).filter((m) => m.from === 'bot');
  const signIn = async (telegramId: number, kind: 'staff' | 'student' | 'guardian', personId: number) => {
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue(kind, personId, sys, 'klassny_test_bot'));
    await say(telegramId, `/start ${code}`, null);
  };
  const added = (from: number, chat: GroupChat): Update => ({
    update_id: 900_000 + from,
    my_chat_member: {
      chat: { id: chat.id, type: 'group', title: chat.title },
      from: { id: from, is_bot: false, first_name: 'Мария' },
      date: Math.floor(DIARY_NOW.getTime() / 1000),
      old_chat_member: { user: emulator().botUser, status: 'left' },
      new_chat_member: { user: emulator().botUser, status: 'member' },
    },
  });

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(DIARY_NOW));
    s = await createDiaryFixture(t.core);
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    await signIn(ROLES.teacher, 'staff', s.people.teacher.id);
    await signIn(ROLES.classTeacher, 'staff', s.people.classTeacherA.id);
    await signIn(ROLES.guardian, 'guardian', s.guardianA.id);
    await signIn(ROLES.student, 'student', s.studentA.id);
    await signIn(ROLES.administrator, 'staff', s.people.administrator.id);
  });
  afterAll(async () => {
    telegram?.restore();
    await t?.close();
  });
  beforeEach(() => telegram.reset());

  it('answers every command of every role in a group with the notice only, and plain text with nothing', async () => {
    const first = botMessages(GROUP.id).length;
    const firstCall = emulator().calls.length;
    const commands = ['/start', '/menu', '/today', '/diary', '/statement', '/role', '/child', '/help', '/language', '/notifications', '/leak'];
    for (const [role, from] of Object.entries(ROLES)) {
      for (const command of commands) {
        const before = botMessages(GROUP.id).length;
        await say(from, command);
        const answers = botMessages(GROUP.id).slice(before);
        expect(answers.map((m) => m.text), `${role} ${command}`).toEqual([NOTICE]);
        expect(answers[0]!.buttons, `${role} ${command}`).toEqual([]);
      }
      // A command addressed to the bot by name, as group clients send it.
      await say(from, '/today@klassny_test_bot');
      await say(from, 'Когда родительское собрание?');
    }
    const said = botMessages(GROUP.id).slice(first);
    expect(said).toHaveLength(Object.keys(ROLES).length * 12);
    expect(said.every((m) => m.text === NOTICE && !PERSONAL.test(m.text))).toBe(true);
    // Nothing was sent anywhere else either (no private message in reply to a group command).
    expect(emulator().calls.slice(firstCall).map((c) => c.chatId)).toEqual(said.map(() => GROUP.id));
    expect(telegram.violations).toEqual([]);
  });

  it('refuses every button pressed in a group with the notice, and changes nothing', async () => {
    await say(ROLES.teacher, '/today');
    const notice = botMessages(GROUP.id).at(-1)!;
    const said = botMessages(GROUP.id).length;
    const lesson = await t.orm.em.fork().findOneOrFail(Lesson, { assignment: s.id.russianAssignment }, { orderBy: { id: 'asc' } });
    const buttons: [number, string][] = [
      [ROLES.teacher, encodeJournal('r', { lessonId: lesson.id, page: 0 })],
      [ROLES.classTeacher, encodeJournal('ra', { lessonId: lesson.id })],
      [ROLES.classTeacher, encodeJournal('ca', { page: 0 })],
      [ROLES.guardian, encodeDiary('h', { studentId: s.studentA.id })],
      [ROLES.student, encodeDiary('h', { studentId: s.studentA.id })],
    ];
    const answers: { text?: string; showAlert: boolean }[] = [];
    const off = emulator().on('callbackAnswer', (a) => answers.push(a));
    for (const [from, data] of buttons) await bot.handleUpdate(emulator().pressButton(from, notice.messageId, data, { forged: true, queue: false, group: GROUP }));
    off();
    expect(answers).toEqual(buttons.map(() => expect.objectContaining({ text: NOTICE, showAlert: true })));
    // The message the buttons were pressed on is as it was, and nothing new was said.
    expect(emulator().message(GROUP.id, notice.messageId)?.edits).toBe(0);
    expect(botMessages(GROUP.id)).toHaveLength(said);
    expect(telegram.violations).toEqual([]);
  });

  it('says it once when added to a group, and keeps working in private chats', async () => {
    const other: GroupChat = { id: -1009876543210, title: 'Учителя' };
    emulator().sendText(ROLES.teacher, 'привет', { queue: false, group: other });
    await bot.handleUpdate(added(ROLES.teacher, other));
    expect(botMessages(other.id).map((m) => m.text)).toEqual([NOTICE]);

    // The same people in their private chats see their screens.
    await say(ROLES.teacher, '/today', null);
    expect(botMessages(ROLES.teacher).at(-1)?.text).toContain('понедельник, 23 ноября — сегодня');
    await say(ROLES.guardian, '/diary', null);
    expect(botMessages(ROLES.guardian).at(-1)?.text).toContain('Алексеев Пётр');
  });
});
