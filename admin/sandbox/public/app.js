// The sandbox web chat. Plain DOM: every text from the bot or the database goes in through textContent
// (never innerHTML), links only as http(s) or deep links to the bot.
import { $, api, el } from './dom.js';
import { renderMessage } from './messages.js';

const state = {
  lang: 'ru',
  strings: {},
  bot: { name: '', username: '' },
  people: undefined,
  filter: 'all',
  query: '',
  chatId: undefined,
  person: undefined,
  events: undefined,
  typingTimer: undefined,
  pendingButton: undefined,
};

const FILTERS = {
  all: () => true,
  teacher: (p) => p.roles.includes('teacher'),
  classTeacher: (p) => p.roles.includes('class_teacher'),
  administration: (p) => p.roles.some((r) => ['administrator', 'director', 'deputy', 'inspector'].includes(r)),
  student: (p) => p.kind === 'student',
  guardian: (p) => p.kind === 'guardian',
};

function t(key, params = {}) {
  const value = key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), state.strings);
  if (typeof value !== 'string') return key;
  return value.replace(/\{\{(\w+)\}\}/g, (_m, name) => String(params[name] ?? ''));
}

async function loadConfig() {
  const config = await api(`/api/config?lang=${encodeURIComponent(state.lang)}`);
  state.lang = config.language;
  state.strings = config.strings;
  state.bot = config.bot;
  state.languages = config.languages;
  document.documentElement.lang = state.lang;
  document.title = t('title');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder));
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  renderLanguages();
}

function renderLanguages() {
  const box = document.querySelector('.languages');
  box.replaceChildren(
    ...state.languages.map((language) => {
      const button = el('button', { text: language.toUpperCase(), className: language === state.lang ? 'active' : '', attrs: { type: 'button', 'aria-pressed': language === state.lang } });
      button.addEventListener('click', async () => {
        state.lang = language;
        localStorage.setItem('sandbox.lang', language);
        await loadConfig();
        renderFilters();
        renderPeople();
      });
      return button;
    }),
  );
}

// ——— Who are you? ———

function describePerson(person) {
  const roles = person.roles.map((r) => t(`roles.${r}`)).join(', ');
  if (person.kind === 'guardian') {
    const children = (person.children ?? []).map((c) => (c.group ? `${c.fullName} (${c.group})` : c.fullName)).join(', ');
    return t('guardianOf', { children });
  }
  return person.group ? `${roles}, ${t('classOf', { group: person.group })}` : roles;
}

function initials(name) {
  return name.split(/\s+/).slice(0, 2).map((w) => w.charAt(0)).join('');
}

function renderFilters() {
  $('filters').replaceChildren(
    ...Object.keys(FILTERS).map((name) => {
      const chip = el('button', { text: t(`filters.${name}`), className: name === state.filter ? 'chip active' : 'chip', attrs: { type: 'button', role: 'tab', 'aria-selected': name === state.filter } });
      chip.addEventListener('click', () => {
        state.filter = name;
        renderFilters();
        renderPeople();
      });
      return chip;
    }),
  );
}

function renderPeople() {
  const list = $('people');
  if (!state.people) {
    list.replaceChildren(el('li', { className: 'empty', text: t('loading') }));
    return;
  }
  const query = state.query.trim().toLowerCase();
  const shown = state.people.filter(FILTERS[state.filter]).filter((p) => {
    if (!query) return true;
    const haystack = [p.fullName, p.group ?? '', ...(p.children ?? []).map((c) => `${c.fullName} ${c.group ?? ''}`)].join(' ').toLowerCase();
    return haystack.includes(query);
  });
  if (!shown.length) {
    list.replaceChildren(el('li', { className: 'empty', text: t('noPeople') }));
    return;
  }
  list.replaceChildren(
    ...shown.slice(0, 300).map((person) => {
      const button = el('button', { className: 'person', attrs: { type: 'button', 'data-person': `${person.kind}-${person.id}` } }, [
        el('span', { className: `avatar kind-${person.kind}`, text: initials(person.fullName), attrs: { 'aria-hidden': 'true' } }),
        el('span', { className: 'person-text' }, [el('strong', { text: person.fullName }), el('span', { text: describePerson(person) })]),
      ]);
      button.addEventListener('click', () => {
        history.pushState({}, '', `?as=${person.kind}-${person.id}`);
        void route();
      });
      return el('li', {}, [button]);
    }),
  );
}

async function showPicker() {
  closeChat();
  $('chat').hidden = true;
  $('picker').hidden = false;
  renderFilters();
  renderPeople();
  if (!state.people) {
    state.people = (await api('/api/people')).people;
    renderPeople();
  }
}

// ——— The chat ———

function closeChat() {
  state.events?.close();
  state.events = undefined;
  state.chatId = undefined;
}

async function openChat(as) {
  const match = /^(staff|student|guardian)-(\d+)$/.exec(as);
  if (!match) return showPicker();
  closeChat();
  $('picker').hidden = true;
  $('chat').hidden = false;
  $('bot-name').textContent = state.bot.name;
  setStatus();
  $('messages').replaceChildren(el('p', { className: 'placeholder', text: t('chat.signingIn') }));
  let session;
  try {
    session = await api('/api/sessions', { kind: match[1], id: Number(match[2]), language: state.lang });
  } catch (err) {
    $('messages').replaceChildren(el('p', { className: 'placeholder error', text: t('errors.failed', { reason: err.message }) }));
    return;
  }
  state.chatId = session.chatId;
  state.person = session.person;
  $('who-name').textContent = t('chat.as', { name: session.person.fullName });
  $('who-role').textContent = describePerson(session.person);
  document.title = `${session.person.fullName} — ${t('title')}`;
  listen(session.chatId);
  $('text').focus();
}

function listen(chatId) {
  const events = new EventSource(`/sandbox/api/chats/${chatId}/events`);
  state.events = events;
  const data = (e) => JSON.parse(e.data);
  events.addEventListener('transcript', (e) => {
    const messages = data(e);
    $('messages').replaceChildren();
    if (!messages.length) $('messages').append(el('p', { className: 'placeholder', text: t('chat.empty') }));
    for (const m of messages) place(m);
    scrollDown(true);
  });
  events.addEventListener('message', (e) => {
    const m = data(e);
    const follow = atBottom() || m.from === 'user';
    $('messages').querySelector('.placeholder')?.remove();
    place(m);
    if (m.from === 'bot') setStatus();
    scrollDown(follow);
  });
  events.addEventListener('edit', (e) => {
    const follow = atBottom();
    place(data(e));
    scrollDown(follow);
  });
  events.addEventListener('delete', (e) => $('messages').querySelector(`[data-id="${data(e).id}"]`)?.remove());
  events.addEventListener('answer', (e) => {
    const answer = data(e);
    clearPending();
    if (answer.text && answer.showAlert) showAlert(answer.text);
    else if (answer.text) showToast(answer.text);
  });
  events.addEventListener('action', (e) => {
    const action = data(e).action;
    setStatus(action === 'upload_photo' ? t('bot.uploadPhoto') : action === 'upload_document' ? t('bot.uploadDocument') : t('bot.typing'));
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => setStatus(), 5000);
  });
  events.onopen = () => ($('notice').hidden = true);
  events.onerror = () => {
    if (state.events !== events) return;
    $('notice').textContent = t('chat.reconnecting');
    $('notice').hidden = false;
  };
}

function setStatus(text) {
  $('bot-status').textContent = text ?? t('bot.status');
  $('bot-status').classList.toggle('typing', Boolean(text));
}

/** Whether the reader is at the end of the chat (then new messages scroll into view, as in Telegram). */
function atBottom() {
  const box = $('messages');
  return box.scrollHeight - box.scrollTop - box.clientHeight < 80;
}

function scrollDown(follow) {
  const box = $('messages');
  if (follow) box.scrollTop = box.scrollHeight;
}

/** Adds a message, or redraws it in place when it is already there (an edit). */
function place(m) {
  const box = $('messages');
  // How many messages were drawn or redrawn: lets a test wait for the bot's answer to a tap.
  box.dataset.updates = String(Number(box.dataset.updates ?? 0) + 1);
  const node = renderMessage(m, { t, lang: state.lang, onButton: (msg, b, button) => void pressButton(msg, b, button), onLink: openLink });
  const existing = $('messages').querySelector(`[data-id="${m.id}"]`);
  if (existing) existing.replaceWith(node);
  else $('messages').append(node);
  if (m.from === 'bot' && (m.keyboard || m.removeKeyboard)) renderReplyKeyboard(m.removeKeyboard ? undefined : m.keyboard);
}

async function pressButton(m, b, button) {
  if (b.callbackData !== undefined) {
    clearPending();
    button.classList.add('pending');
    state.pendingButton = button;
    setTimeout(() => button === state.pendingButton && clearPending(), 10_000);
    try {
      await api(`/api/chats/${state.chatId}/buttons`, { messageId: m.id, data: b.callbackData, language: state.lang });
    } catch (err) {
      clearPending();
      showToast(err.message);
    }
  } else if (b.url) {
    openLink(b.url);
  } else if (b.webApp) {
    await openWebApp(m, b);
  } else {
    showToast(t('chat.unsupportedButton'));
  }
}

/** A Mini App in the panel beside the chat, on this page's own origin, signed in as the chat's person. */
async function openWebApp(m, b) {
  try {
    const { url } = await api(`/api/chats/${state.chatId}/web-app`, { messageId: m.id, url: b.webApp, language: state.lang });
    const launch = new URL(url);
    $('web-app-title').textContent = b.text;
    $('web-app-frame').src = launch.pathname + launch.search + launch.hash;
    $('web-app').hidden = false;
  } catch (err) {
    showToast(err.message);
  }
}

function closeWebApp() {
  $('web-app').hidden = true;
  $('web-app-frame').src = 'about:blank';
}

function clearPending() {
  state.pendingButton?.classList.remove('pending');
  state.pendingButton = undefined;
}

/** A deep link to this bot (t.me/<bot>?start=…) becomes `/start …` in this chat; other links open outside. */
function openLink(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return;
  }
  if (url.hostname === 't.me' && url.pathname.replace(/^\//, '') === state.bot.username) {
    const payload = url.searchParams.get('start');
    void sendText(payload ? `/start ${payload}` : '/start');
    return;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') window.open(url.href, '_blank', 'noopener');
}

function renderReplyKeyboard(rows) {
  const box = $('reply-keyboard');
  if (!rows) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.replaceChildren(
    ...rows.map((row) =>
      el(
        'div',
        { className: 'keyboard-row' },
        row.map((label) => {
          const button = el('button', { className: 'inline-button', text: label, attrs: { type: 'button' } });
          button.addEventListener('click', () => void sendText(label));
          return button;
        }),
      ),
    ),
  );
  box.hidden = false;
}

async function sendText(text) {
  if (!state.chatId || !text.trim()) return;
  $('commands').hidden = true;
  try {
    await api(`/api/chats/${state.chatId}/messages`, { text });
  } catch (err) {
    showToast(t('errors.failed', { reason: err.message }));
  }
}

async function toggleCommands() {
  const box = $('commands');
  if (!box.hidden) {
    box.hidden = true;
    return;
  }
  const { commands } = await api(`/api/chats/${state.chatId}/commands`);
  $('command-list').replaceChildren(
    ...(commands.length
      ? commands.map((c) => {
          const button = el('button', { className: 'command', attrs: { type: 'button' } }, [el('strong', { text: `/${c.command}` }), el('span', { text: c.description })]);
          button.addEventListener('click', () => void sendText(`/${c.command}`));
          return el('li', {}, [button]);
        })
      : [el('li', { className: 'empty', text: t('chat.noCommands') })]),
  );
  box.hidden = false;
}

let toastTimer;
function showToast(text) {
  const toast = $('toast');
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (toast.hidden = true), 3500);
}

function showAlert(text) {
  $('alert-text').textContent = text;
  $('alert').hidden = false;
  $('alert-ok').focus();
}

// ——— Start ———

async function route() {
  const as = new URLSearchParams(location.search).get('as');
  if (as) await openChat(as);
  else await showPicker();
}

$('search').addEventListener('input', (e) => {
  state.query = e.target.value;
  renderPeople();
});
$('back').addEventListener('click', () => {
  history.pushState({}, '', location.pathname);
  void route();
});
$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $('text');
  const text = input.value;
  input.value = '';
  void sendText(text);
});
$('menu').addEventListener('click', () => void toggleCommands());
$('web-app-close').addEventListener('click', closeWebApp);
// The Mini App asks its Telegram app to close it (web_app_close), as telegram.js posts it to a parent frame.
window.addEventListener('message', (e) => {
  if (e.source !== $('web-app-frame').contentWindow || typeof e.data !== 'string') return;
  try {
    if (JSON.parse(e.data).eventType === 'web_app_close') closeWebApp();
  } catch {
    // not a Mini App event
  }
});
$('alert-ok').addEventListener('click', () => ($('alert').hidden = true));
window.addEventListener('popstate', () => void route());

const wanted = new URLSearchParams(location.search).get('lang') ?? localStorage.getItem('sandbox.lang');
if (wanted) state.lang = wanted;
await loadConfig();
$('loading').remove();
await route();
