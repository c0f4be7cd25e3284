// One chat message as Telegram draws it: photo, document, text with its entities, time, inline keyboard.
import { el } from './dom.js';
import { richText } from './rich-text.js';

export function renderMessage(m, { t, lang, onButton, onLink }) {
  const bubble = el('div', { className: 'bubble' });
  if (m.photo) {
    const image = el('img', { attrs: { src: m.photo.url, alt: t('chat.photo'), width: m.photo.width, height: m.photo.height, loading: 'lazy' } });
    bubble.append(el('a', { className: 'photo', attrs: { href: m.photo.url, target: '_blank', rel: 'noopener' } }, [image]));
  }
  if (m.document) {
    bubble.append(
      el('a', { className: 'document', attrs: { href: m.document.download, download: m.document.name, title: t('chat.download') } }, [
        el('span', { className: 'document-icon', text: '⬇', attrs: { 'aria-hidden': 'true' } }),
        el('span', { className: 'document-text' }, [
          el('strong', { text: m.document.name }),
          el('span', { text: t('chat.kilobytes', { size: Math.max(1, Math.round(m.document.size / 1024)) }) }),
        ]),
      ]),
    );
  }
  const body = m.text ?? m.caption;
  if (body !== undefined) bubble.append(el('div', { className: 'text' }, [richText(body, m.text !== undefined ? m.entities : m.captionEntities, onLink)]));
  const time = new Date(m.date * 1000).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  bubble.append(el('span', { className: 'meta', text: m.edited ? `${t('chat.edited')} ${time}` : time }));
  const node = el('div', { className: `msg ${m.from}`, attrs: { 'data-id': m.id } }, [bubble]);
  if (m.buttons.length) node.append(renderKeyboard(m, onButton));
  return node;
}

function renderKeyboard(m, onButton) {
  return el(
    'div',
    { className: 'keyboard' },
    m.buttons.map((row) =>
      el(
        'div',
        { className: 'keyboard-row' },
        row.map((b) => {
          const button = el('button', { className: b.url ? 'inline-button link' : 'inline-button', text: b.text, attrs: { type: 'button' } });
          button.addEventListener('click', () => onButton(m, b, button));
          return button;
        }),
      ),
    ),
  );
}
