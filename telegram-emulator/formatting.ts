/**
 * `parse_mode` as Telegram applies it: HTML, MarkdownV2 and the legacy Markdown become plain text with
 * entities (offsets in UTF-16 code units, like Telegram's), and malformed markup is refused with Telegram's
 * "can't parse entities" error, so that a bot that forgets to escape a character fails here as it would there.
 */

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

export interface Formatted {
  text: string;
  entities: MessageEntity[];
}

export class EntityParseError extends Error {}

const byteOffset = (source: string, index: number) => Buffer.byteLength(source.slice(0, index));

export function formatText(text: string, parseMode: unknown): Formatted {
  switch (parseMode) {
    case 'HTML':
      return parseHtml(text);
    case 'MarkdownV2':
      return parseMarkdownV2(text);
    case 'Markdown':
      return parseMarkdown(text);
    case undefined:
    case '':
      return { text, entities: [] };
    default:
      throw new EntityParseError(`Unsupported parse_mode "${String(parseMode)}"`);
  }
}

const HTML_TAGS: Record<string, string> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler',
  a: 'text_link', code: 'code', pre: 'pre', blockquote: 'blockquote', span: 'spoiler', 'tg-emoji': 'custom_emoji',
};
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function parseHtml(source: string): Formatted {
  let text = '';
  const entities: MessageEntity[] = [];
  const open: { tag: string; entity: MessageEntity; at: number }[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '&') {
      const m = /^&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/.exec(source.slice(i, i + 12));
      const name = m?.[1];
      if (m && name !== undefined) {
        const decoded = name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16))
          : name.startsWith('#') ? String.fromCodePoint(parseInt(name.slice(1), 10)) : NAMED[name];
        if (decoded !== undefined) {
          text += decoded;
          i += m[0].length;
          continue;
        }
      }
      text += ch;
      i++;
      continue;
    }
    if (ch !== '<') {
      text += ch;
      i++;
      continue;
    }
    const end = source.indexOf('>', i);
    if (end < 0) throw new EntityParseError(`Unclosed start tag at byte offset ${byteOffset(source, i)}`);
    const raw = source.slice(i + 1, end);
    if (raw.startsWith('/')) {
      const name = raw.slice(1).trim().toLowerCase();
      const top = open.pop();
      if (!top || (name !== '' && top.tag !== name)) {
        throw new EntityParseError(`Unmatched end tag at byte offset ${byteOffset(source, i)}, expected "</${top?.tag ?? ''}>", found "</${name}>"`);
      }
      top.entity.length = text.length - top.at;
      if (top.entity.length > 0) entities.push(top.entity);
    } else {
      const tag = /^([a-zA-Z-]+)\s*(.*)$/s.exec(raw);
      const name = tag?.[1]?.toLowerCase() ?? '';
      const type = HTML_TAGS[name];
      const attributes = attributesOf(tag?.[2] ?? '');
      if (!type || (name === 'span' && attributes.class !== 'tg-spoiler')) {
        throw new EntityParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(source, i)}`);
      }
      const entity: MessageEntity = { type, offset: text.length, length: 0 };
      if (name === 'a') entity.url = attributes.href ?? '';
      if (name === 'tg-emoji') entity.custom_emoji_id = attributes['emoji-id'] ?? '';
      if (name === 'blockquote' && 'expandable' in attributes) entity.type = 'expandable_blockquote';
      if (name === 'code' && open.at(-1)?.tag === 'pre' && attributes.class?.startsWith('language-')) {
        open.at(-1)!.entity.language = attributes.class.slice('language-'.length);
      }
      open.push({ tag: name, entity, at: text.length });
    }
    i = end + 1;
  }
  if (open.length) throw new EntityParseError(`Can't find end tag corresponding to start tag "${open.at(-1)!.tag}"`);
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}

function attributesOf(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of raw.matchAll(/([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?/g)) {
    out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return out;
}

const RESERVED_V2 = '_*[]()~`>#+-=|{}.!';
const V2_MARKS: [string, string][] = [['||', 'spoiler'], ['__', 'underline'], ['*', 'bold'], ['_', 'italic'], ['~', 'strikethrough']];

function parseMarkdownV2(source: string): Formatted {
  let text = '';
  const entities: MessageEntity[] = [];
  const open: { mark: string; entity: MessageEntity; at: number; source: number }[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw new EntityParseError(`Character '\\' is reserved and must be escaped with the preceding '\\'`);
      text += next;
      i += 2;
      continue;
    }
    if (source.startsWith('```', i) || ch === '`') {
      const fence = source.startsWith('```', i) ? '```' : '`';
      const close = findUnescaped(source, fence, i + fence.length);
      if (close < 0) throw new EntityParseError(`Can't find end of ${fence === '`' ? 'Code' : 'Pre'} entity at byte offset ${byteOffset(source, i)}`);
      let body = source.slice(i + fence.length, close);
      const entity: MessageEntity = { type: fence === '`' ? 'code' : 'pre', offset: text.length, length: 0 };
      if (fence === '```') {
        const firstLine = /^([^\s`]*)\n/.exec(body);
        if (firstLine) {
          if (firstLine[1]) entity.language = firstLine[1];
          body = body.slice(firstLine[0].length);
        }
      }
      text += body.replace(/\\([\\`])/g, '$1');
      entity.length = text.length - entity.offset;
      if (entity.length > 0) entities.push(entity);
      i = close + fence.length;
      continue;
    }
    if (ch === '[') {
      const m = /^\[((?:\\.|[^\]\\])*)\]\(((?:\\.|[^)\\])*)\)/s.exec(source.slice(i));
      if (!m) throw new EntityParseError(`Character '[' is reserved and must be escaped with the preceding '\\'`);
      const inner = parseMarkdownV2(m[1]!);
      for (const e of inner.entities) entities.push({ ...e, offset: e.offset + text.length });
      entities.push({ type: 'text_link', offset: text.length, length: inner.text.length, url: m[2]!.replace(/\\(.)/g, '$1') });
      text += inner.text;
      i += m[0].length;
      continue;
    }
    const mark = V2_MARKS.find(([m]) => source.startsWith(m, i));
    if (mark) {
      const [m, type] = mark;
      const top = open.at(-1);
      if (top?.mark === m) {
        open.pop();
        top.entity.length = text.length - top.at;
        if (top.entity.length > 0) entities.push(top.entity);
      } else {
        open.push({ mark: m, entity: { type, offset: text.length, length: 0 }, at: text.length, source: i });
      }
      i += m.length;
      continue;
    }
    if (RESERVED_V2.includes(ch) && !(ch === '>' && (i === 0 || source[i - 1] === '\n'))) {
      throw new EntityParseError(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
    }
    text += ch === '>' ? '' : ch;
    i++;
  }
  const unclosed = open.at(-1);
  if (unclosed) {
    const name = unclosed.entity.type.charAt(0).toUpperCase() + unclosed.entity.type.slice(1);
    throw new EntityParseError(`Can't find end of ${name} entity at byte offset ${byteOffset(source, unclosed.source)}`);
  }
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}

function findUnescaped(source: string, needle: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    if (source[i] === '\\') {
      i++;
      continue;
    }
    if (source.startsWith(needle, i)) return i;
  }
  return -1;
}

const LEGACY: Record<string, string> = { '*': 'bold', _: 'italic', '`': 'code' };

function parseMarkdown(source: string): Formatted {
  let text = '';
  const entities: MessageEntity[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\' && i + 1 < source.length && '_*`['.includes(source[i + 1]!)) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (source.startsWith('```', i)) {
      const close = source.indexOf('```', i + 3);
      if (close < 0) throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(source, i)}`);
      entities.push({ type: 'pre', offset: text.length, length: close - i - 3 });
      text += source.slice(i + 3, close);
      i = close + 3;
      continue;
    }
    if (ch === '[') {
      const m = /^\[([^\]]*)\]\(([^)]*)\)/.exec(source.slice(i));
      if (m) {
        entities.push({ type: 'text_link', offset: text.length, length: m[1]!.length, url: m[2]! });
        text += m[1];
        i += m[0].length;
        continue;
      }
    }
    const type = LEGACY[ch];
    if (type) {
      const close = source.indexOf(ch, i + 1);
      if (close < 0) throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(source, i)}`);
      const body = source.slice(i + 1, close);
      if (body.length) entities.push({ type, offset: text.length, length: body.length });
      text += body;
      i = close + 1;
      continue;
    }
    text += ch;
    i++;
  }
  return { text, entities };
}
