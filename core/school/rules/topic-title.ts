import { TEXT_LIMITS } from '../../db/string-limits.js';
import { problem, type Problem } from '../../base/errors.js';

/** A lesson's topic and a plan's topic are one line each (a topic of the plan becomes the lesson's). */
export const TOPIC_MAX_LENGTH = TEXT_LIMITS['Lesson.topic']!;

// A topic must say what was studied (S0 §4.5): «Повторение» alone does not, «Повторение: дроби» does.
const BARE_TOPICS = ['повторение', 'решение задач', 'закрепление', 'обобщение', 'урок', 'тема', 'контрольная работа', 'самостоятельная работа', 'работа над ошибками'];

export function checkTopicTitle(value: string | null | undefined, field = 'title'): Problem | undefined {
  const text = value?.trim() ?? '';
  if (!text) return problem('topicRequired', field);
  const length = [...text].length;
  if (length > TOPIC_MAX_LENGTH) return problem('tooLong', field, { max: TOPIC_MAX_LENGTH, length });
  const bare = text.toLowerCase().replace(/[.!…\s]+$/u, '').replace(/ё/g, 'е');
  if (BARE_TOPICS.includes(bare)) return problem('topicTooGeneric', field, { value: text });
  return undefined;
}
