import { problem, type Problem } from '../../errors.js';

// A topic must say what was studied (S0 §4.5): «Повторение» alone does not, «Повторение: дроби» does.
const BARE_TOPICS = ['повторение', 'решение задач', 'закрепление', 'обобщение', 'урок', 'тема', 'контрольная работа', 'самостоятельная работа', 'работа над ошибками'];

export function checkTopicTitle(value: string | null | undefined, field = 'title'): Problem | undefined {
  const text = value?.trim() ?? '';
  if (!text) return problem('topicRequired', field);
  const bare = text.toLowerCase().replace(/[.!…\s]+$/u, '').replace(/ё/g, 'е');
  if (BARE_TOPICS.includes(bare)) return problem('topicTooGeneric', field, { value: text });
  return undefined;
}
