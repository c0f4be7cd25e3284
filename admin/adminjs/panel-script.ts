import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pagesShownTo } from './panel-pages.js';
import { requestLanguage } from './request-language.js';

// Outside /admin, like the fonts: it is UI code and holds nothing that needs a login.
export const PANEL_SCRIPT = '/panel-assets/panel.js';
/** «Журнал» (KlassnyJournal): the page that draws the journal's HTML from /data/journal/view. */
export const JOURNAL_SCRIPT = '/panel-assets/journal.js';
/** «Отчёты» (KlassnyReports): the form of /reports/choices and the download of /reports/download. */
export const REPORTS_SCRIPT = '/panel-assets/reports.js';
/** «Резервные копии» (KlassnyBackups): the last runs from /backups, a backup now through /backups/run. */
export const BACKUPS_SCRIPT = '/panel-assets/backups.js';
/** «Архив» (KlassnyArchive): the list of /archive/list, making and checking sets, downloads. */
export const ARCHIVE_SCRIPT = '/panel-assets/archive.js';
/** The notices on top: a newer one replaces those before it, a success goes by itself. */
export const NOTICES_SCRIPT = '/panel-assets/notices.js';
/** The words of every select and date field in the panel's language; runs before AdminJS's app bundle takes the design system. */
export const WIDGET_WORDS_SCRIPT = '/panel-assets/widget-words.js';
const SCRIPTS = [PANEL_SCRIPT, NOTICES_SCRIPT, JOURNAL_SCRIPT, REPORTS_SCRIPT, ARCHIVE_SCRIPT, BACKUPS_SCRIPT];
const SERVED = [...SCRIPTS, WIDGET_WORDS_SCRIPT];
const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const COMPONENTS_BUNDLE = /<script src="[^"]*\/components\.bundle\.js"><\/script>/;
const DESIGN_SYSTEM_BUNDLE = /<script src="[^"]*\/design-system\.bundle\.js"><\/script>/;
const HTML_LANG = /<html lang=\w+>/;

/**
 * Our additions to the panel, in plain JavaScript on AdminJS's global React: nothing to bundle. AdminJS puts
 * its `assets.scripts` after the script that draws the page, so a component of ours would be missing from the
 * first drawing (the home page showed AdminJS's developer welcome page); the script is placed instead right
 * after AdminJS's components bundle, in the page's head, and is registered before anything is drawn.
 */
export function servePanelScript(app: FastifyInstance): () => void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' || !String(reply.getHeader('content-type')).startsWith('text/html')) return payload;
    // Which of our pages the sidebar shows this person (panel.js hides the others): names only, decided here.
    const pages = `<script>window.KLASSNY_PAGES = ${JSON.stringify(pagesShownTo(req.panelActor))};</script>`;
    return payload
      .replace(HTML_LANG, `<html lang="${requestLanguage(req)}">`)
      .replace(DESIGN_SYSTEM_BUNDLE, (tag) => `${tag}\n<script src="${WIDGET_WORDS_SCRIPT}"></script>`)
      .replace(COMPONENTS_BUNDLE, (tag) => [tag, pages, ...SCRIPTS.map((src) => `<script src="${src}"></script>`)].join('\n'));
  });
  // The routes, declared by the caller once the compression hook is in place (see plugin.ts).
  return () => scriptRoutes(app);
}

function scriptRoutes(app: FastifyInstance): void {
  for (const url of SERVED) {
    let script: Promise<{ code: string; etag: string }> | undefined;
    // Asked again on every page (no-cache) but sent only when changed: the browser keeps it under its ETag.
    app.get(url, async (req, reply) => {
      script ??= fs.readFile(path.join(PUBLIC, path.basename(url)), 'utf8').then((code) => ({ code, etag: `"${createHash('sha256').update(code).digest('hex').slice(0, 16)}"` }));
      const { code, etag } = await script;
      reply.header('cache-control', 'no-cache').header('etag', etag);
      if (req.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('application/javascript; charset=utf-8').send(code);
    });
  }
}
