import type { Locator, Page } from 'playwright-core';
import { staffActorFor } from '../../core/access/staff-actor.js';
import { addDays } from '../../core/journal/calendar.js';
import type { Core } from '../../core/core.js';
import { listSandboxPeople, type SandboxPerson } from '../../core/sandbox/sandbox-people.js';

/** Steps through the sandbox web chat as a person would, shared by the browser test and the screenshots. */

/** A teacher with lessons on a day it can still fill in, and how many days back from today that is. */
export async function teacherWithLessons(core: Core): Promise<{ teacher: SandboxPerson; daysBack: number }> {
  return core.unitOfWork(async () => {
    const em = core.orm.em;
    const teachers = (await listSandboxPeople(em)).filter((p) => p.kind === 'staff' && p.roles.includes('teacher'));
    for (let daysBack = 0; daysBack < 7; daysBack++) {
      for (const teacher of teachers) {
        const actor = await staffActorFor(em, teacher.id, 'bot');
        if (!actor) continue;
        const today = await core.teacherDays.day(actor);
        const date = addDays(today.today, -daysBack);
        if (date < today.earliest) continue;
        const day = daysBack === 0 ? today : await core.teacherDays.day(actor, date);
        if (day.lessons.length) return { teacher, daysBack };
      }
    }
    throw new Error('no teacher of the demo school has lessons this week');
  });
}

const messages = (page: Page) => page.locator('#messages');

async function updates(page: Page): Promise<number> {
  return Number((await messages(page).getAttribute('data-updates')) ?? 0);
}

/** Waits until the chat has drawn more messages (or redrawn one) than `before`. */
export async function settled(page: Page, before: number): Promise<void> {
  // A function, not a string: the page's CSP forbids eval.
  type Doc = { getElementById(id: string): { dataset: Record<string, string | undefined> } | null };
  const drawn = (n: number) => Number((globalThis as unknown as { document: Doc }).document.getElementById('messages')?.dataset.updates ?? 0) > n;
  await page.waitForFunction(drawn, before, { timeout: 20_000 });
  // The bot may send or edit once more for the same tap (an answer, then the screen).
  await page.waitForTimeout(250);
}

/** Taps the last inline button with this label, and waits for the bot's answer. */
export async function tap(page: Page, label: string | RegExp): Promise<void> {
  const button = page.locator('.inline-button', { hasText: label }).last();
  await button.waitFor({ timeout: 20_000 });
  const before = await updates(page);
  await button.click();
  await settled(page, before);
}

/** Opens /sandbox, finds the person by name in «Кто вы?» and waits for the bot's menu. */
export async function signInAs(page: Page, base: string, name: string, menuButton: string | RegExp): Promise<void> {
  await page.goto(`${base}/sandbox`);
  await page.getByPlaceholder(/Поиск/).fill(name);
  await page.locator('.person', { hasText: name }).first().click();
  await page.locator('.inline-button', { hasText: menuButton }).last().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
}

/** «Сегодня», then back day by day to the lessons, and the first lesson's card. */
export async function openLesson(page: Page, daysBack: number): Promise<void> {
  await tap(page, 'Сегодня');
  for (let i = 0; i < daysBack; i++) await tap(page, /^◀/);
  await tap(page, /^\d+ · /);
}

export function lessonButtons(page: Page): Locator {
  return page.locator('.msg.bot').last().locator('.inline-button');
}

/** «Посещаемость»: the first student marked absent (н); `done` presses «Готово». */
export async function takeRollCall(page: Page, done = true): Promise<void> {
  await tap(page, '🙋 Посещаемость');
  await tap(page, /^✅ (?!Все)/);
  if (done) await tap(page, 'Готово ✓');
}

/** «Отметки» → «По порядку» → 5 for the first student. */
export async function giveFive(page: Page): Promise<void> {
  await tap(page, '✍️ Отметки');
  await tap(page, '▶ По порядку');
  await tap(page, /^5$/);
}
