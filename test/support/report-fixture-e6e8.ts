import type { Core } from '../../core/core.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { PeriodMark } from '../../core/journal/period-mark.entity.js';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { TeachingAssignment } from '../../core/schedule/teaching-assignment.entity.js';
import { ThematicPlanTopic } from '../../core/schedule/thematic-plan-topic.entity.js';
import { TimetableSlot } from '../../core/schedule/timetable-slot.entity.js';
import { Holiday } from '../../core/school/holiday.entity.js';
import { Period } from '../../core/school/period.entity.js';
import { School } from '../../core/school/school.entity.js';
import { Subject } from '../../core/school/subject.entity.js';
import { WorkType } from '../../core/school/work-type.entity.js';
import { createSchoolFixture } from './school-fixture.js';
import { ormOf } from './test-core.js';

export const MATH_PLAN = [['Натуральные числа', 2], ['Делимость чисел', 1], ['Обыкновенные дроби', 3], ['Сложение дробей', 1], ['Умножение дробей', 3], ['Десятичные дроби', 1]] as const;
export const RUSSIAN_PLAN = [['Звуки и буквы', 1], ['Состав слова', 1], ['Имя существительное', 2], ['Имя прилагательное', 1]] as const;

/**
 * 7А of the school fixture, for E6 and E8, figures worked out by hand in report-e6-e8.test.ts.
 *
 * E6. Математика: КТП of 6 topics (hours 2, 1, 3, 1, 3, 1); timetable Monday 1st and Wednesday 2nd lesson from
 * 01.09, and Friday 3rd lesson valid 01.09–06.09 only; holidays «Дни здоровья» 11.09–14.09 (takes Monday 14.09)
 * and «Осенние каникулы» 26.10–03.11. Lessons with a topic in September: 02.09 and 04.09 on topic 1, 07.09 on 2,
 * 09.09 on 4 (topic 3 skipped), 21.09 free text, 28.09 on topic 5 (early); 23.09 has no topic. Русский язык:
 * 4 topics (1, 1, 2, 1), Tuesdays 3rd lesson, every topic given, plus an extra lesson 30.09. Разговоры о
 * важном (without attestation): no plan, no timetable.
 *
 * E8. Quarter 1 (01.09–27.10), the school rounds up from x.6. Marks on topic-less lessons of 01.10–07.10
 * (weight 1 unless said): Математика — Алексеев 5 5 5 4 4 (4.6), Белов 5 4 5 4 (4.5), Волков 5 5 (and a 5 on
 * 05.11, after the quarter), Громов 3 2 2 3 2 (2.4), Дёмин 4 (weight 2) 3 3 (3.5), Ершов 2 (left 10.10),
 * Жуков none; Русский язык — Алексеев 5/4 5, Белов 4 4 4, Волков 4 4 4 4 4, Громов 3 3 3, Дёмин 5/4,
 * Жуков exempt for the quarter.
 */
export async function createE6E8Fixture(core: Core) {
  const s = await createSchoolFixture(core);
  const em = ormOf(core).em.fork();
  const school = s.school.id;
  const group = s.groupA.id;
  await em.nativeUpdate(School, { id: school }, { roundingThreshold: 0.6 });
  const quarter = em.create(Period, { school, year: s.year.id, type: 'quarter', number: 1, name: '1 четверть', startDate: '2026-09-01', endDate: '2026-10-27' });
  em.create(Holiday, { school, year: s.year.id, name: 'Дни здоровья', startDate: '2026-09-11', endDate: '2026-09-14' });
  em.create(Holiday, { school, year: s.year.id, name: 'Осенние каникулы', startDate: '2026-10-26', endDate: '2026-11-03' });
  const russian = em.create(Subject, { school, name: 'Русский язык', doubleMarksAllowed: true });
  const talks = em.create(Subject, { school, name: 'Разговоры о важном', withoutAttestation: true });
  const answer = em.create(WorkType, { school, name: 'Ответ на уроке', weight: 1 });
  const test = em.create(WorkType, { school, name: 'Контрольная работа', weight: 2 });
  await em.flush();
  const math = s.assignment.id;
  const rusAssignment = em.create(TeachingAssignment, { school, year: s.year.id, teacher: s.people.classTeacherA.id, subject: russian.id, group, plannedHours: 34 });
  em.create(TeachingAssignment, { school, year: s.year.id, teacher: s.people.deputy.id, subject: talks.id, group, plannedHours: 34 });
  await em.flush();
  const rusId = rusAssignment.id;

  const plan = (assignment: number, lines: readonly (readonly [string, number])[]) =>
    lines.map(([title, hours], i) => em.create(ThematicPlanTopic, { school, assignment, position: i + 1, title, hours }));
  const mathTopics = plan(math, MATH_PLAN);
  const rusTopics = plan(rusId, RUSSIAN_PLAN);
  const slot = (assignment: number, weekday: number, lessonNumber: number, validTo: string | null = null) =>
    em.create(TimetableSlot, { school, assignment, group, weekday, lessonNumber, validFrom: '2026-09-01', validTo });
  slot(math, 1, 1);
  slot(math, 3, 2);
  slot(math, 5, 3, '2026-09-06');
  slot(rusId, 2, 3);
  await em.flush();

  const lesson = (assignment: number, date: string, lessonNumber: number, topic?: { id: number; title: string } | string) =>
    em.create(Lesson, {
      school, assignment, date, lessonNumber,
      topic: topic === undefined ? null : typeof topic === 'string' ? topic : topic.title,
      planTopic: typeof topic === 'object' ? topic.id : null,
    });
  const [m1, m2, , m4, m5] = mathTopics;
  lesson(math, '2026-09-02', 2, m1);
  lesson(math, '2026-09-04', 3, m1);
  lesson(math, '2026-09-07', 1, m2);
  lesson(math, '2026-09-09', 2, m4);
  lesson(math, '2026-09-21', 1, 'Решение уравнений с дробями');
  lesson(math, '2026-09-23', 2);
  lesson(math, '2026-09-28', 1, m5);
  const [r1, r2, r3, r4] = rusTopics;
  lesson(rusId, '2026-09-01', 3, r1);
  lesson(rusId, '2026-09-08', 3, r2);
  lesson(rusId, '2026-09-15', 3, r3);
  lesson(rusId, '2026-09-22', 3, r3);
  lesson(rusId, '2026-09-29', 3, r4);
  lesson(rusId, '2026-09-30', 4, r4);

  const student = (lastName: string, end?: string) => {
    const row = em.create(Student, { school, lastName, firstName: 'Иван', birthDate: '2013-01-01', sex: 'm' as const, ...(end ? { status: 'expelled' as const } : {}) });
    em.create(Enrollment, { school, student: row, group, startDate: '2026-09-01', startReason: 'admission', endDate: end ?? null, endReason: end ? 'expulsion' : null });
    return row;
  };
  const belov = student('Белов');
  const volkov = student('Волков');
  const gromov = student('Громов');
  const demin = student('Дёмин');
  const ershov = student('Ершов', '2026-10-10');
  const zhukov = student('Жуков');
  const markDays = ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'];
  const mathLessons = markDays.map((date) => lesson(math, date, 7));
  const rusLessons = markDays.map((date) => lesson(rusId, date, 7));
  const lateLesson = lesson(math, '2026-11-05', 7);
  await em.flush();

  const alekseev = s.studentA.id;
  type Given = number | [number, number] | { value: number; weight: 'test' };
  const give = (lessons: { id: number }[], studentId: number, marks: Given[]) => marks.forEach((m, i) => {
    const [value, second] = Array.isArray(m) ? m : typeof m === 'number' ? [m, null] : [m.value, null];
    em.create(Mark, { school, lesson: lessons[i]!.id, student: studentId, value, second, workType: typeof m === 'object' && !Array.isArray(m) ? test.id : answer.id });
  });
  give(mathLessons, alekseev, [5, 5, 5, 4, 4]);
  give(mathLessons, belov.id, [5, 4, 5, 4]);
  give(mathLessons, volkov.id, [5, 5]);
  give([lateLesson], volkov.id, [5]);
  give(mathLessons, gromov.id, [3, 2, 2, 3, 2]);
  give(mathLessons, demin.id, [{ value: 4, weight: 'test' }, 3, 3]);
  give(mathLessons, ershov.id, [2]);
  give(rusLessons, alekseev, [[5, 4], 5]);
  give(rusLessons, belov.id, [4, 4, 4]);
  give(rusLessons, volkov.id, [4, 4, 4, 4, 4]);
  give(rusLessons, gromov.id, [3, 3, 3]);
  give(rusLessons, demin.id, [[5, 4]]);
  em.create(PeriodMark, { school, assignment: rusId, period: quarter.id, student: zhukov.id, value: 'exempt' });
  await em.flush();
  return { ...s, quarter, math, rus: rusId, students: { alekseev, belov: belov.id, volkov: volkov.id, gromov: gromov.id, demin: demin.id, ershov: ershov.id, zhukov: zhukov.id } };
}
