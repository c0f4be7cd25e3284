import { describe, expect, it } from 'vitest';
import type { Problem } from '../../core/base/errors.js';
import { checkEnrollmentHistory, type Stretch } from '../../core/people/rules/enrollment-history.js';
import { findTimetableConflicts, type SlotFacts } from '../../core/schedule/rules/timetable-conflicts.js';
import { checkRange, contains, isIsoDate, nextDay, overlaps, previousDay } from '../../core/school/rules/date-ranges.js';
import { checkNamePart, checkPersonName, checkSubjectName } from '../../core/school/rules/names.js';
import { checkTopicTitle } from '../../core/school/rules/topic-title.js';

/** Problems reduced to what a rule decides: the message key and the field it points at. */
const keys = (problems: readonly (Problem | undefined)[]) =>
  problems.filter((p): p is Problem => p !== undefined).map((p) => ({ key: p.key, field: p.field }));

/** Monday, lesson 1, from 1 September, open-ended: a lesson of 5А by teacher 1 in room 1. Override what matters. */
const slot = (facts: Partial<SlotFacts> = {}): SlotFacts => ({
  teacherId: 1, roomId: 1, groupId: 1, subgroupId: null,
  weekday: 1, lessonNumber: 1, validFrom: '2025-09-01', validTo: null,
  ...facts,
});

const kinds = (a: SlotFacts, others: SlotFacts[]) => findTimetableConflicts(a, others).map((c) => c.kind).sort();

const stretch = (startDate: string, endDate: string | null, endReason: Stretch['endReason'] = null): Stretch => ({ startDate, endDate, endReason });

describe('names: a ФИО is written out in full', () => {
  it('accepts a full ФИО, a double surname, an apostrophe, and no отчество', () => {
    expect(checkPersonName({ lastName: 'Иванова', firstName: 'Мария', middleName: 'Петровна' })).toEqual([]);
    expect(checkPersonName({ lastName: 'Салтыков-Щедрин', firstName: 'Михаил', middleName: 'Евграфович' })).toEqual([]);
    expect(checkPersonName({ lastName: "Д'Артаньян", firstName: 'Шарль' })).toEqual([]);
    expect(checkPersonName({ lastName: 'Ким', firstName: 'Ли', middleName: null })).toEqual([]);
    expect(checkPersonName({ lastName: 'Петров', firstName: 'Сергей', middleName: '  ' })).toEqual([]);
    expect(checkNamePart('lastName', 'Smith', true)).toBeUndefined();
  });

  it('refuses initials and any dot, wherever it stands', () => {
    expect(keys([checkNamePart('firstName', 'И.', true)])).toEqual([{ key: 'nameAbbreviated', field: 'firstName' }]);
    expect(keys([checkNamePart('lastName', 'Иванов И.И.', true)])).toEqual([{ key: 'nameAbbreviated', field: 'lastName' }]);
    expect(keys([checkNamePart('middleName', 'Петр.', false)])).toEqual([{ key: 'nameAbbreviated', field: 'middleName' }]);
    expect(checkNamePart('firstName', 'И.', true)?.params).toEqual({ value: 'И.' });
  });

  it('refuses a single letter, even around a hyphen or apostrophe', () => {
    for (const value of ['И', 'M', "Д'", '-И-']) {
      expect(keys([checkNamePart('firstName', value, true)]), value).toEqual([{ key: 'nameAbbreviated', field: 'firstName' }]);
    }
  });

  it('refuses digits and other signs', () => {
    for (const value of ['Иванов2', 'Иванов_Петров', 'Иванов,Петров', 'Анна  Мария']) {
      expect(keys([checkNamePart('lastName', value, true)]), value).toEqual([{ key: 'nameInvalid', field: 'lastName' }]);
    }
  });

  it('requires фамилия and имя but not отчество', () => {
    expect(keys(checkPersonName({ lastName: '', firstName: 'Мария' }))).toEqual([{ key: 'nameRequired', field: 'lastName' }]);
    expect(keys(checkPersonName({ lastName: '   ', firstName: null }))).toEqual([
      { key: 'nameRequired', field: 'lastName' },
      { key: 'nameRequired', field: 'firstName' },
    ]);
    expect(checkNamePart('middleName', undefined, false)).toBeUndefined();
  });

  it('reports every bad part of one ФИО at once', () => {
    expect(keys(checkPersonName({ lastName: 'Иванов', firstName: 'И.', middleName: 'И.' }))).toEqual([
      { key: 'nameAbbreviated', field: 'firstName' },
      { key: 'nameAbbreviated', field: 'middleName' },
    ]);
  });
});

describe('subject names are written out in full', () => {
  it('accepts full names', () => {
    for (const name of ['Русский язык', 'Основы безопасности и защиты Родины', 'Труд (технология)', 'ИЗО']) {
      expect(checkSubjectName(name), name).toBeUndefined();
    }
  });

  it('refuses abbreviations', () => {
    for (const name of ['Рус. яз.', 'Матем.', 'Лит. чтение', 'Ия']) {
      expect(keys([checkSubjectName(name)]), name).toEqual([{ key: 'subjectNameAbbreviated', field: 'name' }]);
    }
  });

  it('refuses an empty name', () => {
    for (const name of ['', '   ', null, undefined]) {
      expect(keys([checkSubjectName(name)])).toEqual([{ key: 'subjectNameRequired', field: 'name' }]);
    }
  });
});

describe('plan topics say what was studied', () => {
  it('refuses a bare «Повторение», «Решение задач», «Контрольная работа», whatever the case and the final dot', () => {
    for (const title of ['Повторение', 'повторение.', 'ПОВТОРЕНИЕ!', 'Решение задач', 'Контрольная работа', 'Закрепление…', 'Обобщение', 'Работа над ошибками', '  Урок  ']) {
      expect(keys([checkTopicTitle(title)]), title).toEqual([{ key: 'topicTooGeneric', field: 'title' }]);
    }
  });

  it('accepts a topic that names its content', () => {
    for (const title of ['Повторение: сложение дробей', 'Контрольная работа по теме «Дроби»', 'Решение задач на движение', 'Сложение и вычитание дробей']) {
      expect(checkTopicTitle(title), title).toBeUndefined();
    }
  });

  it('requires a topic, under the field given', () => {
    expect(keys([checkTopicTitle('  ')])).toEqual([{ key: 'topicRequired', field: 'title' }]);
    expect(keys([checkTopicTitle(null, 'topic')])).toEqual([{ key: 'topicRequired', field: 'topic' }]);
  });
});

describe('date ranges', () => {
  it('isIsoDate accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    for (const value of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-04-31', '2026-2-3', '03.02.2026', '2026-02-03T00:00', '', null, 20260203]) {
      expect(isIsoDate(value), String(value)).toBe(false);
    }
  });

  it('overlaps: ranges sharing a day overlap; an open end reaches forever', () => {
    const autumn = { start: '2025-09-01', end: '2025-10-25' };
    expect(overlaps(autumn, { start: '2025-10-25', end: '2025-11-03' })).toBe(true);
    expect(overlaps(autumn, { start: '2025-10-26', end: '2025-11-03' })).toBe(false);
    expect(overlaps({ start: '2025-11-04', end: '2025-12-28' }, autumn)).toBe(false);
    expect(overlaps(autumn, { start: '2025-01-01', end: null })).toBe(true);
    expect(overlaps({ start: '2025-10-26', end: null }, autumn)).toBe(false);
    expect(overlaps({ start: '2025-10-25', end: null }, autumn)).toBe(true);
    expect(overlaps({ start: '2025-09-01', end: null }, { start: '2030-01-01', end: null })).toBe(true);
  });

  it('contains: the inner range lies within the outer, ends included; an open inner end fits only an open outer end', () => {
    const year = { start: '2025-09-01', end: '2026-05-31' };
    expect(contains(year, { start: '2025-09-01', end: '2026-05-31' })).toBe(true);
    expect(contains(year, { start: '2025-11-04', end: '2025-12-28' })).toBe(true);
    expect(contains(year, { start: '2025-08-31', end: '2025-10-25' })).toBe(false);
    expect(contains(year, { start: '2026-05-25', end: '2026-06-01' })).toBe(false);
    expect(contains(year, { start: '2025-09-01', end: null })).toBe(false);
    expect(contains({ start: '2025-09-01', end: null }, { start: '2027-01-01', end: null })).toBe(true);
  });

  it('checkRange refuses a reversed range and a missing or invalid date', () => {
    const fields: [string, string] = ['startDate', 'endDate'];
    expect(checkRange({ start: '2025-09-01', end: '2025-09-01' }, fields)).toEqual([]);
    expect(keys(checkRange({ start: '2026-05-31', end: '2025-09-01' }, fields))).toEqual([{ key: 'dateRangeReversed', field: 'endDate' }]);
    expect(keys(checkRange({ start: '2025-09-01', end: null }, fields))).toEqual([{ key: 'dateInvalid', field: 'endDate' }]);
    expect(checkRange({ start: '2025-09-01', end: null }, fields, false)).toEqual([]);
    expect(keys(checkRange({ start: '2025-02-30', end: '2025-13-01' }, fields))).toEqual([
      { key: 'dateInvalid', field: 'startDate' },
      { key: 'dateInvalid', field: 'endDate' },
    ]);
  });

  it('nextDay and previousDay cross months, years and 29 February', () => {
    expect(nextDay('2025-12-31')).toBe('2026-01-01');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2025-02-28')).toBe('2025-03-01');
    expect(previousDay('2024-03-01')).toBe('2024-02-29');
  });
});

describe('timetable conflicts', () => {
  it('finds a teacher booked twice, in two groups and two rooms', () => {
    expect(kinds(slot({ id: 2, groupId: 2, roomId: 2 }), [slot({ id: 1 })])).toEqual(['teacher']);
  });

  it('finds a room booked twice', () => {
    expect(kinds(slot({ id: 2, teacherId: 2, groupId: 2 }), [slot({ id: 1 })])).toEqual(['room']);
  });

  it('finds a group with two lessons at once', () => {
    expect(kinds(slot({ id: 2, teacherId: 2, roomId: 2 }), [slot({ id: 1 })])).toEqual(['group']);
  });

  it('finds every kind of clash with one lesson, and with each of several', () => {
    expect(kinds(slot({ id: 2 }), [slot({ id: 1 })])).toEqual(['group', 'room', 'teacher']);
    const conflicts = findTimetableConflicts(slot({ id: 3 }), [slot({ id: 1, roomId: 2, groupId: 2 }), slot({ id: 2, teacherId: 2, groupId: 2 })]);
    expect(conflicts.map((c) => [c.kind, c.with.id])).toEqual([['teacher', 1], ['room', 2]]);
  });

  it('lets two different subgroups of one group meet at the same lesson', () => {
    const first = slot({ id: 1, subgroupId: 10, teacherId: 1, roomId: 1 });
    expect(kinds(slot({ id: 2, subgroupId: 11, teacherId: 2, roomId: 2 }), [first])).toEqual([]);
  });

  it('does not let the whole group and one of its subgroups meet at once, in either order', () => {
    const whole = slot({ id: 1, teacherId: 1, roomId: 1 });
    const half = slot({ id: 2, subgroupId: 10, teacherId: 2, roomId: 2 });
    expect(kinds(half, [whole])).toEqual(['group']);
    expect(kinds(whole, [half])).toEqual(['group']);
    expect(kinds(slot({ id: 3, subgroupId: 10, teacherId: 3, roomId: 3 }), [half])).toEqual(['group']);
  });

  it('ignores lessons whose date ranges do not overlap, and catches those that do, open ends included', () => {
    const autumn = slot({ id: 1, validFrom: '2025-09-01', validTo: '2025-12-28' });
    expect(kinds(slot({ id: 2, validFrom: '2026-01-12', validTo: null }), [autumn])).toEqual([]);
    expect(kinds(slot({ id: 2, validFrom: '2025-12-28', validTo: null }), [autumn])).toEqual(['group', 'room', 'teacher']);
    expect(kinds(slot({ id: 2, validFrom: '2025-01-01', validTo: '2025-08-31' }), [slot({ id: 1, validTo: null })])).toEqual([]);
  });

  it('ignores other lesson numbers and other weekdays', () => {
    expect(kinds(slot({ id: 2, lessonNumber: 2 }), [slot({ id: 1 })])).toEqual([]);
    expect(kinds(slot({ id: 2, weekday: 2 }), [slot({ id: 1 })])).toEqual([]);
  });

  it('does not clash with itself by id, and a new slot (no id) clashes with any copy', () => {
    expect(kinds(slot({ id: 1 }), [slot({ id: 1 })])).toEqual([]);
    expect(kinds(slot(), [slot({ id: 1 })])).toEqual(['group', 'room', 'teacher']);
  });

  it('two lessons without a room never clash over the room', () => {
    expect(kinds(slot({ id: 2, roomId: null, teacherId: 2, groupId: 2 }), [slot({ id: 1, roomId: null })])).toEqual([]);
  });
});

describe('enrollment history', () => {
  it('accepts a transfer followed the very next day by the new group', () => {
    expect(checkEnrollmentHistory([stretch('2025-09-01', '2025-12-26', 'transfer'), stretch('2025-12-27', null)])).toEqual([]);
    expect(checkEnrollmentHistory([stretch('2025-09-01', '2026-05-31', 'promotion'), stretch('2026-06-01', null)])).toEqual([]);
  });

  it('refuses a gap after a transfer, naming the missing days', () => {
    const problems = checkEnrollmentHistory([stretch('2025-09-01', '2025-12-26', 'transfer'), stretch('2026-01-12', null)]);
    expect(keys(problems)).toEqual([{ key: 'enrollmentGap', field: 'startDate' }]);
    expect(problems[0]!.params).toEqual({ from: '2025-12-27', to: '2026-01-12' });
  });

  it('refuses overlapping stretches', () => {
    const problems = checkEnrollmentHistory([stretch('2025-09-01', '2025-12-26', 'transfer'), stretch('2025-12-20', null)]);
    expect(keys(problems)).toEqual([{ key: 'enrollmentOverlap', field: 'startDate' }]);
    expect(keys(checkEnrollmentHistory([stretch('2025-09-01', '2025-12-26', 'transfer'), stretch('2025-12-26', null)]))).toEqual([
      { key: 'enrollmentOverlap', field: 'startDate' },
    ]);
  });

  it('accepts academic leave, expulsion or graduation followed by a return after a break', () => {
    for (const reason of ['academic_leave', 'expulsion', 'graduation'] as const) {
      expect(checkEnrollmentHistory([stretch('2025-09-01', '2025-11-30', reason), stretch('2026-09-01', null)]), reason).toEqual([]);
    }
  });

  it('refuses an open stretch followed by another', () => {
    const problems = checkEnrollmentHistory([stretch('2025-09-01', null), stretch('2026-01-12', null)]);
    expect(keys(problems)).toEqual([{ key: 'enrollmentOpenBeforeAnother', field: 'startDate' }]);
    expect(problems[0]!.params).toEqual({ date: '2026-01-12' });
  });

  it('sorts the stretches by date before judging them', () => {
    expect(checkEnrollmentHistory([stretch('2025-12-27', null), stretch('2025-09-01', '2025-12-26', 'transfer')])).toEqual([]);
  });

  it('accepts a single stretch, open or closed, and no history at all', () => {
    expect(checkEnrollmentHistory([])).toEqual([]);
    expect(checkEnrollmentHistory([stretch('2025-09-01', null)])).toEqual([]);
    expect(checkEnrollmentHistory([stretch('2025-09-01', '2025-12-26', 'transfer')])).toEqual([]);
  });
});
