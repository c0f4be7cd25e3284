import type { FastifyReply } from 'fastify';
import type { TFunction } from '../../core/i18n/i18n.js';
import { PASSWORD_MIN_LENGTH } from '../../core/panel/panel-security.js';
import type { TemporaryPassword } from '../../core/panel/staff-accounts.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A standalone page in the panel's colours and its local Roboto (the temporary password's slip, a
 * refusal, the sign-in link's confirmation): no AdminJS, printable. `body` is HTML already escaped.
 */
export function page(t: TFunction, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(t('access:lang'))}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(title)} — ${escapeHtml(t('access:brand'))}</title>
  <link rel="stylesheet" href="/fonts/roboto.css" type="text/css">
  <style>
    * { box-sizing: border-box; }
    body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
      background: #f6f7fb; font-family: Roboto, sans-serif; color: #0c1e29; font-size: 14px; line-height: 1.5; }
    main { background: #fff; width: 100%; max-width: 560px; padding: 40px; box-shadow: 0 15px 24px 0 rgba(137, 138, 154, 0.15); }
    .brand { font-size: 18px; font-weight: 500; margin: 0 0 24px; }
    h1 { font-size: 24px; font-weight: 300; margin: 0 0 16px; }
    p { margin: 0 0 16px; }
    .note { color: #454655; }
    .error { color: #c20012; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 8px 16px; margin: 24px 0; }
    dt { color: #454655; }
    dd { margin: 0; font-weight: 500; word-break: break-all; }
    .secret { font-family: 'Roboto Mono', monospace; font-size: 20px; letter-spacing: 1px; }
    ol { padding-left: 20px; }
    .actions { margin-top: 32px; display: flex; align-items: center; gap: 24px; }
    button { background: #3040d6; color: #fff; border: 0; border-radius: 2px; padding: 10px 24px; font: inherit; font-weight: 500; cursor: pointer; }
    a { color: #3040d6; text-decoration: none; }
    @media print {
      body { background: #fff; display: block; }
      main { box-shadow: none; max-width: none; padding: 0; }
      .actions, .screen-only { display: none; }
    }
  </style>
</head>
<body>
  <main>
    <p class="brand">${escapeHtml(t('access:brand'))}</p>
    <h1>${escapeHtml(title)}</h1>
    ${body}
  </main>
</body>
</html>
`;
}

/** Sends a page that no cache keeps and no other site learns the address of (it may hold a token or a password). */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(html);
}

/** The printable slip of a temporary password: who, where, the login and the password, and what to do. */
export function slipPage(t: TFunction, slip: TemporaryPassword, panelUrl: string, back: string, reset: boolean): string {
  const row = (label: string, value: string, cls = '') => `<dt>${escapeHtml(label)}</dt><dd${cls ? ` class="${cls}"` : ''}>${escapeHtml(value)}</dd>`;
  const body = `
    <p class="note screen-only">${escapeHtml(t('access:slip.intro'))}</p>
    ${reset ? `<p class="note">${escapeHtml(t('access:slip.resetNote'))}</p>` : ''}
    <dl data-testid="slip">
      ${row(t('access:slip.person'), slip.fullName)}
      ${row(t('access:slip.school'), slip.schoolName)}
      ${row(t('access:slip.address'), panelUrl)}
      ${row(t('access:slip.login'), slip.email)}
      ${row(t('access:slip.password'), slip.password, 'secret')}
    </dl>
    <ol>
      <li>${escapeHtml(t('access:slip.step1'))}</li>
      <li>${escapeHtml(t('access:slip.step2', { min: PASSWORD_MIN_LENGTH }))}</li>
      <li>${escapeHtml(t('access:slip.step3'))}</li>
    </ol>
    <div class="actions">
      <button type="button" onclick="window.print()">${escapeHtml(t('access:slip.print'))}</button>
      <a href="${escapeHtml(back)}">${escapeHtml(t('access:slip.back'))}</a>
    </div>`;
  return page(t, t(reset ? 'access:slip.resetTitle' : 'access:slip.title'), body);
}

/** A refusal in words, with the way back. */
export function refusalPage(t: TFunction, title: string, messages: readonly string[], back: { href: string; label: string }): string {
  const body = `
    ${messages.map((m) => `<p class="error" data-testid="refusal">${escapeHtml(m)}</p>`).join('\n    ')}
    <div class="actions"><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></div>`;
  return page(t, title, body);
}
