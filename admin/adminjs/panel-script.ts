import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

// Outside /admin, like the fonts: it is UI code and holds nothing that needs a login.
export const PANEL_SCRIPT = '/panel-assets/panel.js';
const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public', 'panel.js');

/** Our additions to the panel, in plain JavaScript on AdminJS's global React: nothing to bundle. */
export function servePanelScript(app: FastifyInstance): void {
  let script: Promise<string> | undefined;
  app.get(PANEL_SCRIPT, async (_req, reply) => {
    script ??= fs.readFile(FILE, 'utf8');
    return reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-cache').send(await script);
  });
}
