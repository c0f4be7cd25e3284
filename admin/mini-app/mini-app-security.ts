import type { FastifyInstance } from 'fastify';

/**
 * The Mini App's Content Security Policy: stricter than the panel's. Its page is ours alone (no AdminJS), so
 * scripts and styles come from this origin only, with nothing inline and no eval; nothing is fetched from or
 * sent to another origin, not even Telegram's telegram-web-app.js (the launch parameters are read from the URL
 * fragment by our own few lines, see public/telegram.js). Framing is the one thing opened: Telegram Web shows a
 * Mini App in a frame of web.telegram.org, and the sandbox beside its chat in a frame of this origin; the
 * phone and desktop apps use a web view, no frame at all.
 */
export const MINI_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'self' https://web.telegram.org",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The headers of every answer under /app: the policy, no type sniffing, no referrer (initData rides in the URL's fragment, never sent, but still). */
export function miniAppSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', MINI_APP_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
}
