import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { translator } from '../../core/i18n/i18n.js';
import type { JournalPage } from '../../core/journal-view/journal-page.js';
import { cellPlainText, textFormat } from '../../core/journal-view/journal-page-text.js';
import { fixedClock } from '../../core/time/clock.js';
import { createJournalFixture, type JournalFixture } from '../support/journal-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('the journal page as the paper journal reads (issue 13, point 3)', () => {
  let t: TestCore;
  let s: JournalFixture;
  let page: JournalPage;
  const row = (name: string) => page.students.find((x) => x.name.startsWith(name))!;
  const column = (lesson: { id: number }) => page.lessons.findIndex((l) => l.id === lesson.id);
  const cell = (name: string, lesson: { id: number }) => row(name).cells[column(lesson)]!;
  const text = (name: string, lesson: { id: number }) => cellPlainText(cell(name, lesson), textFormat(translator(t.core.i18n, 'ru'), 'ru'));

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-10-20T09:00:00Z'));
    s = await createJournalFixture(t.core);
    const director = (await staffActorFor(t.orm.em.fork(), s.people.director.id, 'panel'))!;
    page = await t.core.unitOfWork(() => t.core.journalPages.page(s.assignment.id, s.periods.q1, director));
  });
  afterAll(async () => {
    await t.close();
  });

  it('heads the page with the class, subject, teacher and period', () => {
    expect(page.assignment).toMatchObject({ subject: 'Математика', group: { name: '7А' }, subgroup: null, teacher: 'Учителева Мария Ивановна' });
    expect(page.period).toMatchObject({ name: '1 четверть', startDate: '2026-09-01', endDate: '2026-10-25' });
    expect(page.reach).toBe('full');
  });

  it('lists the students in Russian alphabetical order, ё beside е, each once', () => {
    // A code-point sort would put «Ёлкин» first (Ё is U+0401, before А).
    expect(page.students.map((x) => x.name)).toEqual(['Алексеев Пётр', 'Егоров Иван', 'Ёлкин Артём', 'Ефимов Глеб', 'Жуков Олег']);
  });

  it('has the period\'s lessons across, by date and lesson number, and none of another period', () => {
    expect(page.lessons.map((l) => l.date)).toEqual(['2026-09-07', '2026-09-14', '2026-09-21', '2026-10-05', '2026-10-12']);
    expect(page.lessons.map((l) => l.id)).not.toContain(s.lessons.nov09.id);
  });

  it('writes a double mark as 5/4 and shows each mark\'s work type and weight', () => {
    expect(cell('Алексеев', s.lessons.sep21).marks).toEqual([{ id: expect.any(Number), version: 1, value: 5, second: 4, workType: 'Ответ на уроке', workTypeId: s.workTypes.answer, weight: 1, makeUp: false, comment: null }]);
    expect(text('Алексеев', s.lessons.sep21)).toBe('5/4');
    expect(text('Алексеев', s.lessons.oct05)).toBe('3^2');
    expect(page.workTypes).toEqual([{ name: 'Контрольная работа', weight: 2 }, { name: 'Ответ на уроке', weight: 1 }]);
  });

  it('marks a make-up mark and keeps the absence beside it', () => {
    expect(cell('Егоров', s.lessons.sep14)).toMatchObject({ attendance: 'n', marks: [{ value: 4, makeUp: true }] });
    expect(text('Егоров', s.lessons.sep14)).toBe('н 4*');
  });

  it('shows every attendance code where it was recorded, and nothing where the student was present', () => {
    expect(text('Ёлкин', s.lessons.sep07)).toBe('б');
    expect(text('Ёлкин', s.lessons.sep21)).toBe('оп');
    expect(text('Егоров', s.lessons.oct12)).toBe('п');
    expect(text('Ёлкин', s.lessons.sep14)).toBe('');
  });

  it('computes the weighted average by the journal\'s formula (a double mark counts twice) and shows the period marks', () => {
    // (5·1 + 5·1 + 4·1 + 3·2) ÷ (1 + 1 + 1 + 2) = 4.00; the simple average would be 4.25.
    expect(row('Алексеев').weightedAverage).toBeCloseTo(4, 10);
    expect(row('Егоров').weightedAverage).toBeCloseTo((4 + 5 * 2) / 3, 10);
    expect(row('Ёлкин').weightedAverage).toBeNull();
    expect(row('Алексеев').periodMark).toEqual({ value: '4', deferredUntil: null });
    expect(row('Егоров').periodMark).toEqual({ value: null, deferredUntil: '2026-11-15' });
    expect(row('Ёлкин').periodMark).toBeNull();
  });

  it('shows a student who joined or left during the period only while enrolled, with a note', () => {
    const efimov = row('Ефимов');
    expect(efimov).toMatchObject({ joined: '2026-10-01', left: null });
    expect(efimov.cells.map((c) => c.enrolled)).toEqual([false, false, false, true, true]);
    expect(text('Ефимов', s.lessons.oct12)).toBe('2');
    const zhukov = row('Жуков');
    expect(zhukov).toMatchObject({ joined: null, left: '2026-09-30' });
    expect(zhukov.cells.map((c) => c.enrolled)).toEqual([true, true, true, false, false]);
    expect(text('Жуков', s.lessons.sep14)).toBe('4');
    expect(row('Алексеев')).toMatchObject({ joined: null, left: null });
    // Another class's student is not on this page at all.
    expect(page.students.map((x) => x.id)).not.toContain(s.studentB.id);
  });

  it('puts the dates with topics, homework and the substitution on the facing page', () => {
    const [sep07, sep14, sep21, , oct12] = page.lessons;
    expect(sep07).toMatchObject({ topic: 'Натуральные числа', homework: { text: '№ 12, 14', none: false }, individualHomework: 0, substitute: null });
    expect(sep14).toMatchObject({ homework: { text: null, none: true } });
    expect(sep21).toMatchObject({ homework: { text: '+7 900 000-00-00 позвонить' }, individualHomework: 1 });
    expect(oct12).toMatchObject({ topic: null, homework: null, substitute: 'Заменяющая О. П.' });
  });

  it('defaults to the period of today when none is asked for: the quarter, not its half-year nor the year', async () => {
    const director = (await staffActorFor(t.orm.em.fork(), s.people.director.id, 'panel'))!;
    await t.core.unitOfWork(async () => {
      for (const [type, name, endDate] of [['half', '1 полугодие', '2026-12-28'], ['year', 'Год', '2027-05-31']] as const) {
        await t.core.records.create('Period', { school: s.school.id, year: s.year.id, type, number: 1, name, startDate: '2026-09-01', endDate }, systemActor('panel'));
      }
    });
    const today = await t.core.unitOfWork(() => t.core.journalPages.page(s.assignment.id, undefined, director));
    expect(today.period.id).toBe(s.periods.q1);
    const choices = await t.core.unitOfWork(() => t.core.journalPages.choices(director, { assignmentId: s.assignment.id }));
    expect(choices.periodId).toBe(s.periods.q1);
    expect(choices.periods.map((p) => p.name)).toEqual(expect.arrayContaining(['1 четверть', '2 четверть', '1 полугодие', 'Год']));
  });
});
