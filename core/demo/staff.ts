import type { StaffRole } from '../people/staff.entity.js';

/** Who teaches what: a subject to some groups, in a room; `subgroup` for the half of a split class. */
export interface Teaching {
  subject: string;
  groups: readonly string[];
  room: string;
  subgroup?: 1 | 2;
}

export interface DemoStaff {
  lastName: string;
  firstName: string;
  middleName: string;
  position: string;
  roles: StaffRole[];
  classTeacherOf?: string;
  teaches: Teaching[];
}

const ALL = ['7А', '7Б', '8А'] as const;
const SEVENTH = ['7А', '7Б'] as const;
const EIGHTH = ['8А'] as const;

export const STAFF: readonly DemoStaff[] = [
  {
    lastName: 'Соколова', firstName: 'Ирина', middleName: 'Владимировна', position: 'Директор',
    roles: ['director'], teaches: [],
  },
  {
    lastName: 'Кузнецова', firstName: 'Елена', middleName: 'Александровна',
    position: 'Заместитель директора по учебной работе, учитель истории и обществознания', roles: ['deputy', 'teacher'],
    teaches: [{ subject: 'История', groups: ALL, room: '201' }, { subject: 'Обществознание', groups: ALL, room: '201' }],
  },
  {
    lastName: 'Лебедев', firstName: 'Андрей', middleName: 'Викторович',
    position: 'Учитель физики и информатики, ответственный координатор', roles: ['administrator', 'teacher'],
    teaches: [
      { subject: 'Физика', groups: ALL, room: 'Кабинет физики' },
      { subject: 'Информатика', groups: ALL, room: 'Кабинет информатики' },
    ],
  },
  {
    lastName: 'Морозова', firstName: 'Светлана', middleName: 'Николаевна', position: 'Учитель математики',
    roles: ['teacher'], classTeacherOf: '7А',
    teaches: ['Алгебра', 'Геометрия', 'Вероятность и статистика'].map((subject) => ({ subject, groups: SEVENTH, room: '103' })),
  },
  {
    lastName: 'Волков', firstName: 'Дмитрий', middleName: 'Сергеевич', position: 'Учитель математики', roles: ['teacher'],
    teaches: [
      ...['Алгебра', 'Геометрия', 'Вероятность и статистика'].map((subject) => ({ subject, groups: EIGHTH, room: '104' })),
      { subject: 'Финансовая грамотность', groups: ALL, room: '104' },
    ],
  },
  {
    lastName: 'Иванова', firstName: 'Марина', middleName: 'Петровна', position: 'Учитель русского языка и литературы',
    roles: ['teacher'],
    teaches: ['Русский язык', 'Литература'].map((subject) => ({ subject, groups: SEVENTH, room: '101' })),
  },
  {
    lastName: 'Павлова', firstName: 'Ольга', middleName: 'Юрьевна', position: 'Учитель русского языка и литературы',
    roles: ['teacher'], classTeacherOf: '8А',
    teaches: ['Русский язык', 'Литература'].map((subject) => ({ subject, groups: EIGHTH, room: '102' })),
  },
  {
    lastName: 'Никитина', firstName: 'Анна', middleName: 'Сергеевна', position: 'Учитель английского языка',
    roles: ['teacher'], teaches: [{ subject: 'Английский язык', groups: ALL, room: '202', subgroup: 1 }],
  },
  {
    lastName: 'Егорова', firstName: 'Татьяна', middleName: 'Игоревна', position: 'Учитель английского языка',
    roles: ['teacher'], classTeacherOf: '7Б',
    teaches: [{ subject: 'Английский язык', groups: ALL, room: '203', subgroup: 2 }],
  },
  {
    lastName: 'Фёдорова', firstName: 'Наталья', middleName: 'Васильевна', position: 'Учитель биологии и химии',
    roles: ['teacher'],
    teaches: [{ subject: 'Биология', groups: ALL, room: '204' }, { subject: 'Химия', groups: EIGHTH, room: '204' }],
  },
  {
    lastName: 'Григорьев', firstName: 'Алексей', middleName: 'Михайлович', position: 'Учитель географии',
    roles: ['teacher'], teaches: [{ subject: 'География', groups: ALL, room: '205' }],
  },
  {
    lastName: 'Захаров', firstName: 'Павел', middleName: 'Андреевич',
    position: 'Учитель физической культуры и основ безопасности и защиты Родины', roles: ['teacher'],
    teaches: [
      { subject: 'Физическая культура', groups: ALL, room: 'Спортзал' },
      { subject: 'Основы безопасности и защиты Родины', groups: EIGHTH, room: '106' },
    ],
  },
  {
    lastName: 'Смирнова', firstName: 'Людмила', middleName: 'Анатольевна',
    position: 'Учитель музыки и изобразительного искусства', roles: ['teacher'],
    teaches: [
      { subject: 'Музыка', groups: ALL, room: 'Кабинет музыки' },
      { subject: 'Изобразительное искусство', groups: SEVENTH, room: '301' },
    ],
  },
  {
    lastName: 'Белов', firstName: 'Игорь', middleName: 'Владимирович', position: 'Учитель технологии', roles: ['teacher'],
    teaches: [{ subject: 'Технология', groups: ALL, room: 'Мастерская' }],
  },
];
