import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { fixedClock } from '../../core/time/clock.js';
import { createJournalFixture, type JournalFixture } from '../support/journal-fixture.js';
import { PANEL_PASSWORD } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { launchChromium } from './chromium.js';

describe('the deputy head reads a class journal and prints it (Chromium; issue 13, point 3)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let s: JournalFixture;
  let page: Page;
  const refusedByPolicy: string[] = [];

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-10-20T09:00:00Z'));
    s = await createJournalFixture(t.core);
    app = await buildServer(t.core);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refusedByPolicy.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  it('signs in as the deputy head and finds «Журнал» in the navigation', async () => {
    await page.goto(`${base}/admin/login`);
    await page.fill('input[name=email]', s.logins.deputy);
    await page.fill('input[name=password]', PANEL_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/admin\/?$/);
    await page.getByRole('link', { name: 'Журнал', exact: true }).click();
    await page.waitForURL(/\/admin\/pages\/journal$/);
    await page.getByTestId('journal-group').first().waitFor();
  });

  it('chooses the class, the subject and the period and reads the journal', async () => {
    await page.getByTestId('journal-group').getByText('7А').click();
    await page.getByTestId('journal-subject').getByText('Математика — Учителева М. И.').click();
    await page.getByTestId('journal-page').waitFor();
    expect(page.url()).toContain(`assignment=${s.assignment.id}`);
    await page.getByTestId('journal-period').getByText('1 четверть').click();
    const journal = page.getByTestId('journal-page');
    await journal.getByText('Журнал: 7А — Математика').waitFor();
    const names = await journal.locator('table.marks td.name').allTextContents();
    expect(names.map((n) => n.replace(/(прибыл|выбыл).*/, ''))).toEqual(['Алексеев Пётр', 'Егоров Иван', 'Ёлкин Артём', 'Ефимов Глеб', 'Жуков Олег']);
    const alekseev = journal.locator(`tr[data-student="${s.students.alekseev}"]`);
    expect(await alekseev.locator('td.avg').textContent()).toBe('4,00');
    expect(await alekseev.locator('td.pm').textContent()).toBe('4');
    expect(await alekseev.locator('sup').first().textContent()).toBe('2');
    expect(await journal.textContent()).toContain('Натуральные числа');
  });

  it('prints it: «Печать (PDF)» downloads a PDF of the journal', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('journal-print').click()]);
    const file = path.join(os.tmpdir(), `journal-${process.pid}-${Date.now()}.pdf`);
    await download.saveAs(file);
    const pdf = await fs.readFile(file);
    await fs.rm(file);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toBe('Журнал 7А Математика 1 четверть.pdf');
  });

  it('goes back through the browser\'s history to the choice of subject', async () => {
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('period='));
    await page.getByTestId('journal-page').waitFor();
  });

  it('ran every page above under the panel\'s Content Security Policy with nothing refused', () => {
    expect(refusedByPolicy).toEqual([]);
  });
});
