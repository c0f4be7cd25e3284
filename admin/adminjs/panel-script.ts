import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

// Outside /admin, like the fonts: it is UI code and holds nothing that needs a login.
export const PANEL_SCRIPT = '/panel-assets/panel.js';
/** «Журнал» (KlassnyJournal): the page that draws the journal's HTML from /data/journal/view. */
export const JOURNAL_SCRIPT = '/panel-assets/journal.js';
const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

/** Our additions to the panel, in plain JavaScript on AdminJS's global React: nothing to bundle. */
export function servePanelScript(app: FastifyInstance): void {
  for (const url of [PANEL_SCRIPT, JOURNAL_SCRIPT]) {
    let script: Promise<string> | undefined;
    app.get(url, async (_req, reply) => {
      script ??= fs.readFile(path.join(PUBLIC, path.basename(url)), 'utf8');
      return reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-cache').send(await script);
    });
  }
}
