import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { openPanelInChromium, submitLogin, type PanelInChromium } from './panel-in-chromium.js';

const EMAIL = 'admin@school.example';
const PASSWORD = 'browser-test-password';

describe('the panel in Chromium', () => {
  let t: TestCore;
  let panel: PanelInChromium;

  beforeAll(async () => {
    t = await createTestCore();
    await t.core.unitOfWork(() => t.core.adminAccounts.ensureConfigured(EMAIL, PASSWORD));
    panel = await openPanelInChromium(t.core);
  });
  afterAll(async () => {
    await panel?.close();
    await t?.close();
  });

  it('refuses a wrong password, then logs in and opens a list, all in Russian and without Google Fonts', async () => {
    const { base } = panel;
    const page = await panel.browser.newPage({ viewport: { width: 1440, height: 800 } });
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
    await submitLogin(page, EMAIL, 'not-the-password');
    await page.waitForSelector('text=Неверный e-mail или пароль');

    await submitLogin(page, EMAIL, PASSWORD);
    await page.waitForURL(/\/admin\/?$/);
    await page.goto(`${base}/admin/resources/AdminAccount`);
    await page.waitForSelector(`text=${EMAIL}`);
    expect(await page.textContent('body')).toContain('Учётные записи панели');
    expect(external).toEqual([]);
    expect(refusedByPolicy).toEqual([]);
  });
});
