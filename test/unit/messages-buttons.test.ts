import { describe, expect, it } from 'vitest';
import { actionData, decodeMessages, encodeMessages } from '../../bot/callback-data/messages.js';
import { createI18n } from '../../core/i18n/i18n.js';
import { renderAnnouncements } from '../../core/messages/renderers/announcement-renderer.js';
import { renderMessages } from '../../core/messages/renderers/message-renderer.js';
import type { Notification } from '../../core/notifications/notification.entity.js';

const row = (payload: Record<string, unknown>) => ({ payload }) as unknown as Notification;

describe('the messages\' buttons (g1:) and notification texts', () => {
  it('round-trips every button within 64 bytes and reads anything else as stale', () => {
    const big = 2_147_483_647;
    for (const data of [encodeMessages('w'), encodeMessages('wt', { studentId: big, staffId: big }), encodeMessages('kg', { groupId: big, page: 3 }), encodeMessages('a', { digestId: 7 })]) {
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeMessages(data)?.op).toBe(data.split(':')[1]);
    }
    expect(decodeMessages('g1:a:12')).toEqual({ op: 'a', digestId: 12 });
    expect(decodeMessages(encodeMessages('wt', { studentId: big, staffId: 3 }))).toEqual({ op: 'wt', studentId: big, staffId: 3 });
    for (const forged of ['g1:a', 'g1:a:-1', 'g1:a:1:2', 'g1:zz:1', 'g2:a:1', 'g1:a:1e3', 'g1:o:1234567890123', 'g1:o:2147483648']) expect(decodeMessages(forged), forged).toBeUndefined();
  });

  it('makes the buttons of the notifications the core renders: the action named there, as the bot\'s callback data', () => {
    expect(actionData({ kind: 'replyThread', threadId: 5 })).toBe('g1:r:5');
    expect(actionData({ kind: 'openThread', threadId: 5 })).toBe('g1:o:5');
    expect(actionData({ kind: 'acknowledgeDigest', digestId: 12 })).toBe('g1:a:12');
  });

  it('renders messages and announcements in the recipient\'s language', async () => {
    const i18n = await createI18n();
    const ru = i18n.getFixedT('ru');
    const en = i18n.getFixedT('en');
    const fromTeacher = { threadId: 5, messageId: 1, side: 'staff', from: 'Учителева Мария Ивановна', student: 'Алексеев Пётр', classTeacher: true, subjects: ['Математика'], text: 'Добрый день!' };
    expect(renderMessages(ru, [row(fromTeacher)])).toEqual({
      text: '✉️ Сообщение от учителя: Учителева Мария Ивановна (классный руководитель, Математика)\nРебёнок: Алексеев Пётр\n\nДобрый день!',
      buttons: [[{ text: '✍️ Ответить', action: { kind: 'replyThread', threadId: 5 } }, { text: '💬 Вся переписка', action: { kind: 'openThread', threadId: 5 } }]],
    });
    expect(renderMessages(en, [row(fromTeacher)]).text).toContain('A message from a teacher: Учителева Мария Ивановна (class teacher, Математика)');
    // Two threads in one message: a button to open each.
    const two = renderMessages(ru, [row(fromTeacher), row({ ...fromTeacher, threadId: 6, from: 'Классная Анна Петровна', classTeacher: false })]);
    expect(two.buttons?.map((r) => r.map((b) => ({ text: b.text, data: actionData(b.action) })))).toEqual([
      [{ text: '💬 Учителева М. И. — Алексеев П.', data: 'g1:o:5' }],
      [{ text: '💬 Классная А. П. — Алексеев П.', data: 'g1:o:6' }],
    ]);
    expect(renderAnnouncements(ru, [row({ announcementId: 1, title: 'Каникулы', text: 'С 29 декабря.', author: null, group: null, school: 'Школа № 1' })]))
      .toEqual({ text: '📢 Объявление школы «Школа № 1»\nКаникулы\n\nС 29 декабря.' });
  });
});
