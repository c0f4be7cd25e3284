import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import { systemActor } from '../../core/access/actor.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import spec from '../../telegram-emulator/bot-api-methods.json' with { type: 'json' };
import { createTestBot } from '../support/test-bot.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { testTelegram } from '../support/test-telegram.js';

const NOW = new Date('2026-10-20T09:00:00Z');
const TEACHER = { id: 7301, first_name: 'Мария', last_name: 'Учителева', language_code: 'ru' };
const ORIGIN = 'https://klassny.example';

describe('bot: «Журнал» → class and subject → «Открыть сетку», a web_app button that opens the grid as the same person (issue 19, point 1)', () => {
  let t: TestCore;
  let server: FastifyInstance;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const telegram = testTelegram;

  /** The user writes or taps; the update goes to `bot` as Telegram would deliver it; the chat's last bot message. */
  const as = (bot: ReturnType<typeof createTestBot>) => ({
    write: async (text: string) => bot.handleUpdate(telegram.sendText(TEACHER, text, { queue: false })),
    tap: async (messageId: number, data: string) => bot.handleUpdate(telegram.pressButton(TEACHER, messageId, data, { queue: false })),
  });
  const lastBotMessage = () => telegram.transcript(TEACHER.id).filter((m) => m.from === 'bot').at(-1)!;
  const tapThrough = async (bot: ReturnType<typeof createTestBot>) => {
    const user = as(bot);
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue('staff', s.people.teacher.id, systemActor('cli'), 'klassny_test_bot'));
    await user.write(`/start ${code}`);
    // The database stamps the binding with its own clock; this school's clock is fixed in October, when the teacher had long been bound.
    await t.orm.em.fork().nativeUpdate(TelegramBinding, { telegramAccount: TEACHER.id }, { createdAt: new Date('2026-09-01T00:00:00Z') });
    await user.write('/menu');
    const menu = lastBotMessage();
    const journal = menu.buttons.flat().find((b) => b.text.includes('Журнал'));
    await user.tap(menu.messageId, (journal as { callback_data: string }).callback_data);
    const assignments = lastBotMessage();
    await user.tap(assignments.messageId, encodeJournal('pp', { assignmentId: s.assignment.id }));
    return lastBotMessage();
  };

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    s = await createSchoolFixture(t.core);
    await t.core.unitOfWork(() => t.core.records.create('Period', {
      school: s.school.id, year: s.year.id, type: 'quarter', number: 1, name: '1 четверть', startDate: '2026-09-01', endDate: '2026-10-25',
    }, systemActor('panel')));
    server = await buildServer(t.core);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('offers the grid of the chosen subject as a web_app button to PUBLIC_URL/app/journal, which Telegram accepts', async () => {
    telegram.reset();
    const periods = await tapThrough(createTestBot(t.core, { miniAppOrigin: () => ORIGIN }));
    const button = periods.buttons.flat().find((b) => 'web_app' in b);
    expect(button).toEqual({ text: '📋 Открыть сетку', web_app: { url: `${ORIGIN}/app/journal?assignment=${s.assignment.id}` } });
    // Against the Bot API's own description (generated from telegram-bot-api.json): the button's fields, WebAppInfo's.
    expect(Object.keys(button!).every((k) => k === 'text' || spec.types.InlineKeyboardButton.optional.includes(k))).toBe(true);
    expect(Object.keys((button as { web_app: object }).web_app)).toEqual(spec.types.WebAppInfo.required);
    expect(telegram.violations).toEqual([]);
  });

  it('opens it as the same person: the initData Telegram signs for the tap signs in the teacher, to that grid', async () => {
    const periods = lastBotMessage();
    const url = (periods.buttons.flat().find((b) => 'web_app' in b) as { web_app: { url: string } }).web_app.url;
    const launch = new URL(telegram.openWebApp(TEACHER, periods.messageId, url, { authDate: NOW }));
    expect(launch.origin + launch.pathname + launch.search).toBe(url);
    const initData = new URLSearchParams(launch.hash.slice(1)).get('tgWebAppData')!;
    const api = (path: string) => server.inject({ method: 'GET', url: `/app/api${path}`, headers: { authorization: `tma ${initData}` } });
    expect((await api('/session')).json().user.name).toContain('Учителева');
    const grid = await api(`/grid${launch.search}`);
    expect(grid.statusCode).toBe(200);
    expect(grid.json().page.assignment).toMatchObject({ id: s.assignment.id, subject: 'Математика', group: { name: '7А' } });
    // A web_app button the message does not have cannot be opened.
    expect(() => telegram.openWebApp(TEACHER, periods.messageId, `${ORIGIN}/app/journal?assignment=999`)).toThrow(/no web_app button/);
  });

  it('offers the heads and class teachers, who read classes they do not teach, the grid from the main menu', async () => {
    telegram.reset();
    const bot = createTestBot(t.core, { miniAppOrigin: () => ORIGIN });
    const director = { ...TEACHER, id: 7302 };
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue('staff', s.people.director.id, systemActor('cli'), 'klassny_test_bot'));
    await bot.handleUpdate(telegram.sendText(director, `/start ${code}`, { queue: false }));
    await bot.handleUpdate(telegram.sendText(director, '/menu', { queue: false }));
    const menu = telegram.transcript(director.id).filter((m) => m.from === 'bot').at(-1)!;
    expect(menu.buttons.flat().filter((b) => 'web_app' in b)).toEqual([{ text: '📋 Журнал класса (сетка)', web_app: { url: `${ORIGIN}/app/journal` } }]);
    // A teacher's own menu leads through «Журнал» instead.
    await as(bot).write('/menu');
    expect(lastBotMessage().buttons.flat().some((b) => 'web_app' in b)).toBe(false);
    expect(telegram.violations).toEqual([]);
  });

  it('has no button where Telegram could not open one (no HTTPS origin), and Telegram refuses an http web_app', async () => {
    telegram.reset();
    const periods = await tapThrough(createTestBot(t.core));
    expect(periods.buttons.flat().some((b) => 'web_app' in b)).toBe(false);
    telegram.reset();
    await tapThrough(createTestBot(t.core, { miniAppOrigin: () => 'http://klassny.example' }));
    expect(telegram.violations.some((v) => v.includes('web_app url http://klassny.example'))).toBe(true);
  });
});
