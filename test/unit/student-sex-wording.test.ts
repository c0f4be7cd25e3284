import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n, describeProblem, resources, type TFunction } from '../../core/i18n/i18n.js';
import { renderDiary } from '../../core/journal/journal-renderer.js';
import { renderDigests } from '../../core/messages/renderers/digest-renderer.js';
import { renderMessages } from '../../core/messages/renderers/message-renderer.js';
import { knownSex, sexContext, sexParams } from '../../core/people/sex-context.js';
import { problem } from '../../core/base/errors.js';
import type { Notification, NotificationKind } from '../../core/notifications/notification.entity.js';

let id = 0;
const row = (kind: NotificationKind, payload: Record<string, unknown>) =>
  ({ id: ++id, kind, payload, personKind: 'guardian', studentId: 1, attempts: 0 }) as unknown as Notification;
const SEXES = [['f', 'female'], ['m', 'male'], [undefined, 'unknown']] as const;

/** Every text naming one student's role or state: its key, and what each sex (and no sex) reads in Russian. */
const TEXTS: readonly { key: string; params?: Record<string, string>; female: string; male: string; neutral: string }[] = [
  { key: 'notify:absence.n', female: 'отсутствовала (н)', male: 'отсутствовал (н)', neutral: 'отсутствие (н)' },
  { key: 'notify:absence.b', female: 'отсутствовала по болезни (б)', male: 'отсутствовал по болезни (б)', neutral: 'отсутствие по болезни (б)' },
  { key: 'notify:absence.p', female: 'отсутствовала по уважительной причине (п)', male: 'отсутствовал по уважительной причине (п)', neutral: 'отсутствие по уважительной причине (п)' },
  { key: 'notify:absence.op', female: 'опоздала (оп)', male: 'опоздал (оп)', neutral: 'опоздание (оп)' },
  { key: 'notify:periodValue.exempt', female: '«осв.» (освобождена)', male: '«осв.» (освобождён)', neutral: '«осв.» (освобождение)' },
  { key: 'journal:marks.absent', params: { code: 'н' }, female: 'Ученица отсутствовала (н)', male: 'Ученик отсутствовал (н)', neutral: 'Отмечено отсутствие (н)' },
  { key: 'journal:homework.promptStudent', params: { name: 'Иванова Анна' }, female: 'для ученицы Иванова Анна', male: 'для ученика Иванова Анна', neutral: 'индивидуальное задание: Иванова Анна' },
  { key: 'messages:thread.withGuardian', params: { guardian: 'Г', student: 'Иванова Анна' }, female: 'Ученица: Иванова Анна', male: 'Ученик: Иванова Анна', neutral: 'Ученик (ученица): Иванова Анна' },
  { key: 'messages:notify.fromGuardian', params: { name: 'Г', student: 'Иванова Анна' }, female: 'Ученица: Иванова Анна', male: 'Ученик: Иванова Анна', neutral: 'Ученик (ученица): Иванова Анна' },
  { key: 'messages:digest.code.n', female: 'н (отсутствовала)', male: 'н (отсутствовал)', neutral: 'н (отсутствие)' },
  { key: 'messages:digest.code.b', female: 'б (болела)', male: 'б (болел)', neutral: 'б (болезнь)' },
  { key: 'statement:pdf.student', params: { name: 'Иванова Анна' }, female: 'Ученица: Иванова Анна', male: 'Ученик: Иванова Анна', neutral: 'Ученик (ученица): Иванова Анна' },
  { key: 'errors:journal.absentNeedsMakeUp', female: 'Ученица отсутствовала на уроке', male: 'Ученик отсутствовал на уроке', neutral: 'На этом уроке отмечено отсутствие' },
  { key: 'errors:studentNotStudying', female: 'Ученица сейчас не обучается', male: 'Ученик сейчас не обучается', neutral: 'Ученик (ученица) сейчас не обучается' },
  { key: 'errors:studentNotOnLeave', female: 'Ученица не находится', male: 'Ученик не находится', neutral: 'Ученик (ученица) не находится' },
  { key: 'errors:sameGroup', female: 'Ученица уже в этом классе', male: 'Ученик уже в этом классе', neutral: 'Ученик (ученица) уже в этом классе' },
  { key: 'errors:inviteStudentLeft', female: 'Ученица выбыла из школы', male: 'Ученик выбыл из школы', neutral: 'Ученик (ученица) выбыл(а) из школы' },
  { key: 'errors:journal.notAnAbsence', female: 'Ученица не отсутствовала', male: 'Ученик не отсутствовал', neutral: 'Отсутствия на этом уроке не отмечено' },
];

describe('texts about one student take its sex (issue 20): «ученица отсутствовала», «ученик отсутствовал»', () => {
  let ru: TFunction;
  let en: TFunction;
  beforeAll(async () => {
    const i18n = await createI18n();
    ru = i18n.getFixedT('ru');
    en = i18n.getFixedT('en');
  });

  it.each(TEXTS)('$key: for a girl, for a boy, and neutral when the sex is unknown', ({ key, params, female, male, neutral }) => {
    expect(ru(key, { ...params, context: 'female' })).toContain(female);
    expect(ru(key, { ...params, context: 'male' })).toContain(male);
    expect(ru(key, { ...params })).toContain(neutral);
    // The neutral wording guesses no sex.
    expect(ru(key, { ...params })).not.toMatch(/(отсутствовала?|опоздала?|болела?|освобождена?|освобождён|Ученица)(?![а-яё])|для ученик|Ученик:/);
    // English has every form, and they read the same.
    const [ns, path] = key.split(':') as [keyof typeof resources.en, string];
    const tree = resources.en[ns] as Record<string, unknown>;
    const leaf = path.split('.').slice(0, -1).reduce<Record<string, unknown>>((node, part) => node[part] as Record<string, unknown>, tree);
    const last = path.split('.').at(-1)!;
    expect(Object.keys(leaf)).toEqual(expect.arrayContaining([last, `${last}_male`, `${last}_female`]));
    expect(en(key, { ...params, context: 'female' })).toBe(en(key, { ...params }));
  });

  it('knows the sex of a student, and keeps it unknown once the student is pseudonymised', () => {
    expect([sexContext({ sex: 'f' }), sexContext({ sex: 'm' }), sexContext({ sex: null }), sexContext({})]).toEqual(['female', 'male', undefined, undefined]);
    expect(sexContext({ sex: 'f', pseudonymNo: 3 })).toBeUndefined();
    expect(knownSex({ sex: 'f' })).toBe('f');
    expect(knownSex({ sex: 'f', pseudonymNo: 1 })).toBeUndefined();
    expect(sexParams(null)).toEqual({});
    expect(sexParams({ sex: 'm' })).toEqual({ context: 'male' });
  });

  it.each(SEXES)('a guardian\'s absence, lateness and period-mark notifications of a student (%s)', (sex, label) => {
    const lesson = { lessonId: 7, subject: 'Русский язык', date: '2026-11-23', lessonNumber: 1, studentName: 'Иванова Анна', ...(sex ? { studentSex: sex } : {}) };
    const text = renderDiary(ru, [
      row('absence', { ...lesson, oldCode: null, code: 'n' }),
      row('absence', { ...lesson, lessonId: 8, oldCode: null, code: 'op' }),
      row('mark', { period: 'I четверть', periodMarkId: 3, subject: 'Физическая культура', studentName: 'Иванова Анна', value: 'exempt', ...(sex ? { studentSex: sex } : {}) }),
    ]).text;
    const want = { female: ['отсутствовала (н)', 'опоздала (оп)', '(освобождена)'], male: ['отсутствовал (н)', 'опоздал (оп)', '(освобождён)'], unknown: ['отсутствие (н)', 'опоздание (оп)', '(освобождение)'] }[label];
    for (const words of want) expect(text).toContain(words);
  });

  it.each(SEXES)('the weekly digest and a parent\'s message to a teacher (%s)', (sex, label) => {
    const digest = renderDigests(ru, [row('digest', {
      digestId: 1, student: 'Иванова Анна', ...(sex ? { studentSex: sex } : {}), weekStart: '2026-11-23', weekEnd: '2026-11-29',
      marks: [], absences: [{ date: '2026-11-24', lessonNumber: 1, subject: 'Математика', code: 'n' }], homework: [],
      totals: { marks: 0, absences: 1, homework: 0 },
    })]).text;
    expect(digest).toContain({ female: 'н (отсутствовала)', male: 'н (отсутствовал)', unknown: 'н (отсутствие)' }[label]);
    const message = renderMessages(ru, [row('message', { threadId: 1, messageId: 1, side: 'guardian', from: 'Иванова Мария', student: 'Иванова Анна', ...(sex ? { studentSex: sex } : {}), text: 'Здравствуйте' })]).text;
    expect(message).toContain({ female: 'Ученица: Иванова Анна', male: 'Ученик: Иванова Анна', unknown: 'Ученик (ученица): Иванова Анна' }[label]);
  });

  it('the journal\'s refusals about an absent student, as the core raises them', () => {
    expect(describeProblem(ru, problem('journal.absentNeedsMakeUp', 'makeUp', sexParams({ sex: 'f' })))).toMatch(/^Ученица отсутствовала/);
    expect(describeProblem(ru, problem('journal.absentNeedsMakeUp', 'makeUp', sexParams({ sex: 'm' })))).toMatch(/^Ученик отсутствовал/);
    expect(describeProblem(ru, problem('journal.notAnAbsence', 'code', sexParams({ sex: 'f', pseudonymNo: 2 })))).toMatch(/^Отсутствия на этом уроке не отмечено/);
  });
});
