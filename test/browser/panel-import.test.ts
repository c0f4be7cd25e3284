import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoSchool } from '../../core/demo/seed-demo-school.js';
import { Staff } from '../../core/people/staff.entity.js';
import { Subject } from '../../core/school/subject.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { SAMPLES } from '../support/import-school.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { openPanelInChromium, signIn, type PanelInChromium } from './panel-in-chromium.js';

/**
 * The newcomer's import (issue 20): the demo administrator — the deployment's, not a school's — loads a
 * sample file into the demo school from the panel, and a file with two errors shows both, each with its
 * line and its column.
 */
describe('the demo administrator imports in the panel (Chromium)', () => {
  let t: TestCore;
  let panel: PanelInChromium;
  let page: Page;
  let schoolId: number;
  const refusedByPolicy: string[] = [];

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-10-15T09:00:00Z'));
    ({ schoolId } = await seedDemoSchool(t.orm.em.fork(), t.core.clock));
    const demo = await t.core.unitOfWork(() => t.core.adminAccounts.ensureDemo());
    panel = await openPanelInChromium(t.core);
    page = await panel.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refusedByPolicy.push(message.text());
    });
    await signIn(page, panel.base, demo!.email, demo!.password);
  });
  afterAll(async () => {
    await panel?.close();
    await t?.close();
  });

  /** Opens a list's «Выгрузка и загрузка», uploads `file` into the school shown, and returns the result's lines. */
  async function upload(resource: string, file: string): Promise<string[]> {
    await page.goto(`${panel.base}/admin/resources/${resource}/actions/dataTransfer`);
    const school = page.getByTestId('import-school');
    // The only school of the deployment is chosen already.
    await expect.poll(() => school.inputValue()).toBe(String(schoolId));
    expect(await school.locator('option').allTextContents()).toEqual(['МБОУ «Средняя общеобразовательная школа № 17»']);
    await page.setInputFiles('input[type=file]', file);
    await page.getByRole('button', { name: 'Загрузить' }).click();
    const result = page.getByTestId('import-result');
    await expect.poll(async () => (await result.textContent()) ?? '', { timeout: 20_000 }).not.toMatch(/^$|Загрузка…/);
    return result.locator('li, p').allTextContents();
  }

  it('loads the staff sample into the demo school and says how many records', async () => {
    const before = await t.orm.em.fork().count(Staff, { school: schoolId });
    expect(await upload('Staff', path.join(SAMPLES, 'staff.xlsx'))).toEqual(['Загружено записей: 7']);
    expect(await t.orm.em.fork().count(Staff, { school: schoolId })).toBe(before + 7);
  });

  it('shows both errors of a file with two, each with its line and its column, and saves nothing', async () => {
    const before = await t.orm.em.fork().count(Subject, { school: schoolId });
    const file = path.join(os.tmpdir(), `subjects-${process.pid}.csv`);
    await fs.writeFile(file, '\uFEFFНазвание;Без аттестации\r\nАстрономия;нет\r\nХим.;нет\r\nЧерчение;может быть\r\n');
    try {
      expect(await upload('Subject', file)).toEqual([
        'Строка 3: Название: «Хим.»: название предмета пишется полностью, без сокращений (например, «Русский язык», а не «Рус. яз.»).',
        'Строка 4: Без аттестации: «может быть»: укажите «да» или «нет».',
      ]);
    } finally {
      await fs.rm(file, { force: true });
    }
    expect(await t.orm.em.fork().count(Subject, { school: schoolId })).toBe(before);
  });

  it('ran under the panel\'s Content Security Policy with nothing refused', () => {
    expect(refusedByPolicy).toEqual([]);
  });
});
