import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { systemActor } from '../../core/access/actor.js';
import { PANEL_SIGN_IN_PATH } from '../../core/panel/sign-in-links.js';
import { createSchoolFixture, PANEL_PASSWORD } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { launchChromium } from './chromium.js';

/**
 * «Доступ к панели» as the administrator uses it in Chromium (the component, its form, the printable page,
 * the buttons), and a one-time link confirmed in a real browser (its SameSite=Strict cookie included).
 */
describe('staff panel access and the bot\'s sign-in link in Chromium', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  let admin: Page;
  let staffId: number;
  const refusedByPolicy: string[] = [];

  beforeAll(async () => {
    t = await createTestCore();
    school = await createSchoolFixture(t.core);
    staffId = ((await t.core.unitOfWork(() =>
      t.core.records.create('Staff', { school: school.school.id, lastName: 'Браузерова', firstName: 'Нина', middleName: 'Павловна', roles: ['deputy'] }, systemActor('cli')))) as { id: number }).id;
    app = await buildServer(t.core);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    admin = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    admin.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refusedByPolicy.push(message.text());
    });
    admin.on('dialog', (dialog) => void dialog.accept());
    await admin.goto(`${base}/admin/login`);
    await admin.fill('input[name=email]', school.logins.administrator);
    await admin.fill('input[name=password]', PANEL_PASSWORD);
    await admin.getByRole('button', { name: 'Войти' }).click();
    await admin.waitForURL(/\/admin\/?$/);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  it('gives an account from the staff record, shows the temporary password once on a printable page, then disables it', async () => {
    await admin.goto(`${base}/admin/resources/Staff/records/${staffId}/panelAccess`);
    await admin.getByText('Учётной записи панели нет').waitFor();
    await admin.fill('[data-testid=panel-access-grant] input[name=email]', 'brauzerova@school.example');
    await admin.getByRole('button', { name: 'Выдать доступ' }).click();
    await admin.waitForURL(/\/data\/panel-access\/\d+\/grant$/);
    expect(await admin.locator('h1').textContent()).toBe('Доступ к панели управления');
    const password = (await admin.locator('dd.secret').textContent())!;
    expect(password).toMatch(/^[A-Za-z2-9]{14}$/);
    // Printed, the page keeps the slip and drops its buttons.
    await admin.emulateMedia({ media: 'print' });
    expect(await admin.locator('.actions').isVisible()).toBe(false);
    expect(await admin.locator('dd.secret').isVisible()).toBe(true);
    await admin.emulateMedia({ media: 'screen' });

    // The new account's first sign-in goes to the password change.
    const person = await browser.newPage();
    await person.goto(`${base}/admin/login`);
    await person.fill('input[name=email]', 'brauzerova@school.example');
    await person.fill('input[name=password]', password);
    await person.getByRole('button', { name: 'Войти' }).click();
    await person.waitForURL(/\/admin\/change-password$/);

    await admin.getByRole('link', { name: 'Вернуться к сотруднику' }).click();
    await admin.getByTestId('panel-access-status').waitFor();
    expect(await admin.getByTestId('panel-access-status').textContent()).toContain('временный пароль ещё не сменён');
    await admin.getByRole('button', { name: 'Отключить' }).click();
    await admin.getByText('Учётная запись отключена.').waitFor();
    await person.goto(`${base}/admin`);
    await person.waitForURL(/\/admin\/login$/);
    await admin.getByRole('button', { name: 'Включить' }).click();
    await admin.getByText('Учётная запись действует; временный пароль ещё не сменён.').waitFor();
    expect(refusedByPolicy).toEqual([]);
  });

  it('confirms a one-time link in the browser that opened it, and then the link is spent', async () => {
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue('staff', school.people.director.id, systemActor('cli'), 'klassny_test_bot'));
    await t.core.unitOfWork(() => t.core.invites.redeem(code, 950));
    const binding = (await t.core.unitOfWork(() => t.core.invites.bindingsOf(950)))[0]!;
    const issued = await t.core.unitOfWork(() => t.core.signInLinks.issue(950, binding.id));
    if (issued.outcome !== 'issued') throw new Error(issued.outcome);
    const url = `${base}${PANEL_SIGN_IN_PATH}/${issued.token}`;

    const page = await browser.newPage();
    await page.goto(url);
    expect(await page.locator('main').textContent()).toContain('Войти в панель как Директорова Мария Ивановна?');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/admin\/?$/);
    await page.goto(url);
    expect(await page.locator('[data-testid=refusal]').textContent()).toContain('Эта ссылка уже использована');
  });
});
