import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildServer } from '../../admin/server.js';
import type { Core } from '../../core/core.js';
import { PANEL_PASSWORD } from '../support/school-fixture.js';
import { launchChromium } from './chromium.js';

/** The panel of `core` listening on a loopback port, and a Chromium to open it in; `close()` stops both. */
export interface PanelInChromium {
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function openPanelInChromium(core: Core): Promise<PanelInChromium> {
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await app?.close();
  };
  try {
    app = await buildServer(core);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    return { base, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Fills the login form the page shows and presses «Войти». */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.getByRole('button', { name: 'Войти' }).click();
}

/** Opens the login page, signs in (the fixtures' panel password by default) and waits for the home page. */
export async function signIn(page: Page, base: string, email: string, password = PANEL_PASSWORD): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await submitLogin(page, email, password);
  await page.waitForURL(/\/admin\/?$/);
}
