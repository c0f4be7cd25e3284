// The Telegram side of the Mini App, without Telegram's telegram-web-app.js: a client hands a Mini App its
// launch parameters in the URL's fragment (#tgWebAppData=…&tgWebAppThemeParams=…) and talks to it through
// postEvent / receiveEvent. Reading those ourselves is a few lines, keeps the page free of any script from
// another origin (its CSP allows 'self' only) and saves the 40 KB of the official script.

const STORE = 'klassny.launch';

/** The launch parameters: from the fragment, or (after a reload inside Telegram, where it may be gone) from this tab's session. */
export function launchParams() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has('tgWebAppData')) {
    const params = { initData: fragment.get('tgWebAppData') ?? '', theme: parseJson(fragment.get('tgWebAppThemeParams')) };
    sessionStorage.setItem(STORE, JSON.stringify(params));
    // The fragment holds a bearer credential for an hour: keep it out of the address bar and the history.
    history.replaceState(null, '', location.pathname + location.search);
    return params;
  }
  return parseJson(sessionStorage.getItem(STORE)) ?? { initData: '', theme: {} };
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Telegram's colours as CSS variables (--tg-bg-color…), and the light or dark scheme they make. */
export function applyTheme(theme = {}) {
  const root = document.documentElement;
  for (const [name, value] of Object.entries(theme)) {
    if (typeof value === 'string' && /^#[0-9a-f]{3,8}$/i.test(value)) root.style.setProperty(`--tg-${name.replaceAll('_', '-')}`, value);
  }
  const bg = theme.bg_color;
  if (bg) root.dataset.scheme = luminance(bg) < 0.5 ? 'dark' : 'light';
}

function luminance(hex) {
  const n = hex.length === 4 ? hex.slice(1).split('').map((c) => parseInt(c + c, 16)) : [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return (0.2126 * n[0] + 0.7152 * n[1] + 0.0722 * n[2]) / 255;
}

/** A call to the Telegram app: the phone apps inject TelegramWebviewProxy, Telegram Web listens to postMessage. */
export function postEvent(eventType, eventData = {}) {
  const proxy = window.TelegramWebviewProxy;
  if (proxy && typeof proxy.postEvent === 'function') proxy.postEvent(eventType, JSON.stringify(eventData));
  else if (window.parent !== window) window.parent.postMessage(JSON.stringify({ eventType, eventData }), '*');
}

/** Events from the Telegram app (a theme changed while open): the apps call Telegram.WebView.receiveEvent, Telegram Web posts a message. */
export function onTelegramEvent(listener) {
  window.Telegram = window.Telegram ?? {};
  window.Telegram.WebView = { receiveEvent: (eventType, eventData) => listener(eventType, eventData) };
  window.addEventListener('message', (event) => {
    if (event.source !== window.parent) return;
    const data = typeof event.data === 'string' ? parseJson(event.data) : event.data;
    if (data && typeof data.eventType === 'string') listener(data.eventType, data.eventData);
  });
}
