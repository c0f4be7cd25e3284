import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/time/clock.js';
import { createReportFixture } from '../support/report-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { openPanelInChromium, signIn, type PanelInChromium } from './panel-in-chromium.js';

describe('the deputy head makes E2 for a class as XLSX in «Отчёты» (Chromium; issue 14, point 6)', () => {
  let t: TestCore;
  let panel: PanelInChromium;
  let f: Awaited<ReturnType<typeof createReportFixture>>;
  let page: Page;
  const refusedByPolicy: string[] = [];

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-11-23T09:00:00Z'));
    f = await createReportFixture(t.core);
    panel = await openPanelInChromium(t.core);
    page = await panel.browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refusedByPolicy.push(message.text());
    });
  });
  afterAll(async () => {
    await panel?.close();
    await t?.close();
  });

  it('signs in as the deputy head and opens «Отчёты» from the sidebar', async () => {
    await signIn(page, panel.base, f.logins.deputy);
    await page.getByRole('link', { name: 'Отчёты', exact: true }).click();
    await page.waitForURL(/\/admin\/pages\/reports$/);
    await page.getByTestId('reports-form').waitFor();
    // The kinds the deputy may make, each with what it is for.
    expect(await page.getByTestId('reports-kinds').textContent()).toContain('E9. Охват родителей');
    expect(await page.getByTestId('reports-kinds').textContent()).toContain('СОУ и средний балл');
  });

  it('makes E2 for 7А over the quarter as XLSX, and the file holds numbers', async () => {
    await page.getByTestId('reports-kind-E2').check();
    await page.getByTestId('reports-period').selectOption({ label: '1 четверть, 2026/2027' });
    await page.getByTestId('reports-class').selectOption({ label: '7А' });
    await page.getByTestId('reports-format-xlsx').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reports-make').click()]);
    expect(download.suggestedFilename()).toBe('E2 Успеваемость и качество знаний 01.09.2026–27.10.2026.xlsx');
    const file = path.join(os.tmpdir(), `report-${process.pid}-${Date.now()}.xlsx`);
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    await fs.rm(file);
    expect(book.getWorksheet('По предметам')!.getRow(2).getCell(1).text).toContain('Класс: 7А');
    const math = book.getWorksheet('По предметам')!.getRow(4);
    // Математика in 7А (report-fixture.ts): N = 4, pass rate 75 %, average 3.75 — numbers, not text.
    expect([math.getCell(1).value, math.getCell(2).value, math.getCell(11).value, math.getCell(14).value]).toEqual(['Математика', 4, 0.75, 3.75]);
    await page.getByTestId('reports-done').waitFor();
  });

  it('lists the reasons when a report is refused, and stays on the page', async () => {
    await page.getByTestId('reports-when-dates').check();
    await page.getByTestId('reports-from').fill('2026-10-01');
    await page.getByTestId('reports-to').fill('2026-09-01');
    await page.getByTestId('reports-make').click();
    await page.getByTestId('reports-errors').waitFor();
    expect(await page.getByTestId('reports-errors').textContent()).toBe('Дата окончания раньше даты начала.');
    expect(page.url()).toMatch(/\/admin\/pages\/reports$/);
  });

  it('ran every page above under the panel\'s Content Security Policy with nothing refused', () => {
    expect(refusedByPolicy).toEqual([]);
  });
});
