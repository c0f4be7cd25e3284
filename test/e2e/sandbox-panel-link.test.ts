import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import type { SandboxPerson } from '../../core/sandbox/sandbox-people.js';
import type { ChatMessage, Emulator } from '../../telegram-emulator/index.js';
import { startTestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

type Button = { text: string; callback_data?: string; url?: string };

/**
 * Issue 13, point 2, in the sandbox (no bot token): the deputy head chats with the real bot through the
 * Bot API emulator, presses «Панель управления», and the link the chat shows opens this very server's
 * panel, at the address it listens on.
 */
describe('the sandbox: «Панель управления» gives a working one-time link', () => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let emulator: Emulator;
  const json = (payload: unknown) => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  const botMessage = (chatId: number, accept: (m: ChatMessage) => boolean) =>
    vi.waitFor(
      () => {
        const found = emulator.transcript(chatId).find((m) => m.from === 'bot' && accept(m));
        if (!found) throw new Error(`no such message yet in ${JSON.stringify(emulator.transcript(chatId).map((m) => m.text))}`);
        return found;
      },
      { timeout: 20_000, interval: 100 },
    );
  const buttons = (m: ChatMessage) => m.buttons.flat() as Button[];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(database.connection);
    emulator = app.sandbox!.emulator;
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('shows the link button in the chat, and the link signs the deputy in at the change of its temporary password', async () => {
    const people: SandboxPerson[] = (await app.server.inject({ method: 'GET', url: '/sandbox/api/people' })).json().people;
    const deputy = people.find((p) => p.kind === 'staff' && p.roles.includes('deputy'))!;
    await app.core.unitOfWork(() => app.core.staffAccounts.grant(deputy.id, 'deputy@sandbox.example', systemActor('cli')));

    const { chatId } = (await app.server.inject({ method: 'POST', url: '/sandbox/api/sessions', ...json({ kind: 'staff', id: deputy.id }) })).json();
    const menu = await botMessage(chatId, (m) => buttons(m).some((b) => b.text === 'Панель управления'));
    const press = buttons(menu).find((b) => b.text === 'Панель управления')!;
    expect(press.callback_data).toBe('panel1:link');
    // The link must open the panel from the moment it reaches the chat: Telegram is made to hold the
    // message's answer, and the link is opened while the bot still waits for it.
    emulator.inject({ kind: 'timeout', ms: 1500, then: 'process', method: 'sendMessage', chatId });
    const opened = new Promise<{ url: string; status: number; page: Awaited<ReturnType<typeof app.server.inject>> }>((resolve) => {
      const off = emulator.on('request', (call) => {
        const url = (call.payload as { reply_markup?: { inline_keyboard?: Button[][] } }).reply_markup?.inline_keyboard?.flat().find((b) => b.url)?.url;
        if (call.method !== 'sendMessage' || !url) return;
        off();
        void app.server.inject({ method: 'GET', url: new URL(url).pathname }).then((page) => resolve({ url, status: page.statusCode, page }));
      });
    });
    const pressed = await app.server.inject({ method: 'POST', url: `/sandbox/api/chats/${chatId}/buttons`, ...json({ messageId: menu.messageId, data: press.callback_data }) });
    expect(pressed.statusCode).toBe(202);
    const early = await opened;
    expect(early.status).toBe(200);

    const answer = await botMessage(chatId, (m) => buttons(m).some((b) => b.url));
    const link = buttons(answer).find((b) => b.url)!;
    expect(link.url).toBe(early.url);
    expect(link.text).toBe('Открыть панель');
    const port = new URL(app.baseUrl).port;
    expect(link.url).toMatch(new RegExp(`^http://localhost:${port}/admin/login/link/[A-Za-z0-9_-]{43}$`));

    const path = new URL(link.url!).pathname;
    const page = early.page;
    const cookie = page.cookies.find((c) => c.name === 'klassny_link')!;
    const proof = /name="confirm" value="([^"]+)"/.exec(page.body)![1]!;
    const signed = await app.server.inject({ method: 'POST', url: path, payload: { confirm: proof }, headers: { cookie: `klassny_link=${cookie.value}` } });
    expect(signed.statusCode).toBe(303);
    expect(signed.headers.location).toBe('/admin/change-password');
    const session = signed.cookies.find((c) => c.name === 'klassny_panel')!;
    expect((await app.server.inject({ method: 'GET', url: '/admin/change-password', headers: { cookie: `klassny_panel=${session.value}` } })).statusCode).toBe(200);
    expect(emulator.violations).toEqual([]);
  });
});
