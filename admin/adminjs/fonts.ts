import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('@fontsource/roboto/package.json')), 'files');
const WEIGHTS = [300, 400, 500, 700];
const SUBSETS = ['cyrillic', 'latin'];
export const FONT_ROOT = '/fonts';
const GOOGLE_FONTS = /<link[^>]+fonts\.googleapis\.com[^>]*>/g;

/**
 * AdminJS links Roboto from Google Fonts. A school's panel must work offline and tell Google nothing,
 * so the link is swapped for the same font served from the @fontsource/roboto package.
 */
export function serveFontsLocally(app: FastifyInstance): void {
  // Outside /admin on purpose: the login page needs them before anyone is logged in.
  const cssPath = `${FONT_ROOT}/roboto.css`;
  const css = WEIGHTS.flatMap((weight) =>
    SUBSETS.map(
      (subset) => `@font-face{font-family:'Roboto';font-style:normal;font-display:swap;font-weight:${weight};` +
        `src:url(${FONT_ROOT}/roboto-${subset}-${weight}-normal.woff2) format('woff2');}`,
    ),
  ).join('\n');

  app.get(cssPath, async (_req, reply) => reply.type('text/css').header('cache-control', 'public, max-age=604800').send(css));
  app.get<{ Params: { file: string } }>(`${FONT_ROOT}/:file`, async (req, reply) => {
    const { file } = req.params;
    if (!/^roboto-(cyrillic|latin)-\d00-normal\.woff2$/.test(file)) return reply.code(404).send();
    const { createReadStream } = await import('node:fs');
    return reply.type('font/woff2').header('cache-control', 'public, max-age=31536000, immutable').send(createReadStream(path.join(FONT_DIR, file)));
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    if (typeof payload !== 'string' || !String(reply.getHeader('content-type')).startsWith('text/html')) return payload;
    return payload.replace(GOOGLE_FONTS, `<link rel="stylesheet" href="${cssPath}" type="text/css">`);
  });
}
