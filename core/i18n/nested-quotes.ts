import type { PostProcessorModule } from 'i18next';

/**
 * Russian typography nests quotes as «…„…“…»: a text put into «{{school}}» whose value has its own «…»
 * («МБОУ «Школа № 17»») reads with doubled »». Every quote inside another becomes „…“, at any depth.
 * Only «» are touched, so English text and unbalanced quotes stay as they are.
 */
export function nestQuotes(text: string): string {
  if (!text.includes('«')) return text;
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if (ch === '«') {
      out += depth > 0 ? '„' : '«';
      depth += 1;
    } else if (ch === '»' && depth > 0) {
      depth -= 1;
      out += depth > 0 ? '“' : '»';
    } else {
      out += ch;
    }
  }
  return out;
}

export const nestedQuotes: PostProcessorModule = {
  type: 'postProcessor',
  name: 'nestedQuotes',
  process: (value: string) => nestQuotes(value),
};
