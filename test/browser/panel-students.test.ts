import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { systemActor } from '../../core/access/actor.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Staff } from '../../core/people/staff.entity.js';
import { createSchoolFixture, PANEL_PASSWORD } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { launchChromium } from './chromium.js';

describe('a school administrator in the panel (Chromium)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  let page: Page;
  /** What Chromium refused under the panel's Content Security Policy: the panel must work without anything refused. */
  const refusedByPolicy: string[] = [];

  beforeAll(async () => {
    t = await createTestCore();
    school = await createSchoolFixture(t.core);
    app = await buildServer(t.core);
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refusedByPolicy.push(message.text());
    });
    await page.goto(`${base}/admin/login`);
    await page.fill('input[name=email]', school.logins.administrator);
    await page.fill('input[name=password]', PANEL_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/admin\/?$/);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await t?.close();
  });

  it('lands on the school home page with its numbers', async () => {
    const home = page.getByTestId('klassny-dashboard');
    // The numbers arrive from /admin/api/dashboard after the page is drawn.
    await home.getByText('Ученики', { exact: true }).waitFor();
    expect(await home.textContent()).toContain('Классы и группы');
  });

  it('logs in and opens the students list, in Russian', async () => {
    await page.getByText('Люди', { exact: true }).click();
    await page.getByRole('link', { name: 'Ученики', exact: true }).click();
    await page.waitForSelector('text=Алексеев Пётр');
    const body = (await page.textContent('body')) ?? '';
    expect(body).toContain('Борисов Пётр');
    expect(body).toContain('Дата рождения');
    expect(body).toContain('Обучается');
    expect(body).toContain('7А');
    // Filtered by class: only 7Б's student is left.
    await page.goto(`${base}/admin/resources/Student?filters.currentGroup=${school.groupB.id}`);
    await page.waitForSelector('text=Борисов Пётр');
    expect(await page.textContent('body')).not.toContain('Алексеев Пётр');
  });

  it('downloads the list as XLSX with Russian headers', async () => {
    await page.goto(`${base}/admin/resources/Student/actions/dataTransfer`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    const file = path.join(os.tmpdir(), `students-${Date.now()}.xlsx`);
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    expect(header).toContain('Фамилия');
    expect(sheet.rowCount).toBe(3);
    await fs.rm(file);
  });

  it('uploads a staff file with a bad line: nothing is saved and the line is named', async () => {
    const before = await t.orm.em.fork().count(Staff, {});
    const csv = path.join(os.tmpdir(), `staff-${Date.now()}.csv`);
    await fs.writeFile(csv, 'Фамилия;Имя;Отчество;Должность;Роли;E-mail;Телефон\nПетрова;Анна;Сергеевна;Учитель;учитель;petrova@school.example;+7 900 111-22-33\nИ.;Олег;;Учитель;учитель;;\n');
    await page.goto(`${base}/admin/resources/Staff/actions/dataTransfer`);
    await page.setInputFiles('input[type=file]', csv);
    await page.getByRole('button', { name: 'Загрузить' }).click();
    const result = page.getByTestId('import-result');
    await result.getByText('Строка 3').waitFor({ timeout: 10_000 }).catch(async (err: unknown) => {
      await page.screenshot({ path: path.join(os.tmpdir(), 'import-failure.png') });
      throw err;
    });
    expect(await result.textContent()).toContain('без сокращений');
    expect(await t.orm.em.fork().count(Staff, {})).toBe(before);
    await fs.rm(csv);
  });

  it('names a substitute for a timetable lesson on a day of that lesson («Замена»)', async () => {
    // The slot is on the weekday of a date a week ahead, so the date is always in the future.
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const slot = (await t.core.unitOfWork(() => t.core.records.create('TimetableSlot', {
      school: school.school.id, assignment: school.assignment.id, group: school.groupA.id, weekday, lessonNumber: 6, validFrom: '2026-09-01',
    }, systemActor('panel')))) as { id: number };
    await page.goto(`${base}/admin/resources/TimetableSlot/records/${slot.id}/substitute`);
    await page.getByTestId('substitute-form').waitFor();
    await page.fill('[data-testid=substitute-date]', day);
    await page.selectOption('[data-testid=substitute-teacher]', { label: 'Другая Мария Ивановна' });
    await page.getByTestId('substitute-save').click();
    await page.getByTestId('substitute-list').getByText('Другая М. И.').waitFor();
    const lesson = await t.orm.em.fork().findOneOrFail(Lesson, { assignment: school.assignment.id, date: day, lessonNumber: 6 });
    expect(lesson.substituteTeacher?.id).toBe(school.people.classTeacherB.id);
  });

  it('ran every page above under the panel\'s Content Security Policy with nothing refused', () => {
    expect(refusedByPolicy).toEqual([]);
  });
});
