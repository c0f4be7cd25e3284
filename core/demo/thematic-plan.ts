import type { Random } from './prng.js';
import { HUMANITIES_TOPICS } from './topics-humanities.js';
import { LANGUAGE_TOPICS, type TopicsByGrade } from './topics-languages.js';
import { PRACTICE_TOPICS } from './topics-practice.js';
import { SCIENCE_TOPICS } from './topics-sciences.js';

export interface PlanLine {
  title: string;
  hours: 1 | 2;
}

type Title = (topic: string) => string;
const onTopic = (what: string): Title => (topic) => `${what} по теме «${topic}»`;

/** How a subject's КТП grows from its base topics: extra lessons per topic, control works, a final lesson. */
interface Style {
  extras: Title[];
  control?: (topic: string, n: number) => string;
  /** About this many hours per control work. */
  controlEvery?: number;
  final?: (grade: number) => string;
}

const finalTest = (grade: number) => `Итоговая контрольная работа за курс ${grade} класса`;
const controlWork = onTopic('Контрольная работа');
const exact: Style = {
  extras: [onTopic('Решение задач'), onTopic('Самостоятельная работа'), onTopic('Повторение')],
  control: controlWork, controlEvery: 17, final: finalTest,
};
const science = (lab: string): Style => ({
  extras: [onTopic(lab), onTopic('Решение задач'), onTopic('Обобщение и систематизация знаний')],
  control: controlWork, controlEvery: 17, final: finalTest,
});
const humanities = (practice: string): Style => ({
  extras: [onTopic(practice), onTopic('Повторение и обобщение'), onTopic('Работа с источниками')],
  control: controlWork, controlEvery: 17, final: finalTest,
});
const practice = (work: string, check = 'Проверочная работа'): Style => ({
  extras: [onTopic('Практическая работа'), onTopic(work), onTopic('Обобщение')],
  control: onTopic(check), controlEvery: 17,
});

const STYLES: Record<string, Style> = {
  'Русский язык': {
    extras: [onTopic('Упражнения'), onTopic('Проверочная работа'), onTopic('Повторение')],
    control: (t, n) => (n % 2 === 0 ? onTopic('Контрольный диктант')(t) : controlWork(t)),
    controlEvery: 17,
    final: (grade) => `Итоговый контрольный диктант за курс ${grade} класса`,
  },
  Литература: {
    extras: [(t) => `${t}: художественные особенности`, (t) => `${t}: обсуждение и выразительное чтение`, (t) => `${t}: развитие речи`],
    control: (t) => `Классное сочинение. ${t}`, controlEvery: 17,
  },
  'Английский язык': {
    extras: [onTopic('Лексико-грамматические упражнения'), onTopic('Чтение и аудирование'), onTopic('Говорение и письмо')],
    control: controlWork, controlEvery: 17, final: finalTest,
  },
  Алгебра: exact, Геометрия: exact, 'Вероятность и статистика': exact,
  Информатика: { ...exact, extras: [onTopic('Практическая работа на компьютере'), onTopic('Решение задач'), onTopic('Повторение')] },
  Физика: science('Лабораторная работа'), Химия: science('Практическая работа'), Биология: science('Лабораторная работа'),
  История: humanities('Практикум'), Обществознание: humanities('Практикум'), География: humanities('Практическая работа'),
  'Изобразительное искусство': practice('Творческая работа'), Музыка: practice('Слушание и разучивание музыки'),
  Технология: practice('Изготовление изделия'), 'Основы безопасности и защиты Родины': practice('Отработка навыков'),
  'Физическая культура': {
    extras: [onTopic('Обучение технике'), onTopic('Совершенствование техники'), onTopic('Развитие физических качеств')],
    control: onTopic('Контрольные нормативы'), controlEvery: 17,
  },
  'Финансовая грамотность': {
    extras: [onTopic('Практикум'), onTopic('Деловая игра'), onTopic('Мини-проект')],
    final: () => 'Защита итоговых проектов по финансовой грамотности',
  },
};

/** The demo's base topics of every subject, by grade (7 and 8). */
export const DEMO_TOPICS: Record<string, TopicsByGrade> = { ...LANGUAGE_TOPICS, ...SCIENCE_TOPICS, ...HUMANITIES_TOPICS, ...PRACTICE_TOPICS };

export function baseTopics(subject: string, grade: 7 | 8): readonly string[] {
  const topics = DEMO_TOPICS[subject]?.[grade];
  if (!topics?.length) throw new Error(`no demo topics for ${subject}, grade ${grade}`);
  return topics;
}

interface Block {
  topic: string;
  main: PlanLine;
  extras: (PlanLine | undefined)[];
  control?: PlanLine;
}

/** An ordered КТП of `hours` hours: every base topic, its extra lessons, control works and a final lesson. */
export function thematicPlan(subject: string, grade: 7 | 8, hours: number, random: Random): PlanLine[] {
  const style = STYLES[subject];
  if (!style) throw new Error(`no plan style for ${subject}`);
  let topics = [...baseTopics(subject, grade)];
  const controls = () => (style.control ? Math.max(1, Math.round(hours / (style.controlEvery ?? 17))) : 0);
  const coreLines = () => topics.length + controls() + (style.final ? 1 : 0);
  while (coreLines() > hours && topics.length > 1) topics = topics.slice(0, -1);

  const blocks: Block[] = topics.map((topic) => ({ topic, main: { title: topic, hours: 1 }, extras: style.extras.map(() => undefined) }));
  const c = Math.min(controls(), blocks.length);
  for (let i = 0; i < c; i++) {
    const block = blocks[Math.floor(((i + 1) * blocks.length) / c) - 1]!;
    block.control = { title: style.control!(block.topic, i), hours: 1 };
  }
  let extra = hours - coreLines();
  // Level 0 makes the topic itself two hours; then each extra lesson is added, then each made two hours.
  const levels = 1 + 2 * style.extras.length;
  for (let level = 0; level < levels && extra > 0; level++) {
    for (const block of random.shuffle(blocks)) {
      if (extra === 0) break;
      if (level === 0) block.main.hours = 2;
      else if (level <= style.extras.length) block.extras[level - 1] = { title: style.extras[level - 1]!(block.topic), hours: 1 };
      else block.extras[level - 1 - style.extras.length]!.hours = 2;
      extra--;
    }
  }
  if (extra > 0) throw new Error(`${subject}, grade ${grade}: too few topics for ${hours} hours`);
  const lines = blocks.flatMap((b) => [b.main, ...b.extras.filter((l): l is PlanLine => l !== undefined), ...(b.control ? [b.control] : [])]);
  if (style.final) lines.push({ title: style.final(grade), hours: 1 });
  return lines;
}
