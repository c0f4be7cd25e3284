import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/time/clock.js';
import { createReportFixture } from '../support/report-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { openPanelInChromium, signIn, type PanelInChromium } from './panel-in-chromium.js';

describe('the director archives 7А in «Архив», downloads the journal and checks the set (Chromium; issue 15)', () => {
  let t: TestCore;
  let panel: PanelInChromium;
  let dir: string;
  let page: Page;
  let f: Awaited<ReturnType<typeof createReportFixture>>;
  const refusedByPolicy: string[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-browser-archive-'));
    t = await createTestCore({ ARCHIVE_DIR: path.join(dir, 'archive'), KEYS_DIR: path.join(dir, 'keys') }, fixedClock('2027-06-15T09:00:00Z'));
    f = await createReportFixture(t.core);
    panel = await openPanelInChromium(t.core);
    page = await panel.browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refusedByPolicy.push(message.text());
    });
  }, 120_000);
  afterAll(async () => {
    await panel?.close();
    await t?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('opens «Архив» from the sidebar: no archives yet, the classes to archive', async () => {
    await signIn(page, panel.base, f.logins.director);
    await page.getByRole('link', { name: 'Архив', exact: true }).click();
    await page.waitForURL(/\/admin\/pages\/archive$/);
    await page.getByTestId('archive-empty').waitFor();
    expect(await page.getByTestId('archive-class').textContent()).toContain('7А');
    expect(await page.getByTestId('archive-public-key').getAttribute('href')).toBe('/admin/integrity/public-key');
  });

  it('makes the archive of 7А and lists its two files, checked', async () => {
    await page.getByTestId('archive-class').selectOption({ label: '7А' });
    await page.getByTestId('archive-make').click();
    await page.getByTestId('archive-done').waitFor({ timeout: 60_000 });
    await page.getByTestId('archive-table').waitFor();
    const table = await page.getByTestId('archive-table').textContent();
    expect(table).toContain('Журнал');
    expect(table).toContain('Сводная ведомость');
    expect(table).toContain('01.01.2033');
    expect(table).toContain('01.01.2053');
    expect(table).toContain('Директорова Мария Ивановна');
  });

  it('downloads the journal as a PDF and checks the set', async () => {
    const link = page.locator('[data-testid^="archive-download-"]').first();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('Журнал 7А 2026-2027.pdf');
    const file = path.join(dir, 'downloaded.pdf');
    await download.saveAs(file);
    expect((await fs.readFile(file)).subarray(0, 5).toString()).toBe('%PDF-');
    await page.locator('[data-testid^="archive-verify-"]').first().click();
    await page.getByText('Проверено: подпись и контрольные суммы верны.').waitFor();
  });

  it('ran every page above under the panel\'s Content Security Policy with nothing refused', () => {
    expect(refusedByPolicy).toEqual([]);
  });
});
