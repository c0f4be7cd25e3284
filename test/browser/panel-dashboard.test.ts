import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import { fixedClock } from '../../core/time/clock.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { openPanelInChromium, signIn, type PanelInChromium } from './panel-in-chromium.js';

const FRIDAY = '2026-11-20';

describe('the day summary on the panel\'s home page (Chromium)', () => {
  let t: TestCore;
  let panel: PanelInChromium;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const refusedByPolicy: string[] = [];
  /** Every text the panel showed after the login page, sampled on each DOM change. */
  const seen: string[] = [];

  const signedInPage = async (email: string): Promise<Page> => {
    const page = await panel.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refusedByPolicy.push(message.text());
    });
    await page.exposeFunction('klassnySeen', (text: string) => { seen.push(text); });
    // From the first script on, whatever the page shows is reported, so that a welcome page drawn for a moment is caught.
    await page.addInitScript({
      content: `new MutationObserver(() => {
        if (!location.pathname.endsWith('/login')) window.klassnySeen(document.body ? document.body.innerText : '');
      }).observe(document, { childList: true, subtree: true, characterData: true });`,
    });
    await signIn(page, panel.base, email);
    return page;
  };

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(DateTime.fromISO(`${FRIDAY}T12:00`, { zone: 'Europe/Moscow' }).toJSDate()));
    s = await createSchoolFixture(t.core);
    await t.core.unitOfWork(async () => {
      const sys = systemActor('panel');
      for (const lessonNumber of [1, 2]) {
        await t.core.records.create('TimetableSlot', { school: s.school.id, assignment: s.assignment.id, group: s.groupA.id, weekday: 5, lessonNumber, validFrom: '2026-09-01' }, sys);
      }
    });
    panel = await openPanelInChromium(t.core);
  });
  afterAll(async () => {
    await panel?.close();
    await t?.close();
  });

  it('shows the director the day, never the AdminJS welcome page, and opens a figure\'s list', async () => {
    const page = await signedInPage(s.logins.director);
    const day = page.getByTestId('day-summary');
    await day.getByText('Сводка дня — Школа № 1').waitFor();
    expect(await day.textContent()).toContain('пятница, 20.11.2026');
    expect(await page.getByTestId('figure-lessons').textContent()).toContain('2Уроков по расписанию');
    expect(await page.getByTestId('teacher-row').first().textContent()).toContain('Учителева М. И.');
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen) {
      for (const welcome of ['Добро пожаловать', 'Добавление ресурсов', 'Настройка ресурсов', 'Welcome On Board', 'Adding Resources', 'Found Bug']) expect(text).not.toContain(welcome);
    }
    await page.getByTestId('figure-lessons').click();
    await page.waitForURL(/\/admin\/resources\/TimetableSlot\?filters\.weekday=5/);
    await page.waitForSelector('table');
    expect(refusedByPolicy).toEqual([]);
    await page.close();
  });

  it('shows a class teacher its class, its figures plain text where the list is not its own', async () => {
    const page = await signedInPage(s.logins.classTeacherA);
    await page.getByTestId('day-summary').getByText('Сводка дня — 7А').waitFor();
    // A class teacher has no timetable list in the panel: the figure is shown, not linked.
    expect(await page.getByTestId('figure-lessons').getAttribute('href')).toBeNull();
    expect(await page.getByTestId('figure-digests').getAttribute('href')).toBe('/admin/resources/WeeklyDigest?filters.acknowledged=false');
    expect(refusedByPolicy).toEqual([]);
    await page.close();
  });
});
