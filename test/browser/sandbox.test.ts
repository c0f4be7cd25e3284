import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mark } from '../../core/journal/mark.entity.js';
import { Guardian, StudentGuardian } from '../../core/people/guardian.entity.js';
import { fullName } from '../../core/school/rules/names.js';
import { startTestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { launchChromium } from './chromium.js';
import { giveFive, openLesson, signInAs, takeRollCall, tap, teacherWithLessons } from './sandbox-flow.js';

describe('the sandbox web chat in Chromium: a teacher gives a mark, the child\'s parent is in another tab', () => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let browser: Browser;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp(database.connection);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it('takes the roll call and gives a 5 in the teacher\'s tab; the guardian\'s tab signs in and shows what arrives', async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 860 }, locale: 'ru-RU' });
    const external: string[] = [];
    context.on('request', (req) => {
      if (!req.url().startsWith(app.baseUrl)) external.push(req.url());
    });
    const errors: string[] = [];
    const teacherTab = await context.newPage();
    teacherTab.on('pageerror', (err) => errors.push(err.message));

    // «Кто вы?» lists the school in Russian; the teacher signs in through an invite the sandbox issues.
    await teacherTab.goto(`${app.baseUrl}/sandbox`);
    await teacherTab.waitForSelector('text=Кто вы?');
    await teacherTab.locator('.person').first().waitFor();
    const { teacher, daysBack } = await teacherWithLessons(app.core);
    await signInAs(teacherTab, app.baseUrl, teacher.fullName, 'Сегодня');
    expect(await teacherTab.locator('#who-name').textContent()).toBe(`Вы: ${teacher.fullName}`);
    expect(await teacherTab.locator('.msg.user').first().textContent()).toMatch(/^\/start \S+/);

    await openLesson(teacherTab, daysBack);
    await takeRollCall(teacherTab).catch(async (err: unknown) => {
      await teacherTab.screenshot({ path: path.join(os.tmpdir(), 'sandbox-roll-call-failure.png') });
      throw err;
    });
    expect(await teacherTab.locator('.msg.bot').last().textContent()).toContain('Посещаемость сохранена');
    await giveFive(teacherTab);
    const marks = await app.core.orm.em.fork().find(Mark, {}, { populate: ['student'] });
    expect(marks.map((m) => m.value)).toEqual([5]);
    const student = marks[0]!.student;

    // One message edits itself through the whole flow: the chat holds the /start, the greeting and the day.
    expect(await teacherTab.locator('.msg.bot').count()).toBeLessThanOrEqual(4);

    // The child's parent, in a tab of its own.
    const em = app.core.orm.em.fork();
    const link = await em.findOneOrFail(StudentGuardian, { student: student.id }, { orderBy: { guardian: 'asc' } });
    const guardian = await em.findOneOrFail(Guardian, link.guardian.id);
    const guardianTab = await context.newPage();
    guardianTab.on('pageerror', (err) => errors.push(err.message));
    await signInAs(guardianTab, app.baseUrl, fullName(guardian), /Отметки/);
    const greeting = await guardianTab.locator('.msg.bot').first().textContent();
    expect(greeting).toContain(student.firstName);

    // Live: whatever the bot sends this guardian now shows up in the open tab without a reload.
    await app.bot!.telegraf.telegram.sendMessage(7_300_000_000 + guardian.id, 'Проверка доставки в открытую вкладку');
    await guardianTab.waitForSelector('text=Проверка доставки в открытую вкладку', { timeout: 10_000 });

    // The guardian's buttons work too.
    await tap(guardianTab, /Отметки/);
    expect(await guardianTab.locator('.msg.bot').count()).toBeGreaterThanOrEqual(2);

    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    expect(app.sandbox!.emulator.violations).toEqual([]);
    await context.close();
  });
});
