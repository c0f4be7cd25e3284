import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);
const ADMINJS_SCRIPTS = path.join(path.dirname(require.resolve('adminjs')), 'lib/frontend/assets/scripts');
const DESIGN_SYSTEM = path.join(path.dirname(require.resolve('@adminjs/design-system')), '..');

/**
 * AdminJS's three script bundles, always in their production builds. AdminJS picks the development builds
 * whenever NODE_ENV is not `production` (a demo, `npm run dev`, the tests): 26 MB of unminified code on
 * every page, sent without a cache header, so fetched again on every full load (6–12 s a page on the
 * 2-core machine, issue 20). The production builds are the same code minified (3.3 MB).
 */
const BUNDLES = {
  'global.bundle.js': path.join(ADMINJS_SCRIPTS, 'global-bundle.production.js'),
  'design-system.bundle.js': path.join(DESIGN_SYSTEM, 'bundle.production.js'),
  'app.bundle.js': path.join(ADMINJS_SCRIPTS, 'app-bundle.production.js'),
} as const;

const BUNDLE_ROOT = '/panel-assets/adminjs';
const BUNDLE_TAG = /<script src="[^"]*\/frontend\/assets\/(global|design-system|app)\.bundle\.js"><\/script>/g;
const META_CHARSET = /\s*<meta charset="utf-8">/i;

/**
 * Serves the bundles under names that carry a hash of their content, cached for a year as immutable:
 * a browser fetches each once per version of AdminJS, and a new version has new names. Outside /admin,
 * like the fonts: UI code that holds nothing needing a login (the login page loads them too).
 */
export async function servePanelBundles(app: FastifyInstance): Promise<() => void> {
  const bundles = await Promise.all(Object.entries(BUNDLES).map(async ([name, file]) => {
    const code = await fs.readFile(file);
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    return { name, code, url: `${BUNDLE_ROOT}/${name.replace(/\.js$/, `.${hash}.js`)}` };
  }));
  const urlOf = new Map(bundles.map((b) => [b.name, b.url]));
  app.addHook('onSend', async (_req, reply, payload) => {
    if (typeof payload !== 'string' || !String(reply.getHeader('content-type')).startsWith('text/html')) return payload;
    return shapePage(payload, (name) => urlOf.get(name));
  });
  // The routes, declared by the caller once the compression hook is in place (see plugin.ts).
  return () => {
    for (const { url, code } of bundles) {
      app.get(url, async (_req, reply) =>
        reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(code));
    }
  };
}

/**
 * A panel page as sent: the bundles by their hashed names, and <meta charset> first in the head (AdminJS
 * writes it after the inline state, hundreds of kilobytes in, beyond where a browser looks for it).
 */
export function shapePage(html: string, bundleUrl: (name: string) => string | undefined): string {
  let page = html.replace(BUNDLE_TAG, (tag, name: string) => {
    const url = bundleUrl(`${name}.bundle.js`);
    return url ? `<script src="${url}"></script>` : tag;
  });
  if (META_CHARSET.test(page)) page = page.replace(META_CHARSET, '').replace(/<head>/i, '<head>\n      <meta charset="utf-8">');
  return page;
}
