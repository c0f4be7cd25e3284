import type { Page } from 'playwright-core';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { addDays } from '../../core/time/local-date.js';
import type { App } from '../../app.js';
import { listSandboxPeople, type SandboxPerson } from '../../core/sandbox/sandbox-people.js';

/** Steps through the sandbox web chat as a person would, shared by the browser test and the screenshots. */

export interface MarkScenario {
  teacher: SandboxPerson;
  /** How many days back from today the lesson is (0: today). */
  daysBack: number;
  /** The lesson's button on the day screen starts with this. */
  lesson: string;
  guardian: SandboxPerson;
  child: SandboxPerson;
  /** The child's button in the journal's lists («Фамилия И.»). */
  childButton: string;
}

const ru = new Intl.Collator('ru');

/**
 * A teacher with a lesson on a day it can still fill in (today, or a few days back), and a parent of a
 * child of that lesson's class near the top of the list.
 */
export async function markScenario({ core, orm }: Pick<App, 'core' | 'orm'>): Promise<MarkScenario> {
  return core.unitOfWork(async () => {
    const em = orm.em;
    const people = await listSandboxPeople(em);
    const teachers = people.filter((p) => p.kind === 'staff' && p.roles.includes('teacher'));
    for (let daysBack = 0; daysBack < 7; daysBack++) {
      for (const teacher of teachers) {
        const actor = await staffActorFor(em, teacher.id, 'bot');
        if (!actor) continue;
        const today = await core.teacherDays.day(actor);
        const date = addDays(today.today, -daysBack);
        if (date < today.earliest) continue;
        const day = daysBack === 0 ? today : await core.teacherDays.day(actor, date);
        const lesson = day.lessons.find((l) => !l.subgroup);
        if (!lesson) continue;
        const classmates = people.filter((p) => p.kind === 'student' && p.group === lesson.group).sort((a, b) => ru.compare(a.fullName, b.fullName)).slice(0, 10);
        const guardian = people.find((p) => p.kind === 'guardian' && p.children?.some((c) => classmates.some((s) => s.id === c.id)));
        const child = classmates.find((s) => guardian?.children?.some((c) => c.id === s.id));
        if (!guardian || !child) continue;
        const [last, first] = child.fullName.split(/\s+/);
        return { teacher, daysBack, lesson: `${lesson.lessonNumber} · ${lesson.subject} ${lesson.group}`, guardian, child, childButton: `${last} ${first?.charAt(0)}.` };
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

/** «Сегодня», then back day by day to the lesson, and its card. */
export async function openLesson(page: Page, scenario: Pick<MarkScenario, 'daysBack' | 'lesson'>): Promise<void> {
  await tap(page, 'Сегодня');
  for (let i = 0; i < scenario.daysBack; i++) await tap(page, /^◀/);
  await tap(page, scenario.lesson);
}

/** «Посещаемость»: the first student marked absent (н); `done` presses «Готово». */
export async function takeRollCall(page: Page, done = true): Promise<void> {
  await tap(page, '🙋 Посещаемость');
  await tap(page, /^✅ (?!Все)/);
  if (done) await tap(page, 'Готово ✓');
}

/** «Отметки» → the child → 5. */
export async function giveFive(page: Page, childButton: string): Promise<void> {
  await tap(page, '✍️ Отметки');
  await tap(page, childButton);
  await tap(page, /^5$/);
}
