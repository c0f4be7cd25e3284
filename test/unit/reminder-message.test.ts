import { describe, expect, it } from 'vitest';
import { createI18n, translator } from '../../core/i18n/i18n.js';
import { reminderMessage } from '../../core/journal/reminder-message.js';
import type { ReminderItem } from '../../core/journal/reminders.js';

const period = (assignmentId: number, studentsLeft: number): ReminderItem => ({
  kind: 'period', key: `period:9:${assignmentId}`, assignmentId, subject: 'Алгебра', group: '7А', periodId: 9, periodType: 'quarter', periodNumber: 2, endDate: '2026-12-28', studentsLeft,
});

describe('the reminder message', () => {
  it('says how many students are left with Russian plural forms, and in English', async () => {
    const i18n = await createI18n();
    const ru = (n: number) => reminderMessage(translator(i18n, 'ru'), 'ru', [period(1, n)]).text.split('\n').at(-1);
    expect(ru(3)).toBe('Итоговые отметки за 2 четверть: 7А, Алгебра — осталось 3 ученика');
    expect(ru(1)).toBe('Итоговые отметки за 2 четверть: 7А, Алгебра — остался 1 ученик');
    expect(ru(11)).toBe('Итоговые отметки за 2 четверть: 7А, Алгебра — осталось 11 учеников');
    expect(ru(21)).toBe('Итоговые отметки за 2 четверть: 7А, Алгебра — остался 21 ученик');
    expect(reminderMessage(translator(i18n, 'en'), 'en', [period(1, 2)]).text.split('\n').at(-1))
      .toBe('Period marks for quarter 2: 7А, Алгебра — 2 students left');
  });

  it('folds the missing fields of one lesson into one line', async () => {
    const t = translator(await createI18n(), 'ru');
    const lesson = (field: 'topic' | 'attendance' | 'homework'): ReminderItem => ({
      kind: 'lesson', key: `lesson:5:2026-11-20:3:${field}`, assignmentId: 5, subject: 'Алгебра', group: '7А', field, date: '2026-11-20', lessonNumber: 3,
    });
    const { text, keys } = reminderMessage(t, 'ru', [lesson('homework'), lesson('topic'), lesson('attendance')]);
    expect(text).toContain('Уроки 20.11.2026:\n• 3-й урок, 7А, Алгебра. Не заполнено: тема, посещаемость, домашнее задание');
    expect(keys).toHaveLength(3);
  });

  it('stays within Telegram\'s limit and leaves what does not fit for the next message', async () => {
    const t = translator(await createI18n(), 'ru');
    const items = Array.from({ length: 200 }, (_, i) => period(i + 1, 5));
    const { text, keys } = reminderMessage(t, 'ru', items);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.length).toBeLessThan(200);
    expect(text.endsWith('Остальное — в следующем напоминании.')).toBe(true);
    expect(keys).toEqual(items.slice(0, keys.length).map((i) => i.key));
  });
});
