/**
 * The curriculum of the load school (grades 1–11, five-day week), close to the ФОП НОО/ООО/СОО: hours a
 * week by grade, and which teacher «family» teaches the subject (one teacher of a family per grade).
 */
export interface LoadSubject {
  name: string;
  /** Hours a week by grade 1..11 (index 0 is grade 1); 0 when not taught. */
  hours: readonly number[];
  family: string;
  doubleMarksAllowed?: boolean;
  withoutAttestation?: boolean;
  schoolComponent?: boolean;
  /** Taught to two halves of the class at once, each with its own teacher. */
  split?: boolean;
}

//                 grade:  1  2  3  4  5  6  7  8  9 10 11
export const LOAD_SUBJECTS: readonly LoadSubject[] = [
  { name: 'Русский язык', hours: [5, 5, 5, 5, 5, 6, 4, 3, 3, 2, 2], family: 'russian', doubleMarksAllowed: true },
  { name: 'Литературное чтение', hours: [4, 4, 4, 3, 0, 0, 0, 0, 0, 0, 0], family: 'russian' },
  { name: 'Литература', hours: [0, 0, 0, 0, 3, 3, 2, 2, 3, 3, 3], family: 'russian', doubleMarksAllowed: true },
  { name: 'Английский язык', hours: [0, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3], family: 'english', split: true },
  { name: 'Математика', hours: [4, 4, 4, 4, 5, 5, 0, 0, 0, 0, 0], family: 'math' },
  { name: 'Алгебра', hours: [0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3], family: 'math' },
  { name: 'Геометрия', hours: [0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2], family: 'math' },
  { name: 'Вероятность и статистика', hours: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1], family: 'math' },
  { name: 'Информатика', hours: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1], family: 'physics' },
  { name: 'Окружающий мир', hours: [2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0], family: 'primary' },
  { name: 'История', hours: [0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2], family: 'history' },
  { name: 'Обществознание', hours: [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2], family: 'history' },
  { name: 'География', hours: [0, 0, 0, 0, 1, 1, 2, 2, 2, 1, 1], family: 'biology' },
  { name: 'Биология', hours: [0, 0, 0, 0, 1, 1, 1, 2, 2, 1, 1], family: 'biology' },
  { name: 'Физика', hours: [0, 0, 0, 0, 0, 0, 2, 2, 3, 2, 2], family: 'physics' },
  { name: 'Химия', hours: [0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1], family: 'biology' },
  { name: 'Изобразительное искусство', hours: [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0], family: 'arts' },
  { name: 'Музыка', hours: [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0], family: 'arts' },
  { name: 'Труд (технология)', hours: [1, 1, 1, 1, 2, 2, 2, 1, 1, 0, 0], family: 'arts' },
  { name: 'Основы религиозных культур и светской этики', hours: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], family: 'primary', withoutAttestation: true },
  { name: 'Основы безопасности и защиты Родины', hours: [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1], family: 'pe' },
  { name: 'Физическая культура', hours: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2], family: 'pe' },
  { name: 'Финансовая грамотность', hours: [0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0], family: 'history', schoolComponent: true, withoutAttestation: true },
  { name: 'Индивидуальный проект', hours: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], family: 'history', schoolComponent: true },
];

/** In grades 1–4 the class's own primary teacher teaches these families; specialists teach the rest. */
export const PRIMARY_FAMILIES: ReadonlySet<string> = new Set(['russian', 'math', 'primary', 'arts']);

/** The position written on a teacher of a family. */
export const FAMILY_POSITIONS: Record<string, string> = {
  russian: 'Учитель русского языка и литературы',
  english: 'Учитель английского языка',
  math: 'Учитель математики',
  physics: 'Учитель физики и информатики',
  history: 'Учитель истории и обществознания',
  biology: 'Учитель биологии, химии и географии',
  arts: 'Учитель музыки, ИЗО и технологии',
  pe: 'Учитель физической культуры и ОБЗР',
  primary: 'Учитель начальных классов',
};

export const LETTERS = ['А', 'Б', 'В', 'Г', 'Д', 'Е'] as const;

/** Weeks of teaching in a year (grade 1: 33, the rest 34; the calendar decides the real count). */
export const LOAD_TEACHING_WEEKS = 34;

export const hoursIn = (subject: LoadSubject, grade: number): number => subject.hours[grade - 1] ?? 0;
