/** The subjects of the demo school with their A4 flags, in the order the journal lists them. */
export interface DemoSubject {
  name: string;
  doubleMarksAllowed?: boolean;
  withoutAttestation?: boolean;
  schoolComponent?: boolean;
  /** Hours a week in grades 7 and 8 (ФОП ООО, five-day week); 0 when not taught in that grade. */
  hours: { 7: number; 8: number };
}

export const SUBJECTS: readonly DemoSubject[] = [
  { name: 'Русский язык', doubleMarksAllowed: true, hours: { 7: 4, 8: 3 } },
  { name: 'Литература', doubleMarksAllowed: true, hours: { 7: 2, 8: 2 } },
  { name: 'Английский язык', hours: { 7: 3, 8: 3 } },
  { name: 'Алгебра', hours: { 7: 3, 8: 3 } },
  { name: 'Геометрия', hours: { 7: 2, 8: 2 } },
  { name: 'Вероятность и статистика', hours: { 7: 1, 8: 1 } },
  { name: 'Информатика', hours: { 7: 1, 8: 1 } },
  { name: 'История', hours: { 7: 2, 8: 2 } },
  { name: 'Обществознание', hours: { 7: 1, 8: 1 } },
  { name: 'География', hours: { 7: 2, 8: 2 } },
  { name: 'Биология', hours: { 7: 1, 8: 2 } },
  { name: 'Физика', hours: { 7: 2, 8: 2 } },
  { name: 'Химия', hours: { 7: 0, 8: 2 } },
  { name: 'Изобразительное искусство', hours: { 7: 1, 8: 0 } },
  { name: 'Музыка', hours: { 7: 1, 8: 1 } },
  { name: 'Технология', hours: { 7: 2, 8: 1 } },
  { name: 'Основы безопасности и защиты Родины', hours: { 7: 0, 8: 1 } },
  { name: 'Физическая культура', hours: { 7: 2, 8: 2 } },
  { name: 'Финансовая грамотность', schoolComponent: true, withoutAttestation: true, hours: { 7: 1, 8: 1 } },
];

/** Weeks of teaching in a year of grades 5–9. */
export const TEACHING_WEEKS = 34;

/** The subject taught in two subgroups at once, each half of the class with its own teacher. */
export const SPLIT_SUBJECT = 'Английский язык';

export const GROUPS = [
  { name: '7А', gradeLevel: 7 as const },
  { name: '7Б', gradeLevel: 7 as const },
  { name: '8А', gradeLevel: 8 as const },
];

export const BELLS: readonly [string, string][] = [
  ['08:30', '09:15'], ['09:25', '10:10'], ['10:25', '11:10'], ['11:25', '12:10'],
  ['12:20', '13:05'], ['13:15', '14:00'], ['14:10', '14:55'],
];

export const BUILDING = { name: 'Основное здание', address: 'Московская область, г. Подольск, ул. Кирова, д. 47' };

export const ROOMS: readonly { name: string; capacity: number }[] = [
  { name: '101', capacity: 30 }, { name: '102', capacity: 30 }, { name: '103', capacity: 30 },
  { name: '104', capacity: 30 }, { name: '106', capacity: 30 }, { name: '201', capacity: 30 },
  { name: '202', capacity: 15 }, { name: '203', capacity: 15 }, { name: '204', capacity: 30 },
  { name: '205', capacity: 30 }, { name: '301', capacity: 28 }, { name: 'Кабинет физики', capacity: 30 },
  { name: 'Кабинет информатики', capacity: 15 }, { name: 'Кабинет музыки', capacity: 30 },
  { name: 'Мастерская', capacity: 28 }, { name: 'Спортзал', capacity: 60 },
];

/** виды работ (A13): weight in the weighted average, grading deadline in days. */
export const WORK_TYPES: readonly { name: string; weight: number; deadline: number | null }[] = [
  { name: 'Ответ на уроке', weight: 1, deadline: null },
  { name: 'Самостоятельная работа', weight: 1.5, deadline: null },
  { name: 'Проверочная работа', weight: 1.5, deadline: 7 },
  { name: 'Лабораторная работа', weight: 1.5, deadline: 7 },
  { name: 'Сочинение', weight: 2, deadline: 7 },
  { name: 'Диктант', weight: 2, deadline: 3 },
  { name: 'Контрольная работа', weight: 2, deadline: 3 },
  { name: 'Домашняя работа', weight: 1, deadline: null },
];
