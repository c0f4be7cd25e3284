import { describe, expect, it } from 'vitest';
import { nearlyEqual } from '../../core/questions/nearly-equal.js';
import { recogniseQuestion, type Question } from '../../core/questions/question.js';

const NAMES = [
  'Русский язык', 'Родной русский язык', 'Литература', 'Литературное чтение', 'Математика', 'Алгебра', 'Геометрия',
  'Английский язык', 'Немецкий язык', 'История', 'Всеобщая история', 'Обществознание', 'Физика', 'Химия', 'Биология',
  'География', 'Информатика', 'Физическая культура', 'Музыка', 'Технология',
];
const SUBJECTS = NAMES.map((name, i) => ({ id: i + 1, name }));
const id = (name: string) => SUBJECTS.find((s) => s.name === name)!.id;

/** The question as the test writes it: the subject by name. */
const ask = (text: string) => {
  const q = recogniseQuestion(text, SUBJECTS);
  return { ...q, subjectId: q.subjectId === undefined ? undefined : NAMES[q.subjectId - 1] };
};
const expected = (topic: Question['topic'], subject?: string, day?: Question['day']) => ({ topic, subjectId: subject, day });

describe('a typed question, understood (recogniseQuestion)', () => {
  it.each([
    // the issue's own words
    ['какое домашнее задание по русскому?', expected('homework', 'Русский язык')],
    ['ДЗ на завтра', expected('homework', undefined, 'tomorrow')],
    // homework, subjects by stem, abbreviation and slang; case, ё and typos
    ['что задали по русскому на завтра', expected('homework', 'Русский язык', 'tomorrow')],
    ['дз по русский', expected('homework', 'Русский язык')],
    ['Д/З РУС ЯЗ', expected('homework', 'Русский язык')],
    ['домашка по алгебре на понедельник', expected('homework', 'Алгебра', 1)],
    ['Домашнее заданее по матеше', expected('homework', 'Математика')],
    ['дамашнее задание на среду', expected('homework', undefined, 3)],
    ['что задано по литре', expected('homework', 'Литература')],
    ['задание по физре', expected('homework', 'Физическая культура')],
    ['дз по англ на неделю', expected('homework', 'Английский язык', 'week')],
    ['что задали по истории в пятницу', expected('homework', 'История', 5)],
    ['задания по литературному чтению', expected('homework', 'Литературное чтение')],
    ['ДЗ по геометрии на сегодня', expected('homework', 'Геометрия', 'today')],
    // marks
    ['оценки', expected('marks')],
    ['что получил по математике', expected('marks', 'Математика')],
    ['Что получила сегодня по химии?', expected('marks', 'Химия', 'today')],
    ['какие отметки по физике', expected('marks', 'Физика')],
    ['ОЦЕНКИ ПО ОБЩЕСТВУ', expected('marks', 'Обществознание')],
    ['сколько пятёрок по биологии', expected('marks', 'Биология')],
    ['средний балл по алгебре', expected('marks', 'Алгебра')],
    // schedule
    ['расписание', expected('schedule')],
    ['какие уроки завтра', expected('schedule', undefined, 'tomorrow')],
    ['росписание на четверг', expected('schedule', undefined, 4)],
    ['четвёрки в четверг', expected('marks', undefined, 4)],
    ['Расписание на неделю', expected('schedule', undefined, 'week')],
    ['во сколько звонки', expected('schedule')],
    // absences
    ['пропуски', expected('absences')],
    ['сколько он пропустил по физике', expected('absences', 'Физика')],
    ['был ли прогул', expected('absences')],
    ['опоздания за четверть', expected('absences')],
    // English
    ['homework for tomorrow', expected('homework', undefined, 'tomorrow')],
    ['What is the maths homework?', expected('homework', 'Математика')],
    ['my grades in Russian', expected('marks', 'Русский язык')],
    ['timetable for Monday', expected('schedule', undefined, 1)],
    ['absences this week', expected('absences', undefined, 'week')],
    // not a question of the diary
    ['привет', expected(undefined)],
    ['спасибо!', expected(undefined)],
    ['👍', expected(undefined)],
    ['', expected(undefined)],
  ])('«%s»', (text, want) => {
    expect(ask(text)).toEqual(want);
  });

  it('tells «среду» (Wednesday) from «средний» (average), and a weekday from a subject', () => {
    expect(ask('средний балл')).toEqual(expected('marks'));
    expect(ask('дз на ср')).toEqual(expected('homework', undefined, 3));
  });

  it('names no subject the school does not teach, and knows only the school\'s own', () => {
    expect(ask('дз по астрономии')).toEqual(expected('homework'));
    expect(recogniseQuestion('дз по русскому', [{ id: 7, name: 'Русский язык' }])).toEqual({ topic: 'homework', subjectId: 7 });
    expect(recogniseQuestion('дз по русскому', [])).toEqual({ topic: 'homework' });
    // «язык» alone names no language.
    expect(recogniseQuestion('дз по языку', [{ id: 1, name: 'Английский язык' }, { id: 2, name: 'Русский язык' }])).toEqual({ topic: 'homework' });
  });

  it('prefers the subject whose name the words cover best', () => {
    expect(ask('оценки по русскому языку')?.subjectId).toBe('Русский язык');
    expect(ask('оценки по родному русскому')?.subjectId).toBe('Родной русский язык');
    expect(ask('оценки по всеобщей истории')?.subjectId).toBe('Всеобщая история');
    expect(id('История')).toBe(10);
  });
});

describe('one typo apart (nearlyEqual)', () => {
  it.each([
    ['расписан', 'расписан', true], ['росписан', 'расписан', true], ['рассписан', 'расписан', true],
    ['расписн', 'расписан', true], ['рапсисна', 'расписан', false], ['распсиан', 'расписан', true],
    ['домашн', 'дмашн', true], ['домашн', 'мамашн', false], ['оценк', 'оценкаа', false],
  ])('%s ~ %s: %s', (a, b, want) => {
    expect(nearlyEqual(a, b)).toBe(want);
    expect(nearlyEqual(b, a)).toBe(want);
  });
});
