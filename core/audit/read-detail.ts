import { resources } from '../i18n/i18n.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';

type Words = { words: Record<string, string>; numbered: Record<string, string> };

/**
 * A reads-log line's detail in words of `language`. The log stores what was read as code words
 * («periodSheet, period 4», «search, all», «xlsx»), comma-separated, with data (dates, a class's name) among
 * them; each known code word, alone or followed by a number, is worded when read, anything else (data,
 * formats) is shown as stored. Old lines and new ones read the same.
 */
export function readDetailText(detail: string | null | undefined, language: Language = DEFAULT_LANGUAGE): string | null {
  if (detail === null || detail === undefined) return null;
  const { words, numbered } = resources[language].access.readDetail as Words;
  return detail.split(', ').map((part) => {
    const word = Object.hasOwn(words, part) ? words[part] : undefined;
    if (word !== undefined) return word;
    const counted = /^([A-Za-z]+) (\d+)$/.exec(part);
    const template = counted && Object.hasOwn(numbered, counted[1]!) ? numbered[counted[1]!] : undefined;
    return template !== undefined ? template.replace('{{n}}', counted![2]!) : part;
  }).join(', ');
}
