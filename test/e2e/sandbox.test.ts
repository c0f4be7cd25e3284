import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxWanted } from '../../admin/sandbox/sandbox-telegram.js';
import { loadConfig } from '../../core/base/config.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { Consent } from '../../core/privacy/consent.entity.js';
import type { SandboxPerson } from '../../core/sandbox/sandbox-people.js';
import type { ChatMessage, Emulator } from '../../telegram-emulator/index.js';
import { startTestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_BOT_TOKEN, testTelegram } from '../support/test-telegram.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAYAAAC56t6BAAAAEUlEQVR4nGP4z8DwH4QZMBgAoXkL9U3EmgcAAAAASUVORK5CYII=', 'base64');
const PDF = Buffer.from('%PDF-1.4\n% Выписка\n');
const PRODUCTION = {
  NODE_ENV: 'production',
  TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN,
  ADMIN_EMAIL: 'admin@school.example',
  ADMIN_PASSWORD: 'production-password-0123',
  SESSION_SECRET: 'a-production-secret-of-at-least-32-characters',
};

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

/** The bot's message in the chat that `accept` takes, once it is there. */
const botMessage = (emulator: Emulator, chatId: number, accept: (m: ChatMessage) => boolean) =>
  vi.waitFor(
    () => {
      const found = emulator.transcript(chatId).find((m) => m.from === 'bot' && accept(m));
      if (!found) throw new Error(`no such message yet in ${JSON.stringify(emulator.transcript(chatId).map((m) => m.text))}`);
      return found;
    },
    { timeout: 20_000, interval: 100 },
  );

describe('the sandbox: no bot token outside production, the real bot against the Bot API emulator', () => {
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let emulator: Emulator;
  let people: SandboxPerson[];
  const json = (payload: unknown) => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

  beforeAll(async () => {
    app = await startTestApp(database.connection);
    emulator = app.sandbox!.emulator;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('serves the web chat at /sandbox, and the bot runs against the emulator with a generated token', async () => {
    expect(app.sandbox?.url).toMatch(/^http:\/\/localhost:\d+\/sandbox$/);
    expect(app.bot).toBeDefined();
    expect(app.core.config.telegram).toMatchObject({ token: emulator.token, apiRoot: emulator.url });
    await vi.waitFor(() => expect(emulator.called('getUpdates').length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(emulator.called('setMyCommands').length).toBeGreaterThan(0);

    const page = await app.server.inject({ method: 'GET', url: '/sandbox' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('/sandbox/app.js');
    for (const file of ['app.js', 'dom.js', 'messages.js', 'rich-text.js', 'app.css']) {
      const asset = await app.server.inject({ method: 'GET', url: `/sandbox/${file}` });
      expect(asset.statusCode, file).toBe(200);
      // Safe rendering: text goes in as text, never parsed as HTML.
      expect(asset.body).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/);
    }
    const config = await app.server.inject({ method: 'GET', url: '/sandbox/api/config' });
    expect(config.json()).toMatchObject({ language: 'ru', bot: { username: 'klassny_sandbox_bot' }, strings: { pickTitle: 'Кто вы?' } });
    expect((await app.server.inject({ method: 'GET', url: '/sandbox/api/config?lang=en' })).json().strings.pickTitle).toBe('Who are you?');
  });

  it('lists the people of the demo school by ФИО, role and class only', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/sandbox/api/people' });
    people = res.json().people;
    const allowed = ['kind', 'id', 'school', 'fullName', 'roles', 'group', 'children'];
    for (const p of people) expect(Object.keys(p).filter((k) => !allowed.includes(k))).toEqual([]);
    expect(people.some((p) => p.kind === 'staff' && p.roles.includes('teacher'))).toBe(true);
    expect(people.some((p) => p.roles.includes('class_teacher') && p.group)).toBe(true);
    expect(people.some((p) => p.roles.includes('deputy'))).toBe(true);
    expect(people.some((p) => p.kind === 'student' && p.group)).toBe(true);
    const guardian = people.find((p) => p.kind === 'guardian')!;
    expect(guardian.children?.[0]).toMatchObject({ fullName: expect.any(String), group: expect.any(String) });
  });

  it('signs a teacher in through a real invite: `/start <code>` reaches the bot, the teacher menu comes back', async () => {
    const teacher = people.find((p) => p.kind === 'staff' && p.roles.includes('teacher'))!;
    const res = await app.server.inject({ method: 'POST', url: '/sandbox/api/sessions', ...json({ kind: 'staff', id: teacher.id }) });
    expect(res.statusCode).toBe(200);
    const { chatId } = res.json();
    expect(chatId).toBe(7_100_000_000 + teacher.id);
    const menu = await botMessage(emulator, chatId, (m) => m.buttons.flat().some((b) => b.text === 'Сегодня'));
    expect(emulator.transcript(chatId)[0]).toMatchObject({ from: 'user', text: expect.stringMatching(/^\/start [A-Za-z0-9_-]+$/) });
    expect(menu.text).toContain('учитель');
    const bindings = await app.orm.em.fork().find(TelegramBinding, { telegramAccount: chatId, revokedAt: null });
    expect(bindings.map((b) => [b.personKind, b.personId])).toEqual([['staff', teacher.id]]);

    // Opened again (another tab): the same account, already in; no new invite.
    const again = await app.server.inject({ method: 'POST', url: '/sandbox/api/sessions', ...json({ kind: 'staff', id: teacher.id }) });
    expect(again.json().chatId).toBe(chatId);
    expect(emulator.transcript(chatId).filter((m) => m.from === 'user')).toHaveLength(1);
  });

  it('records a guardian\'s consent as the panel would before the invite, then signs the guardian in', async () => {
    const guardian = people.find((p) => p.kind === 'guardian')!;
    const res = await app.server.inject({ method: 'POST', url: '/sandbox/api/sessions', ...json({ kind: 'guardian', id: guardian.id }) });
    const { chatId } = res.json();
    await botMessage(emulator, chatId, (m) => m.buttons.flat().some((b) => b.text.includes('Отметки')));
    const consents = await app.orm.em.fork().find(Consent, { guardian: guardian.id });
    expect(consents.map((c) => c.status)).toEqual(['given']);
    expect(consents[0]!.note).toContain('песочниц');
  });

  it('streams the chat as Server-Sent Events while the user types and taps buttons', async () => {
    const teacher = people.find((p) => p.kind === 'staff' && p.roles.includes('teacher'))!;
    const chatId = 7_100_000_000 + teacher.id;
    const abort = new AbortController();
    const stream = await fetch(`${app.baseUrl}/sandbox/api/chats/${chatId}/events`, { signal: abort.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    let received = '';
    const events = () => [...received.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({ event: m[1]!, data: JSON.parse(m[2]!) }));
    const until = async (accept: (e: { event: string; data: any }[]) => boolean) => {
      while (!accept(events())) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        received += new TextDecoder().decode(value);
      }
    };
    try {
      await until((e) => e.some((x) => x.event === 'transcript'));
      expect(events()[0]!.data.length).toBeGreaterThanOrEqual(2);

      const typed = await app.server.inject({ method: 'POST', url: `/sandbox/api/chats/${chatId}/messages`, ...json({ text: '/help' }) });
      expect(typed.statusCode).toBe(202);
      await until((e) => e.some((x) => x.event === 'message' && x.data.from === 'bot'));
      expect(events().filter((x) => x.event === 'message').map((x) => x.data.from)).toEqual(['user', 'bot']);

      const menu = emulator.transcript(chatId).find((m) => m.buttons.flat().some((b) => b.text === 'Журнал'))!;
      const journal = menu.buttons.flat().find((b) => b.text === 'Журнал') as { callback_data: string };
      const pressed = await app.server.inject({ method: 'POST', url: `/sandbox/api/chats/${chatId}/buttons`, ...json({ messageId: menu.messageId, data: journal.callback_data }) });
      expect(pressed.statusCode).toBe(202);
      await until((e) => e.some((x) => x.event === 'answer'));
      const forged = await app.server.inject({ method: 'POST', url: `/sandbox/api/chats/${chatId}/buttons`, ...json({ messageId: menu.messageId, data: 'x1:forged' }) });
      expect(forged.statusCode).toBe(409);
    } finally {
      abort.abort();
    }
    expect(emulator.violations).toEqual([]);
  });

  it('shows photos and hands out documents the bot sends', async () => {
    const chatId = (await app.server.inject({ method: 'POST', url: '/sandbox/api/sessions', ...json({ kind: 'student', id: people.find((p) => p.kind === 'student')!.id }) })).json().chatId;
    await app.bot!.telegraf.telegram.sendPhoto(chatId, { source: PNG, filename: 'chart.png' }, { caption: 'Отметки' });
    await app.bot!.telegraf.telegram.sendDocument(chatId, { source: PDF, filename: 'Выписка за ноябрь.pdf' });
    const [photo, document] = emulator.transcript(chatId).filter((m) => m.photo || m.document);
    const image = await app.server.inject({ method: 'GET', url: `/sandbox/files/${photo!.photo!.fileId}` });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(PNG)).toBe(true);
    const pdf = await app.server.inject({ method: 'GET', url: `/sandbox/files/${document!.document!.fileId}?download=1` });
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="_______ __ ______.pdf"; filename*=UTF-8''${encodeURIComponent('Выписка за ноябрь.pdf')}`);
    expect(pdf.rawPayload.equals(PDF)).toBe(true);
    expect((await app.server.inject({ method: 'GET', url: '/sandbox/files/nope' })).statusCode).toBe(404);
  });

  it('answers only this machine, and only for sandbox people and chats', async () => {
    const remote = await app.server.inject({ method: 'GET', url: '/sandbox/api/people', remoteAddress: '192.168.1.20' });
    expect(remote.statusCode).toBe(403);
    const nobody = await app.server.inject({ method: 'POST', url: '/sandbox/api/sessions', ...json({ kind: 'staff', id: 99_999_999 }) });
    expect(nobody.statusCode).toBe(404);
    const notJson = await app.server.inject({ method: 'POST', url: '/sandbox/api/sessions', headers: { 'content-type': 'text/plain' }, payload: 'kind=staff' });
    expect(notJson.statusCode).toBe(400);
    expect((await app.server.inject({ method: 'GET', url: '/sandbox/api/chats/42/events' })).statusCode).toBe(404);
    expect((await app.server.inject({ method: 'POST', url: '/sandbox/api/chats/42/messages', ...json({ text: 'hi' }) })).statusCode).toBe(404);
  });

  it('answers only under a loopback name (no DNS rebinding), and never inside a frame', async () => {
    const withHost = (host: string) => app.server.inject({ method: 'GET', url: '/sandbox/api/people', headers: { host } });
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST', 'localhost']) {
      expect((await withHost(host)).statusCode, host).toBe(200);
    }
    // A page of another site whose name resolves to 127.0.0.1 comes from the loopback address, under its own name.
    for (const host of ['evil.example:3000', 'localhost.evil.example', '127.0.0.1.nip.io:3000', 'localhost:3000.evil.example', '[::2]:3000', '0.0.0.0:3000']) {
      const res = await withHost(host);
      expect(res.statusCode, host).toBe(403);
      expect(res.json()).toEqual({ error: 'Песочница открывается только с этого компьютера.' });
    }
    for (const url of ['/sandbox', '/sandbox/app.js', '/sandbox/api/config']) {
      const res = await app.server.inject({ method: 'GET', url });
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(String(res.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
    }
  });

  it('stops promptly with a chat still streaming in an open tab', async () => {
    const teacher = people.find((p) => p.kind === 'staff' && p.roles.includes('teacher'))!;
    const stream = await fetch(`${app.baseUrl}/sandbox/api/chats/${7_100_000_000 + teacher.id}/events`);
    const reader = stream.body!.getReader();
    await reader.read();
    const started = Date.now();
    await app.stop();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await reader.read()).done).toBe(true);
    app = undefined!;
  });
});

describe('no sandbox with a bot token or in production', () => {
  it('is not wanted in production, or when a token is set', () => {
    expect(sandboxWanted(loadConfig({ NODE_ENV: 'development' }))).toBe(true);
    expect(sandboxWanted(loadConfig({ NODE_ENV: 'development', TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN }))).toBe(false);
    expect(sandboxWanted(loadConfig(PRODUCTION))).toBe(false);
  });

  it.each([
    ['with a bot token', { TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN }],
    ['in production', PRODUCTION],
  ])('%s /sandbox does not exist (404)', async (_name, env) => {
    const app = await startTestApp(database.connection, { ...env, TELEGRAM_API_ROOT: testTelegram.url });
    try {
      expect(app.sandbox).toBeUndefined();
      for (const url of ['/sandbox', '/sandbox/app.js', '/sandbox/api/people', '/sandbox/api/config']) {
        expect((await app.server.inject({ method: 'GET', url })).statusCode, url).toBe(404);
      }
      expect((await app.server.inject({ method: 'POST', url: '/sandbox/api/sessions', headers: { 'content-type': 'application/json' }, payload: '{"kind":"staff","id":1}' })).statusCode).toBe(404);
    } finally {
      await app.stop();
    }
  });
});
