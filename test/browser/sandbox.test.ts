import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mark } from '../../core/journal/mark.entity.js';
import { School } from '../../core/school/school.entity.js';
import { startTestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { launchChromium } from './chromium.js';
import { giveFive, markScenario, openLesson, signInAs, takeRollCall, tap } from './sandbox-flow.js';

describe('the sandbox web chat in Chromium: a teacher gives a mark, the child\'s parent sees it arrive in another tab', () => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let browser: Browser;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Notifications go out at once: no coalescing window, and (below) no quiet hours whatever the time.
    app = await startTestApp(database.connection, { NOTIFY_COALESCE_SECONDS: '0', NOTIFY_POLL_INTERVAL_MS: '200' });
    await app.orm.em.fork().nativeUpdate(School, {}, { quietHoursStart: '00:00', quietHoursEnd: '00:00' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it('takes the roll call and gives a 5 in the teacher\'s tab; the notification appears in the parent\'s tab', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 860 }, locale: 'ru-RU' });
    const external: string[] = [];
    context.on('request', (req) => {
      if (!req.url().startsWith(app.baseUrl)) external.push(req.url());
    });
    const errors: string[] = [];
    const scenario = await markScenario(app);

    // The parent first, in a tab of its own: «Кто вы?» in Russian, then the bot's parent menu.
    const guardianTab = await context.newPage();
    guardianTab.on('pageerror', (err) => errors.push(err.message));
    await guardianTab.goto(`${app.baseUrl}/sandbox`);
    await guardianTab.waitForSelector('text=Кто вы?');
    await guardianTab.locator('.person').first().waitFor();
    await signInAs(guardianTab, app.baseUrl, scenario.guardian.fullName, /Отметки/);
    expect(await guardianTab.locator('#who-name').textContent()).toBe(`Вы: ${scenario.guardian.fullName}`);
    expect(await guardianTab.locator('.msg.user').first().textContent()).toMatch(/^\/start \S+/);
    expect(await guardianTab.locator('.msg.bot').first().textContent()).toContain(scenario.child.fullName.split(' ')[1]);

    // The teacher: «Сегодня» → the lesson → «Посещаемость» (one absent, «Готово») → «Отметки» → the child → 5.
    const teacherTab = await context.newPage();
    teacherTab.on('pageerror', (err) => errors.push(err.message));
    await signInAs(teacherTab, app.baseUrl, scenario.teacher.fullName, 'Сегодня');
    await openLesson(teacherTab, scenario);
    await takeRollCall(teacherTab).catch(async (err: unknown) => {
      await teacherTab.screenshot({ path: path.join(os.tmpdir(), 'sandbox-roll-call-failure.png') });
      throw err;
    });
    expect(await teacherTab.locator('.msg.bot').last().textContent()).toContain('Посещаемость сохранена');
    await giveFive(teacherTab, scenario.childButton);
    const marks = await app.orm.em.fork().find(Mark, {}, { populate: ['student'] });
    expect(marks.map((m) => [m.value, m.student.id])).toEqual([[5, scenario.child.id]]);
    // One message edits itself through the whole flow: /start, the greeting with the menu, and the lesson.
    expect(await teacherTab.locator('.msg.bot').count()).toBeLessThanOrEqual(3);

    // The parent's open tab gets the notification by itself, without a reload.
    const notice = guardianTab.locator('.msg.bot', { hasText: '🔔' });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toMatch(/5/);
    // And its buttons work.
    await tap(guardianTab, /Отметки/);
    expect(await guardianTab.locator('.msg.bot').last().textContent()).toContain('5');

    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    expect(app.sandbox!.emulator.violations).toEqual([]);
    await context.close();
  });
});
