// Telegram's message entities as DOM nodes: styles as classes, links as anchors whose clicks the chat
// handles (deep links to the bot stay in the sandbox), everything else as text.
import { el } from './dom.js';

const STYLE = { bold: 'b', italic: 'i', underline: 'u', strikethrough: 's', spoiler: 'spoiler', code: 'code', pre: 'pre', blockquote: 'quote', expandable_blockquote: 'quote' };
const LINKS = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)»])/g;

/** Text with its entities as DOM nodes: styles as classes, links as anchors, everything else as text. */
export function richText(text, entities = [], onLink) {
  const fragment = document.createDocumentFragment();
  const cuts = new Set([0, text.length]);
  for (const e of entities) {
    cuts.add(e.offset);
    cuts.add(Math.min(text.length, e.offset + e.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const active = entities.filter((e) => e.offset <= from && e.offset + e.length >= to);
    const part = text.slice(from, to);
    const link = active.find((e) => e.type === 'text_link' || e.type === 'url');
    let node = link ? anchor(link.type === 'url' ? part : link.url, part, onLink) : linkify(part, onLink);
    const classes = active.map((e) => STYLE[e.type]).filter(Boolean);
    if (classes.length) {
      const span = el('span', { className: classes.map((c) => `fmt-${c}`).join(' ') });
      span.append(node);
      node = span;
    }
    fragment.append(node);
  }
  return fragment;
}

function linkify(part, onLink) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of part.matchAll(LINKS)) {
    fragment.append(part.slice(last, match.index));
    fragment.append(anchor(match[0], match[0], onLink));
    last = match.index + match[0].length;
  }
  fragment.append(part.slice(last));
  return fragment;
}

function anchor(href, label, onLink) {
  const a = el('a', { text: label, attrs: { href: /^https?:\/\//.test(href) ? href : '#', rel: 'noopener', target: '_blank' } });
  a.addEventListener('click', (event) => {
    event.preventDefault();
    onLink(href);
  });
  return a;
}
