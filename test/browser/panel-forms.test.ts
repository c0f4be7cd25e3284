import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { openPanelInChromium, signIn, type PanelInChromium } from './panel-in-chromium.js';

type Fixture = Awaited<ReturnType<typeof createSchoolFixture>>;
type Doc = { querySelector(s: string): { parentElement: { innerText: string } | null; innerText: string } | null };

/** What the form shows beside each field: the text of its group without its label. */
function besideFields(page: Page, paths: string[]): Promise<Record<string, string>> {
  return page.evaluate((names) => {
    const doc = (globalThis as unknown as { document: Doc }).document;
    return Object.fromEntries(names.map((name) => {
      const label = doc.querySelector(`label[for="${name}"]`);
      const group = label?.parentElement;
      return [name, group && label ? group.innerText.replace(label.innerText, '').trim() : '(no field)'];
    }));
  }, paths);
}

/** Whether a field's label is marked required (AdminJS draws the «*» in its ::before). */
function markedRequired(page: Page, paths: string[]): Promise<Record<string, boolean>> {
  return page.evaluate((names) => {
    const g = globalThis as unknown as { document: Doc; getComputedStyle(e: unknown, pseudo: string): { content: string } };
    return Object.fromEntries(names.map((name) => [name, g.getComputedStyle(g.document.querySelector(`label[for="${name}"]`), '::before').content === '"*"']));
  }, paths);
}

/** Picks `option` in the select of the form's field `path` (react-select: open it, then choose). */
async function pick(page: Page, path: string, option: string): Promise<void> {
  const group = page.locator(`label[for="${path}"]`).locator('xpath=..');
  await group.locator('input').first().click();
  await group.locator('input').first().fill(option);
  await page.getByText(option, { exact: true }).last().click();
}

const notices = (page: Page) => page.locator('[data-testid="notice-wrapper"]');

describe('the panel\'s forms (Chromium)', () => {
  let t: TestCore;
  let panel: PanelInChromium;
  let school: Fixture;

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-10-15T09:00:00Z'));
    school = await createSchoolFixture(t.core);
    panel = await openPanelInChromium(t.core);
  });
  afterAll(async () => {
    await panel?.close();
    await t?.close();
  });

  it('keeps the English chosen in the top bar through a full reload and a new page, and the server answers in it too', async () => {
    const context = await panel.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signIn(page, panel.base, school.logins.administrator);
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByText('Английский', { exact: true }).click();
    await page.getByText('People', { exact: true }).waitFor();
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByText('People', { exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const another = await context.newPage();
    await another.goto(`${panel.base}/admin/resources/Student/actions/new`, { waitUntil: 'networkidle' });
    expect(await another.locator('body').innerText()).toContain('Surname');
    // The server words its refusals in the chosen language: a failed save in English.
    await another.getByRole('button', { name: 'Save' }).click();
    await notices(another).waitFor();
    expect(await besideFields(another, ['lastName'])).toEqual({ lastName: 'This field is required.' });
    await context.close();
  });

  it('shows a failed save\'s problems beside each field at once, one message each, and marks the required fields', async () => {
    const page = await panel.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page, panel.base, school.logins.administrator);
    await page.goto(`${panel.base}/admin/resources/Student/actions/new`, { waitUntil: 'networkidle' });
    expect(await markedRequired(page, ['lastName', 'firstName', 'birthDate', 'sex', 'middleName', 'currentGroup']))
      .toEqual({ lastName: true, firstName: true, birthDate: true, sex: true, middleName: false, currentGroup: false });
    await page.fill('#lastName', 'И.');
    await page.fill('#firstName', 'И.');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await notices(page).waitFor();
    // One round: the abbreviated names beside the names, with the required fields.
    expect(await besideFields(page, ['lastName', 'firstName', 'middleName', 'birthDate', 'sex'])).toEqual({
      lastName: '«И.»: пишите полностью, без сокращений и инициалов.',
      firstName: '«И.»: пишите полностью, без сокращений и инициалов.',
      middleName: '',
      birthDate: 'Обязательное поле.',
      sex: 'Выберите…\nОбязательное поле.',
    });
    // On top: the form has errors, not the messages again.
    expect(await notices(page).innerText()).toBe('Форма заполнена с ошибками — проверьте поля ниже');

    // Corrected, with a class picked: saved, the student is in that class, and the old error is gone.
    await page.fill('#lastName', 'Иванова');
    await page.fill('#firstName', 'Мария');
    await page.locator('label[for="birthDate"]').locator('xpath=..').locator('input').fill('2014/02/03');
    await page.keyboard.press('Escape');
    await pick(page, 'sex', 'Женский');
    await pick(page, 'currentGroup', '7А');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/\/admin\/resources\/Student$/);
    await notices(page).getByText('Запись создана').waitFor();
    expect(await notices(page).innerText()).toBe('Запись создана');
    const student = await t.orm.em.fork().findOneOrFail(Student, { lastName: 'Иванова' });
    expect(student).toMatchObject({ firstName: 'Мария', birthDate: '2014-02-03', sex: 'f' });
    const stretch = await t.orm.em.fork().findOneOrFail(Enrollment, { student: student.id, endDate: null });
    expect(stretch).toMatchObject({ group: { id: school.groupA.id }, startDate: '2026-10-15', startReason: 'admission' });
    await page.close();
  });
});
