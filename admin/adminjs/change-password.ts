import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../../core/core.js';
import { problem, type Problem } from '../../core/base/errors.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { PASSWORD_MIN_LENGTH } from '../../core/panel/panel-security.js';
import ru from './locale/ru.json' with { type: 'json' };
import type { Refusal } from '../refusals.js';
import type { PanelPaths } from './panel-login.js';

const TEXT = ru.components.ChangePassword;
const FIELDS = ['current', 'next', 'confirm'] as const;
type Field = (typeof FIELDS)[number];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page, in plain HTML in the panel's colours and its local Roboto; no script at all. */
function page(paths: PanelPaths, messages: Partial<Record<Field | 'general', string[]>> = {}): string {
  const label: Record<Field, string> = { current: TEXT.current, next: TEXT.next, confirm: TEXT.confirm };
  const autocomplete: Record<Field, string> = { current: 'current-password', next: 'new-password', confirm: 'new-password' };
  const errors = (list: string[] | undefined) =>
    (list ?? []).map((m) => `<p class="error">${escapeHtml(m)}</p>`).join('');
  const fields = FIELDS.map((name) => `
      <label for="${name}">${escapeHtml(label[name])}</label>
      <input id="${name}" name="${name}" type="password" required autocomplete="${autocomplete[name]}"${name === 'current' ? '' : ` minlength="${PASSWORD_MIN_LENGTH}"`}${messages[name]?.length ? ' aria-invalid="true"' : ''}>
      ${errors(messages[name])}`).join('');
  const general = messages.general?.length ? `<div class="box">${errors(messages.general)}</div>` : '';
  return `<!DOCTYPE html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(TEXT.title)} — Классный журнал</title>
  <link rel="stylesheet" href="/fonts/roboto.css" type="text/css">
  <style>
    * { box-sizing: border-box; }
    body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
      background: #f6f7fb; font-family: Roboto, sans-serif; color: #0c1e29; font-size: 14px; line-height: 1.5; }
    main { background: #fff; width: 100%; max-width: 480px; padding: 40px; box-shadow: 0 15px 24px 0 rgba(137, 138, 154, 0.15); }
    .brand { font-size: 18px; font-weight: 500; margin: 0 0 24px; }
    h1 { font-size: 24px; font-weight: 300; margin: 0 0 8px; }
    .intro { color: #454655; margin: 0 0 24px; }
    label { display: block; font-weight: 400; margin: 16px 0 4px; }
    label::after { content: ' *'; color: #c20012; }
    input { width: 100%; padding: 8px 12px; font: inherit; border: 1px solid #c0c0ca; border-radius: 2px; }
    input:focus { outline: none; border-color: #3040d6; }
    input[aria-invalid] { border-color: #c20012; }
    .error { color: #c20012; margin: 4px 0 0; }
    .box { border: 1px solid #c20012; background: #fff5f5; padding: 8px 16px; }
    .box .error { margin: 4px 0; }
    .actions { margin-top: 32px; display: flex; align-items: center; justify-content: space-between; }
    button { background: #3040d6; color: #fff; border: 0; border-radius: 2px; padding: 10px 24px; font: inherit; font-weight: 500; cursor: pointer; }
    button:hover { background: #4d5ce6; }
    a { color: #3040d6; text-decoration: none; }
  </style>
</head>
<body>
  <main>
    <p class="brand">Классный журнал</p>
    <h1>${escapeHtml(TEXT.title)}</h1>
    <p class="intro">${escapeHtml(TEXT.intro.replace('{{min}}', String(PASSWORD_MIN_LENGTH)))}</p>
    ${general}
    <form method="POST" action="${escapeHtml(paths.changePassword)}">${fields}
      <div class="actions">
        <button type="submit">${escapeHtml(TEXT.submit)}</button>
        <a href="${escapeHtml(paths.logout)}">${escapeHtml(TEXT.logout)}</a>
      </div>
    </form>
  </main>
</body>
</html>
`;
}

/**
 * GET and POST of the password change page. Behind AdminJS's login guard (it is under the panel's root);
 * `guardPanelSessions` sends an account with a temporary password here from every other panel page. A
 * refusal of the core is answered on the form (422), or, for an account that is gone, at the login page.
 */
export function changePasswordRoutes(app: FastifyInstance, core: Core, paths: PanelPaths): void {
  const t = translator(core.i18n, 'ru');
  const send = (reply: FastifyReply, status: number, problems: readonly Problem[] = []) => {
    const messages: Partial<Record<Field | 'general', string[]>> = {};
    for (const p of problems) {
      const field = FIELDS.find((f) => f === p.field) ?? 'general';
      (messages[field] ??= []).push(describeProblem(t, p));
    }
    return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page(paths, messages));
  };
  const refusalView = async (refusal: Refusal, req: FastifyRequest, reply: FastifyReply) => {
    if (refusal.status !== 404) return send(reply, 422, refusal.problems);
    await req.session.destroy();
    return reply.redirect(paths.login);
  };

  app.get(paths.changePassword, async (_req, reply) => send(reply, 200));

  app.post(paths.changePassword, { config: { refusalView } }, async (req: FastifyRequest, reply) => {
    const admin = req.session.get('adminUser');
    if (!admin) return reply.redirect(paths.login);
    const body = (req.body ?? {}) as Partial<Record<Field, unknown>>;
    const [current, next, confirm] = FIELDS.map((f) => (typeof body[f] === 'string' ? body[f] : ''));
    if (next !== confirm) return send(reply, 422, [problem('passwordConfirmationMismatch', 'confirm')]);
    await core.adminAccounts.changePassword(admin.id, current!, next!);

    const state = req.session.get('panelLogin');
    // A new session id for the new password; the account's other sessions (of the old one) end.
    await req.session.regenerate(['adminUser']);
    const now = core.clock.now().toISOString();
    req.session.set('panelLogin', { loginAt: state?.loginAt ?? now, seenAt: now, mustChangePassword: false });
    await core.panelSessions.endOtherSessions(admin.id, req.session.sessionId);
    core.log.info({ adminId: admin.id }, 'panel password changed');
    return reply.redirect(paths.root);
  });
}
