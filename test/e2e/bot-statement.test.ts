import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeStatement, encodeStatement } from '../../bot/callback-data/statement.js';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { WorkType } from '../../core/school/work-type.entity.js';
import { buttonData, buttonsOf, interceptTelegram } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { fixedClock } from '../../core/time/clock.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

interface Upload {
  file: { fileName: string; mimeType: string; size: number };
}

const NOW = new Date('2026-11-23T09:00:00Z');

describe('bot: the statement as a PDF document for guardians and students (D12)', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');
  const PARENT = 1201;
  const STUDENT = 1202;
  const TEACHER = 1203;

  const signIn = async (telegramId: number, kind: 'staff' | 'student' | 'guardian', personId: number) => {
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue(kind, personId, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(telegramId, `/start ${code}`));
  };
  const lastSent = () => telegram.called('sendMessage').at(-1);
  const lastAnswer = () => telegram.called('answerCallbackQuery').at(-1)?.payload;
  const button = buttonData;

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    s = await createSchoolFixture(t.core);
    await t.core.unitOfWork(async () => {
      await t.core.consents.record(s.guardianA.id, 'given', '2026-09-01', sys);
      // October: a 5 and a 3 in mathematics, one absence through illness.
      const em = t.orm.em;
      const workType = em.create(WorkType, { school: s.school.id, name: 'Ответ на уроке', weight: 1 });
      const lessons = ['2026-10-05', '2026-10-07', '2026-10-12'].map((date) =>
        em.create(Lesson, { school: s.school.id, assignment: s.assignment.id, date, lessonNumber: 1, topic: 'Уравнения' }));
      await em.flush();
      em.create(Mark, { school: s.school.id, lesson: lessons[0]!.id, student: s.studentA.id, value: 5, workType: workType.id });
      em.create(Mark, { school: s.school.id, lesson: lessons[1]!.id, student: s.studentA.id, value: 3, workType: workType.id });
      em.create(Attendance, { school: s.school.id, lesson: lessons[2]!.id, student: s.studentA.id, code: 'b' });
      await em.flush();
    });
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    await signIn(PARENT, 'guardian', s.guardianA.id);
    await signIn(STUDENT, 'student', s.studentA.id);
    await signIn(TEACHER, 'staff', s.people.classTeacherA.id);
  });
  afterAll(async () => {
    telegram.restore();
    await t.close();
  });
  beforeEach(() => telegram.reset());

  it('offers a guardian the last or this month for the active child and sends the PDF as a document', async () => {
    await bot.handleUpdate(textUpdate(PARENT, '/menu'));
    const menu = lastSent();
    await bot.handleUpdate(callbackUpdate(PARENT, button(menu, 'Выписка за месяц')));
    const offer = lastSent();
    expect(offer?.payload.text).toBe('Выписка из журнала: Алексеев Пётр. За какой период?');
    expect(buttonsOf(offer).map((b) => b.text)).toEqual(['Прошлый месяц', 'Этот месяц']);
    const previous = button(offer, 'Прошлый месяц');
    expect(decodeStatement(previous)).toEqual({ range: 'previousMonth', studentId: s.studentA.id });
    expect(Buffer.byteLength(previous)).toBeLessThanOrEqual(64);

    await bot.handleUpdate(callbackUpdate(PARENT, previous));
    const sent = telegram.called('sendDocument');
    expect(sent).toHaveLength(1);
    expect((sent[0]!.payload.document as Upload).file).toMatchObject({ fileName: 'Выписка Алексеев Пётр 01.10.2026–31.10.2026.pdf', mimeType: 'application/pdf' });
    // The parent's chat shows the document, and the file is the PDF.
    const shown = telegram.emulator.transcript(PARENT).at(-1)!;
    expect(shown.document?.fileName).toBe('Выписка Алексеев Пётр 01.10.2026–31.10.2026.pdf');
    expect(telegram.emulator.file(shown.document!.fileId)!.bytes.subarray(0, 4).toString()).toBe('%PDF');
    expect(sent[0]!.payload.caption).toBe('Выписка из журнала: Алексеев Пётр, 01.10.2026 — 31.10.2026');
    expect(lastAnswer()?.text).toBeUndefined();
    expect(telegram.violations).toEqual([]);
  });

  it('sends a student its own statement for this month through /statement', async () => {
    await bot.handleUpdate(textUpdate(STUDENT, '/statement'));
    await bot.handleUpdate(callbackUpdate(STUDENT, button(lastSent(), 'Этот месяц')));
    const sent = telegram.called('sendDocument');
    expect(sent).toHaveLength(1);
    expect((sent[0]!.payload.document as Upload).file.fileName).toBe('Выписка Алексеев Пётр 01.11.2026–23.11.2026.pdf');
    expect(telegram.violations).toEqual([]);
  });

  it('refuses a forged button for another child and for a classmate, sending nothing', async () => {
    await bot.handleUpdate(callbackUpdate(PARENT, encodeStatement('previousMonth', s.studentB.id)));
    expect(lastAnswer()).toMatchObject({ text: 'Нет доступа к выписке этого ученика.', show_alert: true });
    await bot.handleUpdate(callbackUpdate(STUDENT, encodeStatement('thisMonth', s.studentB.id)));
    expect(lastAnswer()?.text).toBe('Нет доступа к выписке этого ученика.');
    await bot.handleUpdate(callbackUpdate(PARENT, 's1:x:1'));
    expect(lastAnswer()?.text).toMatch(/устарела|устарел/i);
    expect(telegram.called('sendDocument')).toHaveLength(0);
    expect(telegram.violations).toEqual([]);
  });

  it('sends staff to the panel', async () => {
    await bot.handleUpdate(textUpdate(TEACHER, '/statement'));
    expect(lastSent()?.payload.text).toContain('в панели управления');
    await bot.handleUpdate(callbackUpdate(TEACHER, encodeStatement('previousMonth', s.studentA.id)));
    expect(lastAnswer()?.text).toContain('в панели управления');
    expect(telegram.called('sendDocument')).toHaveLength(0);
  });
});
