import type { FastifyInstance } from 'fastify';

/**
 * The panel's Content Security Policy. AdminJS renders its state into an inline script, styles through
 * styled-components (inline styles) and its bundles use `Function(…)`; so scripts and styles stay
 * 'self' with inline and eval allowed, and what the policy really buys is the rest: no framing
 * (clickjacking), nothing loaded from or sent to another origin (fonts are served locally), no plugins,
 * no <base> rewriting, forms only to the panel itself.
 */
export const PANEL_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Headers every answer of an encapsulated plugin (the panel, the sandbox) carries: never in a frame
 * (X-Frame-Options for old browsers, frame-ancestors for the rest), no type sniffing (so text says its
 * charset), no referrer sent elsewhere. A route that sets its own CSP (a downloaded file's, the sandbox's stricter one) keeps it.
 */
export function securityHeaders(app: FastifyInstance, csp: string): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', csp);
    // AdminJS's pages say `text/html` and put their <meta charset> after a script of hundreds of kilobytes,
    // beyond where a browser looks for it; with sniffing off, the charset must be in the header.
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && /^text\/(html|css|javascript)\s*$/i.test(type)) reply.header('content-type', `${type}; charset=utf-8`);
    return payload;
  });
}
