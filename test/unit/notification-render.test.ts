import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNotify, encodeNotify } from '../../bot/callback-data/notify.js';
import { createI18n, type TFunction } from '../../core/i18n/i18n.js';
import { composeMessages, MAX_TEXT } from '../../core/notifications/compose.js';
import { renderers } from '../../core/notification-renderers.js';
import { renderDiary } from '../../core/journal/journal-renderer.js';
import { NOTIFICATION_KINDS, type Notification, type NotificationKind } from '../../core/notifications/notification.entity.js';
import { Pacer } from '../../core/notifications/pacer.js';
import { markPayload } from '../support/notification-sender.js';

let id = 0;
const row = (kind: NotificationKind, payload: Record<string, unknown>, over: Partial<Notification> = {}) =>
  ({ id: ++id, kind, payload, personKind: 'guardian', studentId: 1, attempts: 0, ...over }) as unknown as Notification;
const absence = (oldCode: string | null, code: string | null, over: Record<string, unknown> = {}) =>
  row('absence', { lessonId: 7, subject: 'Русский язык', date: '2026-11-23', lessonNumber: 1, studentName: 'Алексеева Анна', studentSex: 'f', oldCode, code, ...over });

describe('the journal\'s notifications in words', () => {
  let ru: TFunction;
  let en: TFunction;
  beforeAll(async () => {
    const i18n = await createI18n();
    ru = i18n.getFixedT('ru');
    en = i18n.getFixedT('en');
  });

  it('says only where a thing ended: a mark changed twice, a roll-call code tapped through', () => {
    const given = markPayload({ value: 3 });
    const text = renderDiary(ru, [
      row('mark', given),
      row('markChanged', { ...given, oldValue: 3, value: 4 }),
      row('markChanged', { ...given, oldValue: 4, value: 5, comment: 'Исправлено' }),
      absence(null, 'n'), absence('n', 'b'), absence('b', 'p'),
    ]).text;
    expect(text).toBe('🔔 Дневник: 2 новые записи\n'
      + 'Алексеев Пётр, математика, 20.11: 5 (ответ на уроке, «Исправлено»)\n'
      + 'Алексеева Анна, русский язык, 23.11: отсутствовала по уважительной причине (п)');
  });

  it('has nothing to say about what ended where it began', () => {
    const given = markPayload();
    expect(renderDiary(ru, [row('mark', given), row('markRemoved', given)]).text).toBe('');
    expect(renderDiary(ru, [absence(null, 'op'), absence('op', null)]).text).toBe('');
  });

  it('tells changes, removals, period marks, homework and substitutions, to a student without its name', () => {
    const p = markPayload({ value: 4, second: 3, workType: 'Диктант' });
    const student = { personKind: 'student' as const };
    const text = renderDiary(ru, [
      row('markChanged', { ...p, oldValue: 5, oldSecond: 4 }, student),
      row('markRemoved', markPayload({ value: 2, date: '2026-11-19' }), student),
      { ...absence('n', 'b', { studentSex: 'm' }), personKind: 'student' },
      row('mark', { period: 'I четверть', periodMarkId: 3, subject: 'Математика', studentName: 'Алексеев Пётр', value: 'pass' }, student),
      row('homework', { lessonId: 9, subject: 'История', date: '2026-11-23', lessonNumber: 4, studentName: 'А', studentSex: 'm', homeworkId: 1, text: '§ 12', none: false, dueDate: '2026-11-25', individual: true }, student),
      row('schedule', { lessonId: 10, subject: 'ОБЖ', date: '2026-11-24', lessonNumber: 3, studentName: 'А', studentSex: 'm', substitute: 'Иванова Мария Ивановна' }, student),
      row('schedule', { lessonId: 11, subject: 'ОБЖ', date: '2026-11-25', lessonNumber: 2, studentName: 'А', studentSex: 'm', substitute: null }, student),
    ]).text;
    expect(text.split('\n')).toEqual([
      '🔔 Дневник: 7 новых записей',
      'математика, I четверть: итоговая отметка «зачёт»',
      'математика, 19.11: оценка 2 удалена (ответ на уроке)',
      'математика, 20.11: оценка изменена: 5/4 → 4/3 (диктант)',
      'русский язык, 23.11: исправлено: отсутствовал по болезни (б)',
      'история, 23.11: индивидуальное задание к 25.11: § 12',
      'ОБЖ, 24.11: замена: 3-й урок проведёт Иванова Мария Ивановна',
      'ОБЖ, 25.11: замена на 2-м уроке отменена',
    ]);
  });

  it('speaks the recipient\'s language', () => {
    expect(renderDiary(en, [row('mark', markPayload()), absence(null, 'op')]).text).toBe('🔔 Diary: 2 new entries\n'
      + 'Алексеев Пётр, математика, 20.11: 5 (ответ на уроке)\nАлексеева Анна, русский язык, 23.11: late (оп)');
  });

  it('makes one message of the coalesced kinds, one of each other row, in order, and splits what is too long', () => {
    const rows = [
      row('mark', markPayload()),
      row('announcement', { announcementId: 1, title: null, text: 'Собрание', author: null, group: '7А', school: 'Школа' }),
      row('homework', { lessonId: 9, subject: 'История', date: '2026-11-23', lessonNumber: 4, studentName: 'А', studentSex: 'm', homeworkId: 1, text: 'x'.repeat(900), none: false, dueDate: null, individual: false }),
    ];
    const { messages, unrenderable } = composeMessages(ru, rows, renderers);
    expect(unrenderable).toEqual([]);
    expect(messages.map((m) => m.rows.map((r) => r.kind))).toEqual([['mark', 'homework'], ['announcement']]);
    const many = Array.from({ length: 12 }, (_, i) => row('homework', { lessonId: 100 + i, subject: 'История', date: '2026-11-23', lessonNumber: 4, studentName: 'А', studentSex: 'm', homeworkId: 100 + i, text: 'y'.repeat(2000), none: false, dueDate: null, individual: false }));
    const split = composeMessages(ru, many, renderers).messages;
    expect(split.length).toBeGreaterThan(1);
    expect(split.flatMap((m) => m.rows)).toHaveLength(12);
    expect(split.every((m) => m.message.text.length <= MAX_TEXT)).toBe(true);
  });
});

describe('the notification settings\' buttons', () => {
  it('round-trip within 64 bytes and refuse anything else', () => {
    const buttons = [
      { op: 'view' as const }, { op: 'quietMenu' as const }, { op: 'quiet' as const, choice: 'school' as const }, { op: 'quiet' as const, choice: 3 },
      ...NOTIFICATION_KINDS.map((kind) => ({ op: 'toggle' as const, kind })),
    ];
    for (const button of buttons) {
      const data = encodeNotify(button);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeNotify(data)).toEqual(button);
    }
    for (const data of ['n1:k:99', 'n1:k:', 'n1:qs:x', 'n1:v:1', 'n2:v', 'j1:v', 'n1:k:1:2']) expect(decodeNotify(data), data).toBeUndefined();
  });
});

describe('the pacer', () => {
  it('starts a chat\'s next message an interval after the previous one was answered, and pauses everything on demand', async () => {
    const pacer = new Pacer({ globalPerSecond: 1000, perChatPerSecond: 20 }); // a chat: one per ~53 ms with headroom
    const starts: number[] = [];
    for (let i = 0; i < 4; i++) {
      await pacer.acquire(1);
      starts.push(performance.now());
      await new Promise((r) => setTimeout(r, 20)); // the request on its way
      pacer.done(1);
    }
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(20 + 50);
    // Another chat is not held by the first one's interval.
    const other = performance.now();
    await pacer.acquire(2);
    expect(performance.now() - other).toBeLessThan(40);
    pacer.done(2);
    pacer.pause(performance.now() + 150);
    const paused = performance.now();
    await pacer.acquire(3);
    expect(performance.now() - paused).toBeGreaterThanOrEqual(140);
  });
});
