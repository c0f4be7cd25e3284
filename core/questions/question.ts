import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as russianStem } from '@orama/stemmers/russian';
import { nearlyEqual } from './nearly-equal.js';

/** What a typed question asks about: the diary's section that answers it. */
export const QUESTION_TOPICS = ['homework', 'marks', 'schedule', 'absences'] as const;
export type QuestionTopic = (typeof QUESTION_TOPICS)[number];

/** 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
/** The day asked about: «сегодня», «завтра» (the next school day), «на неделю», «на понедельник». */
export type QuestionDay = 'today' | 'tomorrow' | 'week' | Weekday;

/** A typed question as understood: nothing of it is personal, so it can be told to the diary as is. */
export interface Question {
  /** Undefined: not a question the diary answers. */
  topic?: QuestionTopic;
  /** A subject of the school named in it («по русскому» → «Русский язык»). */
  subjectId?: number;
  day?: QuestionDay;
}

export interface SubjectName {
  id: number;
  name: string;
}

/** A word of the question, lower-case with ё as е, and its stem. */
interface Word {
  text: string;
  stem: string;
}

// Stems (as the Snowball stemmers give them) and whole words that name each topic. A word may also be one
// typo away from a long keyword («заданее», «расписане»).
const TOPIC_WORDS: Record<QuestionTopic, readonly string[]> = {
  homework: ['дз', 'домашк', 'домашн', 'задан', 'зада', 'задал', 'задаван', 'упражнен', 'homework', 'hw', 'assign', 'assignment'],
  absences: ['пропуск', 'пропуст', 'прогул', 'прогуля', 'отсутств', 'отсутствова', 'опоздан', 'опозда', 'посещаем', 'absenc', 'absent', 'miss', 'attend', 'attendanc'],
  marks: ['оценк', 'отметк', 'получ', 'балл', 'пятерк', 'четверк', 'тройк', 'двойк', 'успеваем', 'mark', 'grade', 'score'],
  schedule: ['расписан', 'урок', 'занят', 'звонк', 'schedul', 'timet', 'timetabl', 'lesson', 'class'],
};
/** The order a question's topics are weighed in: «что задали на урок» is homework, «пропустил урок» absences. */
const TOPIC_ORDER: readonly QuestionTopic[] = ['homework', 'absences', 'marks', 'schedule'];

const DAY_WORDS: readonly (readonly [QuestionDay, readonly string[]])[] = [
  ['today', ['сегодн', 'сегодняшн', 'today']],
  ['tomorrow', ['завтр', 'завтрашн', 'tomorrow']],
  ['week', ['недел', 'week']],
  [1, ['понедельник', 'пн', 'monday', 'mon']],
  [2, ['вторник', 'вт', 'tuesday', 'tue']],
  [3, ['сред', 'ср', 'wednesday', 'wed']],
  [4, ['четверг', 'чт', 'thursday', 'thu']],
  [5, ['пятниц', 'пт', 'friday', 'fri']],
  [6, ['суббот', 'сб', 'saturday', 'sat']],
  [7, ['воскресен', 'вс', 'sunday', 'sun']],
];

/**
 * What pupils and parents call subjects, as the stem of a word of the subject's full name: «физра» is
 * «Физическая культура», «maths» «Математика». English names point at the Russian ones the school keeps.
 */
const SUBJECT_ALIASES: Record<string, string> = {
  физр: 'физическ', физкультур: 'физическ', физ_ра: 'физическ', pe: 'физическ',
  матем: 'математик', матеш: 'математик', матан: 'математик', math: 'математик', mathemat: 'математик',
  русич: 'русск', russian: 'русск', rus: 'русск',
  лит: 'литератур', литр: 'литератур', лит_ра: 'литератур', литер: 'литератур', literatur: 'литератур', literature: 'литератур',
  инф: 'информатик', инфа: 'информатик', информ: 'информатик', informat: 'информатик', comput: 'информатик',
  англ: 'английск', инглиш: 'английск', english: 'английск', eng: 'английск',
  геом: 'геометр', geometri: 'геометр', geometry: 'геометр', algebra: 'алгебр',
  histori: 'истор', history: 'истор', physic: 'физик', physics: 'физик', chemistri: 'хим', chemistry: 'хим',
  biolog: 'биолог', biologi: 'биолог', geographi: 'географ', geography: 'географ',
  обществ: 'обществознан', яз: 'язык',
};

/** Words of a subject's name that say little alone: «язык» of every language, «культура». */
const WEAK_STEMS = new Set(['язык', 'культур', 'мир', 'основ']);

/** Filler of questions, never a subject's abbreviation. */
const FILLER = new Set([
  'что', 'как', 'какой', 'какая', 'какое', 'какие', 'каки', 'мне', 'мой', 'моя', 'мои', 'моей', 'моего', 'все', 'всё', 'был', 'была',
  'было', 'были', 'будет', 'есть', 'это', 'его', 'она', 'они', 'для', 'там', 'нам', 'нас', 'сын', 'сына', 'дочь', 'дочки', 'дочери',
  'ребенка', 'ребенок', 'сколько', 'где', 'когда', 'покажи', 'скажи', 'подскажите', 'пожалуйста', 'привет', 'здравствуйте',
  'the', 'what', 'for', 'and', 'show', 'please', 'have', 'has', 'did', 'get', 'got', 'are', 'any', 'which', 'my', 'our',
]);

const CYRILLIC = /[а-я]/;

function wordsOf(text: string): Word[] {
  const normal = text.toLowerCase().replaceAll('ё', 'е').replace(/д\s*\/\s*з/g, 'дз').replace(/(\p{L})-(\p{L})/gu, '$1_$2');
  return (normal.match(/[\p{L}\d_]+/gu) ?? []).map((w) => ({ text: w, stem: stemOf(w) }));
}

function stemOf(word: string): string {
  if (word.includes('_')) return word;
  return CYRILLIC.test(word) ? russianStem(word) : englishStem(word);
}

/** A word is a keyword when its stem or the word itself is one, or (for long keywords) one typo away from one. */
function isKeyword(word: Word, keywords: readonly string[]): boolean {
  return keywords.some((k) => word.stem === k || word.text === k || (k.length >= 6 && nearlyEqual(word.stem, k)));
}

/**
 * Understands a typed question of a student or a guardian (ru or en): its topic, the subject it names among
 * the school's `subjects`, and the day. A pure function: it reads the text and nothing else.
 */
export function recogniseQuestion(text: string, subjects: readonly SubjectName[]): Question {
  const words = wordsOf(text);
  const used = new Set<Word>();
  const question: Question = {};
  // Days first and exactly: «четверг» is a day, not a typo of «четверка».
  for (const [day, keywords] of DAY_WORDS) {
    const hits = words.filter((w) => !used.has(w) && (keywords.includes(w.text) || keywords.includes(w.stem)));
    hits.forEach((w) => used.add(w));
    if (hits.length && question.day === undefined) question.day = day;
  }
  for (const topic of TOPIC_ORDER) {
    const hits = words.filter((w) => !used.has(w) && isKeyword(w, TOPIC_WORDS[topic]));
    hits.forEach((w) => used.add(w));
    if (hits.length && !question.topic) question.topic = topic;
  }
  const rest = words.filter((w) => !used.has(w) && !FILLER.has(w.text) && w.text.length >= 2);
  const subject = subjectNamed(rest, subjects);
  if (subject) question.subjectId = subject.id;
  return question;
}

/** The subject the words name best: its strong words matched, the fewest of its words left over. */
function subjectNamed(words: readonly Word[], subjects: readonly SubjectName[]): SubjectName | undefined {
  const asked = words.map((w) => SUBJECT_ALIASES[w.stem] ?? SUBJECT_ALIASES[w.text] ?? w.stem);
  let best: { subject: SubjectName; score: number; left: number } | undefined;
  for (const subject of subjects) {
    const stems = wordsOf(subject.name).map((w) => w.stem);
    let score = 0;
    let strong = false;
    const matched = new Set<string>();
    for (const a of asked) {
      const hit = stems.find((s) => s === a) ?? stems.find((s) => a.length >= 3 && s.startsWith(a));
      if (!hit || matched.has(hit)) continue;
      matched.add(hit);
      score += hit === a ? 3 : 2;
      if (!WEAK_STEMS.has(hit)) strong = true;
    }
    if (!strong) continue;
    const left = stems.length - matched.size;
    if (!best || score > best.score || (score === best.score && (left < best.left || (left === best.left && subject.name.length < best.subject.name.length)))) {
      best = { subject, score, left };
    }
  }
  return best?.subject;
}
