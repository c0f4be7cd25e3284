import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeDiary, encodeDiary } from '../../bot/callback-data/diary.js';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { createDiaryFixture, DIARY_NOW } from '../support/diary-fixture.js';
import { buttonData, buttonsOf, interceptTelegram, labels } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { fixedClock } from '../../core/time/clock.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('bot: the diary for guardians and students (D1–D8)', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createDiaryFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');
  const PARENT = 1301;
  const STUDENT = 1302;
  const OTHER_PARENT = 1303;
  const TEACHER = 1304;

  const signIn = async (telegramId: number, kind: 'staff' | 'student' | 'guardian', personId: number) => {
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue(kind, personId, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(telegramId, `/start ${code}`));
  };
  const lastMessage = () => telegram.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText').at(-1);
  const lastAnswer = () => telegram.called('answerCallbackQuery').at(-1)?.payload;
  const tap = async (from: number, data: string) => {
    await bot.handleUpdate(callbackUpdate(from, data));
    return lastMessage();
  };
  const button = buttonData;
  const diaryHome = async (from: number) => {
    await bot.handleUpdate(textUpdate(from, '/diary'));
    return lastMessage();
  };

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(DIARY_NOW));
    s = await createDiaryFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    await signIn(PARENT, 'guardian', s.guardianA.id);
    await signIn(STUDENT, 'student', s.studentA.id);
    await signIn(OTHER_PARENT, 'guardian', s.id.guardianB);
    await signIn(TEACHER, 'staff', s.people.teacher.id);
  });
  afterAll(async () => {
    telegram?.restore();
    await t?.close();
  });
  beforeEach(() => telegram.reset());

  it('opens marks, homework and the timetable from a guardian\'s main menu, and the diary\'s sections', async () => {
    await bot.handleUpdate(textUpdate(PARENT, '/menu'));
    const menu = lastMessage();
    expect(labels(menu)).toEqual(expect.arrayContaining(['Отметки', 'Домашние задания', 'Расписание', 'Дневник']));

    const marks = await tap(PARENT, button(menu, 'Отметки'));
    expect(lastAnswer()?.text).toBeUndefined();
    expect(marks?.method).toBe('sendMessage');
    expect(marks?.payload.text).toContain('📒 Дневник: Алексеев Пётр, 7А');
    expect(marks?.payload.text).toContain('✍️ Отметки за две недели (10.11–23.11)');
    expect(marks?.payload.text).toContain('20.11 · Математика — 4 (Ответ на уроке)');
    expect(marks?.payload.text).toContain('17.11 · Русский язык — 5/4 (Ответ на уроке)\n   💬 Отличное сочинение');
    expect(marks?.payload.text).not.toContain('Чужая');

    const homework = await tap(PARENT, button(menu, 'Домашние задания'));
    expect(homework?.payload.text).toContain('📝 Домашние задания на вторник, 24 ноября');
    expect(homework?.payload.text).toContain('• Математика: № 15, 16\n• Русский язык: Упражнение 120');
    expect(homework?.payload.text).not.toContain('Чужая');

    const schedule = await tap(PARENT, button(menu, 'Расписание'));
    expect(schedule?.payload.text).toContain('📅 понедельник, 23 ноября — сегодня');
    expect(schedule?.payload.text).toContain('1. 08:30–09:15 Математика (каб. 12) — Учителева М. И.\n   🔁 Замена: урок ведёт Другая М. И.\n   Тема: Графики');
    expect(schedule?.payload.text).toContain('3. 10:25–11:10 Английский язык (1 группа, каб. 12)');

    const home = await tap(PARENT, button(menu, 'Дневник'));
    expect(home?.payload.text).toBe('📒 Дневник: Алексеев Пётр, 7А\n\nВыберите раздел:');
    expect(telegram.called('answerCallbackQuery')).toHaveLength(4);
    expect(telegram.violations).toEqual([]);
  });

  it('walks a student through every section in one message that edits itself', async () => {
    const home = await diaryHome(STUDENT);
    expect(home?.method).toBe('sendMessage');
    expect(labels(home)).toEqual([
      '✍️ Отметки', '📚 По предметам', '🏁 Итоговые', '🙋 Пропуски', '📝 ДЗ на завтра', '📝 ДЗ на неделю',
      '📅 Сегодня', '📅 Завтра', '📅 Неделя', '📖 Темы и комментарии', '🏆 Рейтинг', '📢 Объявления', '📈 График',
    ]);
    for (const b of buttonsOf(home)) {
      expect(Buffer.byteLength(b.callback_data!)).toBeLessThanOrEqual(64);
      expect(decodeDiary(b.callback_data!)).toMatchObject({ studentId: s.studentA.id });
    }
    const open = async (label: string, from = home) => {
      const screen = await tap(STUDENT, button(from, label));
      expect(screen?.method).toBe('editMessageText');
      expect(lastAnswer()?.text).toBeUndefined();
      return screen;
    };

    const subjects = await open('📚 По предметам');
    expect(subjects?.payload.text).toContain('📚 Отметки по предметам — 2 четверть');
    expect(subjects?.payload.text).toContain('Математика: 5 3 4\n   средний 4, взвешенный 3,75 → прогноз 4');
    expect(subjects?.payload.text).toContain('Английский язык: отметок нет');
    const math = await open('Математика', subjects);
    expect(math?.payload.text).toContain('16.11 — 3 (Контрольная работа, вес 2)\n   💬 Повторить правила знаков');
    expect(math?.payload.text).toContain('Средний балл: 4\nСредневзвешенный балл: 3,75');
    expect(math?.payload.text).toContain('Прогноз итоговой отметки: 4\nЧтобы выйти на 5, нужно ещё 6 пятёрок');
    const russian = await open('Русский язык', subjects);
    expect(russian?.payload.text).toContain('Чтобы выйти на 5, нужны ещё 3 пятёрки');
    const pe = await open('Физическая культура', subjects);
    expect(pe?.payload.text).toContain('Предмет без аттестации');

    const periodMarks = await open('🏁 Итоговые');
    expect(periodMarks?.payload.text).toContain('1 четверть:\n• Английский язык — отложена до 30.11\n• Математика — 4\n• Русский язык — 5\n• Физическая культура — осв. (освобождён)');

    const absences = await open('🙋 Пропуски');
    expect(absences?.payload.text).toContain('н — 1, б — 1, п — 0, оп — 1\nПропущено 2 урока\nПосещаемость: 88,2 %');
    expect(absences?.payload.text).toContain('16.11 · 1-й урок, Математика — оп (опоздание)\n13.11 · 1-й урок, Математика — н (причина неизвестна)\n10.11 · 1-й урок, Русский язык — б (болезнь)');

    const week = await open('📝 ДЗ на неделю');
    expect(week?.payload.text).toContain('📝 Домашние задания на неделю (24.11–30.11)');
    expect(week?.payload.text).toContain('четверг, 26 ноября:\n• Математика (индивидуально): Карточка 3');
    expect(week?.payload.text).not.toContain('Проект');

    const timetable = await open('📅 Неделя');
    expect(timetable?.payload.text).toContain('📅 среда, 25 ноября\n5. Математика — Учителева М. И.\n   ⚠️ Изменение в расписании');
    expect(timetable?.payload.text).toContain('📅 пятница, 27 ноября\n🏖 День здоровья: уроков нет.');
    expect(timetable?.payload.text).not.toContain('воскресенье');
    expect(timetable?.payload.text).not.toContain('История');
    expect(labels(timetable)).toEqual(['📅 Сегодня', '📅 Завтра', '◀ Дневник']);
    const tomorrow = await open('📅 Завтра', timetable);
    expect(tomorrow?.payload.text).toContain('📅 вторник, 24 ноября\n1. 08:30–09:15 Русский язык — Классная М. И.');

    const topics = await open('📖 Темы и комментарии');
    expect(topics?.payload.text).toContain('16.11 · Английский язык: Present Perfect');
    expect(topics?.payload.text).toContain('17.11 · Русский язык, 5/4: Отличное сочинение');
    expect(topics?.payload.text).not.toContain('Тема другой группы');
    expect(topics?.payload.text).not.toContain('Чужой комментарий');

    const rating = await open('🏆 Рейтинг');
    expect(rating?.payload.text).toContain('Место: 2 из 4 (7А), делит место с одноклассниками\nСредневзвешенный балл: 3,86');
    for (const name of ['Васильев', 'Григорьев', 'Дмитриев', 'Борисов']) expect(rating?.payload.text).not.toContain(name);

    const news = await open('📢 Объявления');
    expect(news?.payload.text).toContain('18.11 · для всей школы · Директорова М. И.\n«Собрание»\nРодительское собрание в пятницу в 18:00');
    expect(news?.payload.text).toContain('13.11 · для 7А');
    expect(news?.payload.text).not.toContain('7Б');

    // A page past the end shows the last one.
    const pageTooFar = await tap(STUDENT, encodeDiary('mr', { studentId: s.studentA.id, page: 99 }));
    expect(pageTooFar?.payload.text).toContain('20.11 · Математика — 4');
    // Back to the sections from anywhere.
    const back = await open('◀ Дневник', news);
    expect(back?.payload.text).toContain('Выберите раздел:');
    expect(telegram.called('sendMessage')).toHaveLength(1);
    expect(telegram.violations).toEqual([]);
  });

  it('sends the marks chart as a PNG photo, for every subject or the chosen one', async () => {
    const home = await diaryHome(PARENT);
    await bot.handleUpdate(callbackUpdate(PARENT, button(home, '📈 График')));
    const sent = telegram.called('sendPhoto');
    expect(sent).toHaveLength(1);
    // Uploaded as a file (multipart), not a link or a file id.
    expect(sent[0]!.payload.photo.file).toMatchObject({ fileName: 'marks.png', mimeType: 'image/png' });
    expect(sent[0]!.payload.caption).toBe('📈 Отметки: Алексеев Пётр\n01.09.2026 — 23.11.2026');
    expect(lastAnswer()?.text).toBe('Готовлю график…');
    const shown = telegram.emulator.transcript(PARENT).at(-1)!;
    expect(shown.photo).toBeDefined();
    const bytes = telegram.emulator.file(shown.photo!.fileId)!.bytes;
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(bytes.readUInt32BE(16)).toBe(900);

    const detail = await tap(PARENT, encodeDiary('mj', { studentId: s.studentA.id, subjectId: s.id.russian }));
    await bot.handleUpdate(callbackUpdate(PARENT, button(detail, '📈 График по предмету')));
    expect(telegram.called('sendPhoto')).toHaveLength(2);
    expect(telegram.called('sendPhoto')[1]!.payload.caption).toBe('📈 Русский язык: Алексеев Пётр\n01.09.2026 — 23.11.2026');
    expect(telegram.violations).toEqual([]);
  });

  it('shows nothing for a forged button: another child, a classmate, a student of another school', async () => {
    const forged = [
      [PARENT, encodeDiary('mr', { studentId: s.studentB.id, page: 0 })],
      [PARENT, encodeDiary('h', { studentId: s.id.c1 })],
      [PARENT, encodeDiary('mr', { studentId: other.studentA.id, page: 0 })],
      [OTHER_PARENT, encodeDiary('rt', { studentId: s.studentA.id })],
      [OTHER_PARENT, encodeDiary('ch', { studentId: s.studentA.id, subjectId: 0 })],
      [STUDENT, encodeDiary('sc', { studentId: s.id.c1, range: 0 })],
      [STUDENT, encodeDiary('mj', { studentId: s.id.c1, subjectId: s.subject.id })],
      [STUDENT, encodeDiary('ch', { studentId: s.studentB.id, subjectId: 0 })],
    ] as const;
    for (const [from, data] of forged) {
      await bot.handleUpdate(callbackUpdate(from, data));
      expect(lastAnswer()?.text, data).toBe('Эти сведения вам недоступны.');
    }
    // A subject of no concern to the child, and a range that does not exist.
    await bot.handleUpdate(callbackUpdate(STUDENT, encodeDiary('mj', { studentId: s.studentA.id, subjectId: s.id.history })));
    expect(lastAnswer()?.text).toBe('Эти сведения вам недоступны.');
    await bot.handleUpdate(callbackUpdate(STUDENT, encodeDiary('sc', { studentId: s.studentA.id, range: 7 })));
    expect(lastAnswer()?.text).toBe('Эти сведения вам недоступны.');
    expect(telegram.called('answerCallbackQuery')).toHaveLength(forged.length + 2);
    expect(telegram.calls.filter((c) => ['sendMessage', 'editMessageText', 'sendPhoto'].includes(c.method))).toEqual([]);

    // Malformed or outdated data is stale; a teacher has no diary here.
    await bot.handleUpdate(callbackUpdate(PARENT, 'd1:mr:abc:0'));
    expect(lastAnswer()?.text).toContain('устарела');
    await bot.handleUpdate(callbackUpdate(PARENT, 'd0:h:1'));
    expect(lastAnswer()?.text).toContain('устарела');
    await bot.handleUpdate(callbackUpdate(TEACHER, encodeDiary('h', { studentId: s.studentA.id })));
    expect(lastAnswer()?.text).toContain('Дневник доступен ученикам и родителям');
    await bot.handleUpdate(textUpdate(TEACHER, '/diary'));
    expect(lastMessage()?.payload.text).toContain('Дневник доступен ученикам и родителям');
    await bot.handleUpdate(textUpdate(1399, '/diary'));
    expect(lastMessage()?.payload.text).toContain('Вы ещё не вошли в журнал.');
    expect(telegram.violations).toEqual([]);
  });

  it('shows the other family only its own child', async () => {
    const home = await diaryHome(OTHER_PARENT);
    expect(home?.payload.text).toContain('Борисов Пётр, 7Б');
    const marks = await tap(OTHER_PARENT, button(home, '✍️ Отметки'));
    expect(marks?.payload.text).toContain('16.11 · История — 2 (Ответ на уроке)\n   💬 Чужая отметка');
    expect(marks?.payload.text).not.toContain('Математика');
  });
});
