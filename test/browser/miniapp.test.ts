import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { addDays } from '../../core/time/local-date.js';
import { DARK_THEME, type Emulator } from '../../telegram-emulator/index.js';
import { startTestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { launchChromium } from './chromium.js';
import { markScenario, signInAs, tap, type MarkScenario } from './sandbox-flow.js';

// KLASSNY_SCREENSHOTS=1 writes the README's picture of the grid (docs/screenshots/miniapp-grid.png).
const SCREENSHOT = path.resolve('docs/screenshots/miniapp-grid.png');

describe('the journal grid Mini App in Chromium at phone size: open with initData, give a mark in a cell, the guardian notified (issue 19)', () => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let emulator: Emulator;
  let browser: Browser;
  let scenario: MarkScenario;
  let lesson: { id: number; assignmentId: number };

  /** The bot's newest message in the chat that `accept` takes, once it is there. */
  const botMessage = (chatId: number, accept: (text: string) => boolean) => vi.waitFor(() => {
    const found = emulator.transcript(chatId).filter((m) => m.from === 'bot' && accept(m.text ?? '')).at(-1);
    if (!found) throw new Error('not yet');
    return found;
  }, { timeout: 30_000, interval: 100 });
  const signIn = async (kind: string, id: number) => {
    const res = await fetch(`${app.baseUrl}/sandbox/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind, id, language: 'ru' }) });
    const { chatId } = (await res.json()) as { chatId: number };
    await botMessage(chatId, (text) => text.length > 0);
    return chatId;
  };
  /** «Журнал» → the lesson's class and subject: the message with «Открыть сетку». */
  const journalOf = async (chatId: number) => {
    emulator.sendText(chatId, '/menu');
    const menu = await botMessage(chatId, (text) => text.includes('Меню') || text.includes('Вы:') || true);
    const journal = menu.buttons.flat().find((b) => b.text.includes('Журнал')) as { callback_data: string };
    emulator.pressButton(chatId, menu.messageId, journal.callback_data);
    const assignments = await botMessage(chatId, (text) => text.includes('Выберите класс') || text.includes('класс'));
    const subject = assignments.buttons.flat().find((b) => 'callback_data' in b && b.callback_data?.includes(`:${lesson.assignmentId}`)) as { callback_data: string };
    emulator.pressButton(chatId, assignments.messageId, subject.callback_data);
    return vi.waitFor(() => {
      const found = emulator.transcript(chatId).find((m) => m.buttons.flat().some((b) => 'web_app' in b));
      if (!found) throw new Error('no «Открыть сетку» yet');
      return found;
    }, { timeout: 30_000, interval: 100 });
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(database.connection);
    emulator = app.sandbox!.emulator;
    browser = await launchChromium();
    scenario = await markScenario(app);
    // The lesson as the teacher opens it on «Сегодня»: its column exists in the journal from then on.
    lesson = await app.core.unitOfWork(async () => {
      const actor = (await staffActorFor(app.orm.em, scenario.teacher.id, 'bot'))!;
      const today = await app.core.teacherDays.day(actor);
      const day = await app.core.teacherDays.day(actor, addDays(today.today, -scenario.daysBack));
      const found = day.lessons.find((l) => scenario.lesson === `${l.lessonNumber} · ${l.subject} ${l.group}`)!;
      const sheet = await app.core.teacherJournal.openLesson(found.assignmentId, day.date, found.lessonNumber, actor);
      return { id: sheet.lesson.id, assignmentId: found.assignmentId };
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it('gives a 5 through the child\'s cell at 360×740, and the guardian\'s notification is queued', async () => {
    await signIn('guardian', scenario.guardian.id);
    const teacherChat = await signIn('staff', scenario.teacher.id);
    const message = await journalOf(teacherChat);
    const button = message.buttons.flat().find((b) => 'web_app' in b) as { text: string; web_app: { url: string } };
    expect(button.text).toBe('📋 Открыть сетку');
    const launch = new URL(emulator.openWebApp(teacherChat, message.messageId, button.web_app.url));

    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, locale: 'ru-RU', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    const external: string[] = [];
    page.on('request', (req) => { if (!req.url().startsWith(app.baseUrl)) external.push(req.url()); });
    await page.goto(`${app.baseUrl}${launch.pathname}${launch.search}${launch.hash}`);

    const cell = page.getByTestId(`cell-${scenario.child.id}-${lesson.id}`);
    await cell.waitFor({ timeout: 30_000 });
    // The credential leaves the address bar once read.
    expect(page.url()).not.toContain('tgWebAppData');
    expect(await page.locator('thead th.corner').first().textContent()).toBe('Ученик');
    // Sticky names: after scrolling to the right the child's name is still at the left edge.
    const name = page.locator('tbody th.name', { hasText: scenario.child.fullName.split(' ')[0]! }).first();
    expect((await name.boundingBox())!.x).toBeLessThan(2);

    await cell.click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    const form = dialog.locator('fieldset.mark-form:not(.existing)');
    await form.locator('button.value', { hasText: '5' }).click();
    await form.getByRole('button', { name: 'Поставить' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => cell.textContent()).toContain('5');

    const em = app.orm.em.fork();
    expect((await em.find(Mark, { lesson: lesson.id, student: scenario.child.id })).map((m) => m.value)).toEqual([5]);
    const queued = await em.find(Notification, { kind: 'mark', studentId: scenario.child.id, personKind: 'guardian' });
    expect(queued.length).toBeGreaterThan(0);

    await page.waitForTimeout(1600); // the «Сохранено» toast goes
    if (process.env.KLASSNY_SCREENSHOTS) {
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
    }
    expect(problems, problems.join("\n")).toEqual([]);
    expect(external).toEqual([]);
    await context.close();
  });

  it('follows Telegram\'s theme: dark themeParams make a dark page', async () => {
    const teacherChat = await signIn('staff', scenario.teacher.id);
    const message = emulator.transcript(teacherChat).find((m) => m.buttons.flat().some((b) => 'web_app' in b))!;
    const url = (message.buttons.flat().find((b) => 'web_app' in b) as { web_app: { url: string } }).web_app.url;
    const launch = new URL(emulator.openWebApp(teacherChat, message.messageId, url, { theme: DARK_THEME }));
    const page: Page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${app.baseUrl}${launch.pathname}${launch.search}${launch.hash}`);
    await page.locator('table.grid').waitFor({ timeout: 30_000 });
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(33, 33, 33)');
    await page.close();
  });

  it('opens from the sandbox in a panel beside the chat, as the chat\'s person', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, app.baseUrl, scenario.teacher.fullName, 'Сегодня');
    await tap(page, 'Журнал');
    // «3 · Технология 8А» on the day screen is «Технология — 8А» among the assignments.
    const [, subjectAndGroup] = scenario.lesson.split(' · ');
    const group = subjectAndGroup!.split(' ').at(-1)!;
    await tap(page, `${subjectAndGroup!.slice(0, -group.length - 1)} — ${group}`);
    await page.locator('.inline-button', { hasText: 'Открыть сетку' }).last().click();
    await page.locator('#web-app:not([hidden])').waitFor();
    const frame = page.frameLocator('#web-app-frame');
    await frame.getByTestId(`cell-${scenario.child.id}-${lesson.id}`).waitFor({ timeout: 30_000 });
    const chat = (await page.locator('main.phone').boundingBox())!;
    const panel = (await page.locator('#web-app').boundingBox())!;
    expect(panel.x).toBeGreaterThan(chat.x + chat.width - 1);
    await page.close();
  });
});
