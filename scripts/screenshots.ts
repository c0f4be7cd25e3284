// Regenerates the README's screenshots of the panel on the demo school: npx tsx scripts/screenshots.ts
// (needs Debian's chromium).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { startApp } from '../app.js';
import { loadConfig } from '../core/base/config.js';
import { createLogger } from '../core/base/logger.js';
import { academicCalendar, isSchoolDay } from '../core/demo/calendar.js';
import { DEMO_TIME_ZONE } from '../core/demo/seed-setup.js';
import { fixedClock } from '../core/time/clock.js';
import { addDays, localDate } from '../core/time/local-date.js';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/browser/chromium.js';
import { fillDemoDay } from './demo-day.js';
import { fillDemoJournal } from './demo-journal.js';

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-shots-'));
await fs.chmod(tmp, 0o755);
// The panel's home page shows a school day: the app runs on a clock stopped at 12:30 of the next one.
let day = localDate(new Date(), DEMO_TIME_ZONE);
while (!isSchoolDay(academicCalendar(day), day)) day = addDays(day, 1);
const app = await startApp(
  loadConfig({ PORT: '0', HOST: '127.0.0.1', EMBEDDED_PG_DIR: path.join(tmp, 'pg'), ADMIN_EMAIL: 'admin@school.example', ADMIN_PASSWORD: 'screenshot-password' }),
  createLogger('warn'),
  fixedClock(DateTime.fromISO(`${day}T12:30`, { zone: DEMO_TIME_ZONE }).toJSDate()),
);
await fillDemoDay(app.orm, day);
const browser = await launchChromium();
const shot = async (page: Page, url: string, file: string, waitFor: string) => {
  await page.goto(url);
  await page.waitForSelector(waitFor);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `docs/screenshots/${file}` });
};
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  await page.goto(app.panelUrl);
  await page.screenshot({ path: 'docs/screenshots/panel-login.png' });
  await page.fill('input[name=email]', 'admin@school.example');
  await page.fill('input[name=password]', 'screenshot-password');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL(/\/admin\/?$/);
  await page.getByTestId('teacher-row').first().waitFor();
  await page.waitForTimeout(300);
  // The page scrolls inside AdminJS's layout, so a taller window shows the whole day.
  await page.setViewportSize({ width: 1440, height: 1240 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/screenshots/panel-dashboard.png' });
  await page.setViewportSize({ width: 1440, height: 860 });
  await page.getByText('Люди', { exact: true }).click();
  await shot(page, `${app.panelUrl}/resources/Student`, 'panel.png', 'table');
  await shot(page, `${app.panelUrl}/resources/TimetableSlot`, 'panel-timetable.png', 'table');
  await shot(page, `${app.panelUrl}/resources/Student/actions/dataTransfer`, 'panel-import.png', 'input[type=file]');

  // «Журнал» as the deputy head reads it: one class journal of the demo school filled in for the picture.
  const deputy = { email: 'deputy@school.example', password: 'screenshot-password' };
  const journal = await app.core.unitOfWork(() => fillDemoJournal(app.orm.em, app.core.clock, deputy));
  const heads = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await heads.goto(`${app.panelUrl}/login`);
  await heads.fill('input[name=email]', deputy.email);
  await heads.fill('input[name=password]', deputy.password);
  await heads.getByRole('button', { name: 'Войти' }).click();
  await heads.waitForURL(/\/admin\/?$/);
  await shot(heads, `${app.panelUrl}/pages/journal?group=${journal.groupId}&assignment=${journal.assignmentId}`, 'panel-journal.png', '[data-testid=journal-page]');
  // «Отчёты» as the deputy head sees it: the kinds it may make with what each is for, and the form.
  await heads.setViewportSize({ width: 1440, height: 1300 });
  await shot(heads, `${app.panelUrl}/pages/reports`, 'panel-reports.png', '[data-testid=reports-form]');
} finally {
  await browser.close();
  await app.stop();
  await fs.rm(tmp, { recursive: true, force: true });
}
