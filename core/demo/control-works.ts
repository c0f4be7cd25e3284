import { isoWeekday } from '../time/local-date.js';
import { schoolDays, type AcademicCalendar } from './calendar.js';

/** One line of the график контрольных работ of a group, before it is tied to its assignment. */
export interface ControlWorkPlan {
  subject: string;
  date: string;
  form: string;
  title: string;
  internalControl: boolean;
}

interface Planned {
  subject: string;
  quarter: number;
  /** Where in the quarter: 0 its first week, 1 its last. */
  at: number;
  form: 'Контрольная работа' | 'Диктант' | 'Тест';
  title: string;
  /** ВШК: set by the school administration, not by the teacher. */
  internal?: boolean;
}

const PLANNED: readonly Planned[] = [
  { subject: 'Русский язык', quarter: 1, at: 0.2, form: 'Диктант', title: 'Входной контрольный диктант', internal: true },
  { subject: 'Алгебра', quarter: 1, at: 0.25, form: 'Контрольная работа', title: 'Входная контрольная работа', internal: true },
  { subject: 'Геометрия', quarter: 1, at: 0.9, form: 'Контрольная работа', title: 'Контрольная работа за 1 четверть' },
  { subject: 'Русский язык', quarter: 2, at: 0.85, form: 'Диктант', title: 'Контрольный диктант за первое полугодие', internal: true },
  { subject: 'Алгебра', quarter: 2, at: 0.8, form: 'Контрольная работа', title: 'Контрольная работа за первое полугодие', internal: true },
  { subject: 'Английский язык', quarter: 2, at: 0.7, form: 'Тест', title: 'Лексико-грамматический тест' },
  { subject: 'Физика', quarter: 3, at: 0.6, form: 'Контрольная работа', title: 'Контрольная работа за 3 четверть' },
  { subject: 'История', quarter: 3, at: 0.8, form: 'Тест', title: 'Тест за 3 четверть' },
  { subject: 'Русский язык', quarter: 4, at: 0.75, form: 'Диктант', title: 'Итоговый контрольный диктант', internal: true },
  { subject: 'Алгебра', quarter: 4, at: 0.7, form: 'Контрольная работа', title: 'Итоговая контрольная работа', internal: true },
];

/**
 * The control works of one group, each on a school day of its quarter when the group has that subject
 * (`weekdaysOf` gives the weekdays the timetable puts it on).
 */
export function planControlWorks(calendar: AcademicCalendar, weekdaysOf: (subject: string) => readonly number[]): ControlWorkPlan[] {
  return PLANNED.flatMap((p) => {
    const weekdays = weekdaysOf(p.subject);
    const quarter = calendar.quarters.find((q) => q.number === p.quarter);
    if (!quarter || weekdays.length === 0) return [];
    const days = schoolDays(calendar, quarter).filter((d) => weekdays.includes(isoWeekday(d)));
    const date = days[Math.round(p.at * (days.length - 1))];
    if (!date) return [];
    return [{ subject: p.subject, date, form: p.form, title: p.title, internalControl: p.internal ?? false }];
  });
}
