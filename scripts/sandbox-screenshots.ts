// Regenerates the README's screenshots of the sandbox chat on the demo school:
// npx tsx scripts/sandbox-screenshots.ts (needs Debian's chromium; fonts-noto-color-emoji for the emoji).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../app.js';
import { loadConfig } from '../core/config.js';
import { Mark } from '../core/journal/mark.entity.js';
import { Guardian, StudentGuardian } from '../core/people/guardian.entity.js';
import { fullName } from '../core/school/rules/names.js';
import { createLogger } from '../core/logger.js';
import { launchChromium } from '../test/browser/chromium.js';
import { giveFive, openLesson, signInAs, takeRollCall, tap, teacherWithLessons } from '../test/browser/sandbox-flow.js';

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-sandbox-shots-'));
await fs.chmod(tmp, 0o755);
const app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', EMBEDDED_PG_DIR: path.join(tmp, 'pg') }), createLogger('warn'));
const base = app.sandbox!.url.replace(/\/sandbox$/, '').replace('localhost', '127.0.0.1');
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 400, height: 800 }, deviceScaleFactor: 2, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });
  const teacherTab = await context.newPage();
  const { teacher, daysBack } = await teacherWithLessons(app.core);
  await signInAs(teacherTab, base, teacher.fullName, 'Сегодня');
  await openLesson(teacherTab, daysBack);
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
  await giveFive(teacherTab);

  const em = app.core.orm.em.fork();
  const [mark] = await em.find(Mark, {});
  const link = await em.findOneOrFail(StudentGuardian, { student: mark!.student.id }, { orderBy: { guardian: 'asc' } });
  const guardian = await em.findOneOrFail(Guardian, link.guardian.id);
  const guardianTab = await context.newPage();
  await signInAs(guardianTab, base, fullName(guardian), /Отметки/);
  await tap(guardianTab, /Отметки/);
  // Whatever notification the bot sends the guardian about the mark arrives by itself within a few seconds.
  await guardianTab.waitForTimeout(5000);
  await guardianTab.mouse.move(0, 0);
  await guardianTab.screenshot({ path: 'docs/screenshots/sandbox-guardian.png' });
  console.log(`teacher ${teacher.fullName}; guardian ${fullName(guardian)}: ${app.sandbox!.emulator.transcript(7_300_000_000 + guardian.id).map((m) => m.text ?? m.caption ?? '[file]').join(' | ')}`);
} finally {
  await browser.close();
  await app.stop();
  await fs.rm(tmp, { recursive: true, force: true });
}
