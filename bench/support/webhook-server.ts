import type { AddressInfo } from 'node:net';
import { buildServer } from '../../admin/server.js';
import { createBot } from '../../bot/create-bot.js';
import { WEBHOOK_PATH } from '../../bot/launch.js';
import type { Core } from '../../core/core.js';

/** The real bot behind the real HTTP server in webhook mode, listening on loopback: what a benchmark drives. */
export async function serveWebhook(core: Core) {
  const bot = createBot(core);
  const app = await buildServer(core, { webhook: { path: WEBHOOK_PATH, handleUpdate: (update) => bot.handleWebhookUpdate(update) }, botUsername: () => 'bench_bot' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { bot, app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${WEBHOOK_PATH}` };
}
