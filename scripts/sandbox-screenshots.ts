// Regenerates the README's screenshots of the sandbox chat on the demo school:
// npx tsx scripts/sandbox-screenshots.ts (needs Debian's chromium; fonts-noto-color-emoji for the emoji).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../app.js';
import { loadConfig } from '../core/base/config.js';
import { createLogger } from '../core/base/logger.js';
import { School } from '../core/school/school.entity.js';
import { launchChromium } from '../test/browser/chromium.js';
import { giveFive, markScenario, openLesson, signInAs, takeRollCall, tap } from '../test/browser/sandbox-flow.js';

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-sandbox-shots-'));
await fs.chmod(tmp, 0o755);
// Notifications at once (no coalescing window, and below no quiet hours), whatever the hour of the shot.
const app = await startApp(
  loadConfig({ PORT: '0', HOST: '127.0.0.1', EMBEDDED_PG_DIR: path.join(tmp, 'pg'), NOTIFY_COALESCE_SECONDS: '0' }),
  createLogger('warn'),
);
await app.orm.em.fork().nativeUpdate(School, {}, { quietHoursStart: '00:00', quietHoursEnd: '00:00' });
const base = app.sandbox!.url.replace(/\/sandbox$/, '').replace('localhost', '127.0.0.1');
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 400, height: 800 }, deviceScaleFactor: 2, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const scenario = await markScenario(app);
  const guardianTab = await context.newPage();
  await signInAs(guardianTab, base, scenario.guardian.fullName, /Отметки/);

  const teacherTab = await context.newPage();
  await signInAs(teacherTab, base, scenario.teacher.fullName, 'Сегодня');
  await openLesson(teacherTab, scenario);
  await takeRollCall(teacherTab, false);
  // Tall enough for the lesson's heading above the class list.
  await teacherTab.setViewportSize({ width: 400, height: 960 });
  await teacherTab.locator('#messages').evaluate((box: unknown) => {
    const list = box as { scrollTop: number; scrollHeight: number };
    list.scrollTop = list.scrollHeight;
  });
  await teacherTab.mouse.move(0, 0);
  await teacherTab.screenshot({ path: 'docs/screenshots/sandbox-teacher-roll-call.png' });
  await tap(teacherTab, 'Готово ✓');
  await giveFive(teacherTab, scenario.childButton);

  // The parent's tab: the notification of the mark arrives by itself.
  await guardianTab.locator('.msg.bot', { hasText: '🔔' }).waitFor({ timeout: 30_000 });
  await guardianTab.waitForTimeout(500);
  await guardianTab.mouse.move(0, 0);
  await guardianTab.screenshot({ path: 'docs/screenshots/sandbox-guardian.png' });
  console.log(`teacher ${scenario.teacher.fullName}; guardian ${scenario.guardian.fullName} of ${scenario.child.fullName}`);
} finally {
  await browser.close();
  await app.stop();
  await fs.rm(tmp, { recursive: true, force: true });
}
