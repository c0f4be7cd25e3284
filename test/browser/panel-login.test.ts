import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { launchChromium } from './chromium.js';

const EMAIL = 'admin@school.example';
const PASSWORD = 'browser-test-password';

describe('the panel in Chromium', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestCore();
    await t.core.unitOfWork(() => t.core.adminAccounts.ensureConfigured(EMAIL, PASSWORD));
    app = await buildServer(t.core);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  it('refuses a wrong password, then logs in and opens a list, all in Russian and without Google Fonts', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 800 } });
    const external: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(base)) external.push(req.url());
    });
    // Nothing of the login page or the panel is refused under its Content Security Policy.
    const refusedByPolicy: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refusedByPolicy.push(message.text());
    });

    await page.goto(`${base}/admin`);
    await page.fill('input[name=email]', EMAIL);
    await page.fill('input[name=password]', 'not-the-password');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForSelector('text=Неверный e-mail или пароль');

    await page.fill('input[name=email]', EMAIL);
    await page.fill('input[name=password]', PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/admin\/?$/);
    await page.goto(`${base}/admin/resources/AdminAccount`);
    await page.waitForSelector(`text=${EMAIL}`);
    expect(await page.textContent('body')).toContain('Учётные записи панели');
    expect(external).toEqual([]);
    expect(refusedByPolicy).toEqual([]);
  });
});
