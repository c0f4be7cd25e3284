import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../core/i18n/languages.js';
import { sandboxPersonOf } from '../../core/sandbox/sandbox-access.js';
import type { SandboxPerson } from '../../core/sandbox/sandbox-people.js';
import type { Emulator } from '../../telegram-emulator/index.js';
import type { Refusal } from '../refusals.js';
import { securityHeaders } from '../security-headers.js';
import { chatEvents, openStreams } from './chat-events.js';
import { messageView } from './message-view.js';
import { SANDBOX_PATH } from './sandbox-telegram.js';

export interface SandboxOptions {
  core: Core;
  emulator: Emulator;
}

const PUBLIC = new URL('./public/', import.meta.url);
const JS = 'text/javascript; charset=utf-8';
const ASSETS: Record<string, string> = { 'app.js': JS, 'dom.js': JS, 'messages.js': JS, 'rich-text.js': JS, 'app.css': 'text/css; charset=utf-8' };
const PAGE_SECURITY = {
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
// Shown in the page itself; anything else (HTML, SVG…) is downloaded, never rendered on this origin.
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/**
 * The names this machine is reached by, with any port. A page of another site whose name resolves to
 * 127.0.0.1 (DNS rebinding) reaches the sandbox from the loopback address too, but under its own name.
 */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

const languageOf = (value: unknown): Language => (LANGUAGES as readonly unknown[]).includes(value) ? (value as Language) : DEFAULT_LANGUAGE;

/**
 * The sandbox web chat at /sandbox: pick a person of the school, then talk to the real bot as that person
 * through the Bot API emulator. A development tool, registered only when there is no bot token outside
 * production, and answering only requests from this machine (it lets anyone act as anyone).
 */
export async function sandboxChat(app: FastifyInstance, { core, emulator }: SandboxOptions): Promise<void> {
  const t = (language: Language) => translator(core.i18n, language);
  const refuse = (reply: FastifyReply, status: number, message: string) => reply.code(status).send({ error: message });
  const streams = openStreams(app);

  securityHeaders(app, PAGE_SECURITY['content-security-policy']);
  app.addHook('onRequest', async (req, reply) => {
    const local = LOOPBACK.has(req.socket.remoteAddress ?? '') && LOOPBACK_HOST.test(req.headers.host ?? '');
    if (!local) return refuse(reply, 403, t(languageOf((req.query as { lang?: unknown }).lang))('sandbox:errors.notLocal'));
  });

  app.get('/', async (_req, reply) => reply.headers(PAGE_SECURITY).type('text/html; charset=utf-8').send(await readFile(new URL('index.html', PUBLIC))));
  for (const [name, type] of Object.entries(ASSETS)) {
    app.get(`/${name}`, async (_req, reply) => reply.headers(PAGE_SECURITY).type(type).send(await readFile(new URL(name, PUBLIC))));
  }

  app.get('/api/config', async (req) => {
    const language = languageOf((req.query as { lang?: unknown }).lang);
    return {
      language,
      languages: LANGUAGES,
      strings: core.i18n.getResourceBundle(language, 'sandbox') as unknown,
      bot: { name: emulator.botUser.first_name, username: emulator.botUser.username },
    };
  });

  app.get('/api/people', async () => ({ people: await core.sandbox.people() }));

  // A refusal of the core while getting the person ready: 409, with the reason in the chat's language.
  const signInRefused = (refusal: Refusal, req: FastifyRequest, reply: FastifyReply) => {
    const language = languageOf(jsonBody(req)?.language);
    return refuse(reply, 409, t(language)('sandbox:errors.signInFailed', { reason: refusal.describe(t(language)).join('; ') }));
  };

  app.post('/api/sessions', { config: { refusalView: signInRefused } }, async (req, reply) => {
    const body = jsonBody(req);
    const language = languageOf(body?.language);
    const kind = body?.kind;
    const id = Number(body?.id);
    if ((kind !== 'staff' && kind !== 'student' && kind !== 'guardian') || !Number.isSafeInteger(id)) return refuse(reply, 400, t(language)('sandbox:errors.badRequest'));
    const signIn = await core.sandbox.signIn(kind, id, emulator.botUser.username ?? 'klassny_sandbox_bot');
    if (!signIn) return refuse(reply, 404, t(language)('sandbox:errors.unknownPerson'));
    const { person } = signIn;
    const user = { id: signIn.telegramUserId, ...telegramName(person), language_code: language };
    if (signIn.inviteCode) emulator.sendText(user, `/start ${signIn.inviteCode}`);
    else if (emulator.transcript(user.id).length === 0) emulator.sendText(user, '/start');
    return { chatId: user.id, person };
  });

  const chatOf = (req: FastifyRequest, reply: FastifyReply): number | undefined => {
    const chatId = Number((req.params as { chatId: string }).chatId);
    if (Number.isSafeInteger(chatId) && sandboxPersonOf(chatId)) return chatId;
    void refuse(reply, 404, t(languageOf((req.query as { lang?: unknown }).lang))('sandbox:errors.unknownChat'));
    return undefined;
  };

  app.get('/api/chats/:chatId/events', (req, reply) => {
    const chatId = chatOf(req, reply);
    if (chatId !== undefined) chatEvents(streams, emulator, chatId, req, reply, (m) => messageView(m, SANDBOX_PATH));
  });

  app.get('/api/chats/:chatId/commands', async (req, reply) => {
    const chatId = chatOf(req, reply);
    if (chatId === undefined) return reply;
    return { commands: emulator.commandsFor(chatId, emulator.chats.user(chatId).language_code) };
  });

  app.post('/api/chats/:chatId/messages', async (req, reply) => {
    const chatId = chatOf(req, reply);
    if (chatId === undefined) return reply;
    const text = jsonBody(req)?.text;
    if (typeof text !== 'string' || text.trim() === '' || text.length > 4096) return refuse(reply, 400, t(DEFAULT_LANGUAGE)('sandbox:errors.badRequest'));
    emulator.sendText(chatId, text);
    return reply.code(202).send({ ok: true });
  });

  app.post('/api/chats/:chatId/buttons', async (req, reply) => {
    const chatId = chatOf(req, reply);
    if (chatId === undefined) return reply;
    const body = jsonBody(req);
    const messageId = Number(body?.messageId);
    const data = body?.data;
    if (!Number.isSafeInteger(messageId) || typeof data !== 'string') return refuse(reply, 400, t(DEFAULT_LANGUAGE)('sandbox:errors.badRequest'));
    try {
      emulator.pressButton(chatId, messageId, data);
    } catch {
      return refuse(reply, 409, t(languageOf(body?.language))('sandbox:errors.noButton'));
    }
    return reply.code(202).send({ ok: true });
  });

  // A web_app button tapped: the URL the chat's Telegram app would open, with initData signed by the sandbox
  // bot's token (the emulator plays Telegram's servers), so the Mini App checks it exactly as in production.
  app.post('/api/chats/:chatId/web-app', async (req, reply) => {
    const chatId = chatOf(req, reply);
    if (chatId === undefined) return reply;
    const body = jsonBody(req);
    const messageId = Number(body?.messageId);
    const url = body?.url;
    if (!Number.isSafeInteger(messageId) || typeof url !== 'string') return refuse(reply, 400, t(DEFAULT_LANGUAGE)('sandbox:errors.badRequest'));
    try {
      return { url: emulator.openWebApp(chatId, messageId, url) };
    } catch {
      return refuse(reply, 409, t(languageOf(body?.language))('sandbox:errors.noButton'));
    }
  });

  app.get('/files/:fileId', async (req, reply) => {
    const file = emulator.file((req.params as { fileId: string }).fileId);
    if (!file || file.url) return reply.code(404).send({ error: 'Not Found' });
    const download = (req.query as { download?: unknown }).download !== undefined || !INLINE_TYPES.has(file.mimeType);
    const name = file.fileName ?? 'file';
    return reply
      .headers({
        'content-type': file.mimeType,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, max-age=3600',
        'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        'content-disposition': `${download ? 'attachment' : 'inline'}; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      })
      .send(file.bytes);
  });
}

function jsonBody(req: FastifyRequest): Record<string, unknown> | undefined {
  // Only JSON: a form posted from another site cannot send it without the browser asking first.
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return undefined;
  return req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : undefined;
}

/** The made-up Telegram profile of a sandbox user: the person's first and last name. */
function telegramName(person: SandboxPerson): { first_name: string; last_name?: string } {
  const [last, first] = person.fullName.split(/\s+/);
  return first ? { first_name: first, ...(last ? { last_name: last } : {}) } : { first_name: person.fullName };
}
