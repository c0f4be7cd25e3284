import { createHash } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import type { StaffRole } from '../../core/people/staff.entity.js';
import { PanelSignInLink } from '../../core/panel/sign-in-link.entity.js';
import { MovableClock } from '../../core/time/clock.js';
import { buttonsOf, interceptTelegram, labels } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

const PUBLIC_URL = 'https://school.example';
const LINK = /^https:\/\/school\.example\/admin\/login\/link\/([A-Za-z0-9_-]{43})$/;
const PANEL = 'Панель управления';

/**
 * Issue 13, point 2: «Панель управления» in the bot gives a member of staff a one-time link that signs it
 * into the panel. The bot is driven through the Bot API emulator, the panel through fastify's inject, both
 * on one core whose clock the test moves. Every way a link must not open the panel is tried.
 */
describe('sign-in to the panel from the bot with a one-time link', () => {
  const clock = new MovableClock('2026-11-16T07:00:00Z');
  let t: TestCore;
  let app: FastifyInstance;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');

  const bind = async (telegramId: number, kind: 'staff' | 'student', id: number) => {
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue(kind, id, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(telegramId, `/start ${code}`));
  };
  const lastSent = () => telegram.called('sendMessage').at(-1);
  const lastAnswer = () => telegram.called('answerCallbackQuery').at(-1)?.payload.text as string | undefined;
  const menuOf = async (telegramId: number) => {
    await bot.handleUpdate(textUpdate(telegramId, '/menu'));
    return lastSent();
  };
  /** Presses «Панель управления» (as the menu offers it) and returns the link's path, or the bot's words. */
  const ask = async (telegramId: number): Promise<{ path?: string; text: string; url?: string }> => {
    await bot.handleUpdate(callbackUpdate(telegramId, 'panel1:link'));
    const sent = lastSent();
    const text = String(sent?.payload.text);
    const url = buttonsOf(sent).find((b) => b.url)?.url;
    return url ? { path: new URL(url).pathname, text, url } : { text };
  };
  const askLink = async (telegramId: number) => {
    const { path, url, text } = await ask(telegramId);
    expect(url, text).toMatch(LINK);
    return path!;
  };
  /** A browser opening the link: the confirmation page, its cookie and the value its form sends back. */
  const open = async (path: string) => {
    const res = await app.inject({ method: 'GET', url: path });
    const cookie = res.cookies.find((c) => c.name === 'klassny_link');
    const nonce = /name="confirm" value="([^"]+)"/.exec(res.body)?.[1];
    return { res, cookie: cookie ? `klassny_link=${cookie.value}` : undefined, nonce };
  };
  const confirm = (path: string, cookie: string | undefined, nonce: string | undefined) =>
    app.inject({ method: 'POST', url: path, payload: nonce === undefined ? {} : { confirm: nonce }, ...(cookie ? { headers: { cookie } } : {}) });
  const sessionOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'klassny_panel' && c.value);
  const refusal = (res: LightMyRequestResponse) => /data-testid="refusal">([^<]+)</.exec(res.body)?.[1]?.replace(/&#(\d+);/g, (_s, c: string) => String.fromCharCode(Number(c)));
  const signedInAs = async (res: LightMyRequestResponse) => {
    const session = sessionOf(res);
    expect(session, `${res.statusCode} ${res.body.slice(0, 300)}`).toBeDefined();
    const home = await app.inject({ method: 'GET', url: '/admin/api/resources/Staff/actions/list', headers: { cookie: `klassny_panel=${session!.value}` } });
    // The cookie is `<session id>.<signature>`: the session row of this very browser.
    const sid = decodeURIComponent(session!.value).split('.')[0];
    const [row] = await t.orm.em.fork().getConnection().execute<{ data: { adminUser: { id: number; email: string } } }[]>(
      'select data from panel_session where sid = ?', [sid]);
    return { home, adminUser: row?.data.adminUser };
  };
  const newStaff = async (lastName: string, roles: StaffRole[]) =>
    (await t.core.unitOfWork(() => t.core.records.create('Staff', { school: school.school.id, lastName, firstName: 'Ирина', middleName: 'Олеговна', roles }, sys))) as { id: number };

  beforeAll(async () => {
    t = await createTestCore({ PUBLIC_URL, TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123456789' }, clock);
    school = await createSchoolFixture(t.core);
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    telegram.restore();
    await app?.close();
    await t?.close();
  });
  beforeEach(() => {
    telegram.reset();
    // Each test starts past the previous one's links, so that the limit of links counts only its own.
    clock.advance(16 * 60_000);
  });

  it('offers «Панель управления» to staff with an account; the link opens a confirmation, and only the confirmation signs in', async () => {
    await bind(901, 'staff', school.people.teacher.id);
    expect(labels(await menuOf(901))).toContain(PANEL);
    const { url, text } = await ask(901);
    expect(lastAnswer()).toBeUndefined();
    expect(url).toMatch(LINK);
    expect(text).toContain('одноразовая и действует 5 минут');
    expect(text).toContain(url);
    expect(telegram.called('sendMessage').at(-1)?.payload.link_preview_options).toEqual({ is_disabled: true });
    const path = new URL(url!).pathname;
    const token = LINK.exec(url!)![1]!;

    // Only the token's hash is kept, and the issue is in the audit log without it.
    const [row] = await t.orm.em.fork().find(PanelSignInLink, {}, { orderBy: { id: 'desc' }, limit: 1 });
    expect(row!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(row!.expiresAt.getTime() - clock.now().getTime()).toBe(5 * 60_000);
    const issued = await t.orm.em.fork().findOneOrFail(AuditEntry, { entity: 'PanelSignInLink', entityId: String(row!.id), action: 'create' });
    expect({ staff: issued.actorStaff?.id, source: issued.source, school: issued.school?.id }).toEqual({ staff: school.people.teacher.id, source: 'bot', school: school.school.id });
    expect(JSON.stringify([issued.before, issued.after])).not.toContain(token);

    // Telegram's preview and the browser both fetch the page: nothing is used up, nobody signed in.
    const preview = await open(path);
    const browser = await open(path);
    for (const page of [preview, browser]) {
      expect(page.res.statusCode).toBe(200);
      expect(page.res.body).toContain('Войти в панель как Учителева Мария Ивановна?');
      expect(page.res.headers['cache-control']).toBe('no-store');
      expect(page.res.headers['referrer-policy']).toBe('no-referrer');
      expect(sessionOf(page.res)).toBeUndefined();
      expect(String(page.res.headers['set-cookie'])).toMatch(/klassny_link=.*HttpOnly.*SameSite=Strict/i);
    }
    expect((await t.orm.em.fork().findOneOrFail(PanelSignInLink, row!.id)).usedAt).toBeNull();

    const signed = await confirm(path, browser.cookie, browser.nonce);
    expect(signed.statusCode).toBe(303);
    expect(signed.headers.location).toBe('/admin');
    const { home, adminUser } = await signedInAs(signed);
    expect(home.statusCode).toBe(200);
    expect(adminUser?.email).toBe(school.logins.teacher);
    const used = await t.orm.em.fork().findOneOrFail(AuditEntry, { entity: 'PanelSignInLink', entityId: String(row!.id), action: 'update' });
    expect(used.after).toMatchObject({ signedIn: true, usedAt: clock.now().toISOString() });

    // Once only: the same confirmation again, or the preview's, or opening it anew.
    for (const again of [await confirm(path, browser.cookie, browser.nonce), await confirm(path, preview.cookie, preview.nonce), (await open(path)).res]) {
      expect(again.statusCode).toBe(410);
      expect(refusal(again)).toContain('Эта ссылка уже использована');
      expect(sessionOf(again)).toBeUndefined();
    }
    expect(telegram.violations).toEqual([]);
  });

  it('of two confirmations at once, one signs in and the other is refused', async () => {
    const path = await askLink(901);
    const page = await open(path);
    const both = await Promise.all([confirm(path, page.cookie, page.nonce), confirm(path, page.cookie, page.nonce)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([303, 410]);
    expect(both.filter((r) => sessionOf(r))).toHaveLength(1);
  });

  it('expires 5 minutes after it was given, by the clock', async () => {
    const path = await askLink(901);
    clock.advance(4 * 60_000 + 59_000);
    const page = await open(path);
    expect(page.res.statusCode).toBe(200);
    clock.advance(1_000);
    const late = await confirm(path, page.cookie, page.nonce);
    expect(late.statusCode).toBe(410);
    expect(refusal(late)).toBe('Срок действия ссылки истёк: она действует 5 минут. Получите новую в Telegram-боте.');
    expect(sessionOf(late)).toBeUndefined();
    expect((await open(path)).res.statusCode).toBe(410);
  });

  it('signs in only the browser that opened it: no cookie, or another browser\'s, is refused and leaves the link usable', async () => {
    const path = await askLink(901);
    const mine = await open(path);
    const theirs = await open(path);
    const otherLink = await open(await askLink(901));
    const noCookie = await confirm(path, undefined, mine.nonce);
    expect(noCookie.statusCode).toBe(403);
    expect(refusal(noCookie)).toContain('в том же браузере, в котором открыли ссылку');
    expect(sessionOf(noCookie)).toBeUndefined();
    expect((await confirm(path, theirs.cookie, mine.nonce)).statusCode).toBe(403);
    expect((await confirm(path, mine.cookie, undefined)).statusCode).toBe(403);
    // Another link's page and cookie confirm that link only.
    expect((await confirm(path, otherLink.cookie, otherLink.nonce)).statusCode).toBe(403);
    // A form posted from elsewhere with a planted cookie and a guessed value fares no better.
    expect((await confirm(path, 'klassny_link=guess', 'guess')).statusCode).toBe(403);
    const signed = await confirm(path, mine.cookie, mine.nonce);
    expect(signed.statusCode).toBe(303);
    expect(sessionOf(signed)).toBeDefined();
  });

  it('refuses a forged token, on the page and on its confirmation', async () => {
    const forged = `/admin/login/link/${'A'.repeat(43)}`;
    const page = await open(forged);
    expect(page.res.statusCode).toBe(404);
    expect(refusal(page.res)).toContain('Ссылка недействительна');
    expect(page.cookie).toBeUndefined();
    for (const url of ['/admin/login/link/short', `/admin/login/link/${'%27'.repeat(20)}`, '/admin/login/link/']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).not.toBe(200);
    }
    // A real link's confirmation proves that link only: carried over to a made-up token it signs nothing in,
    // and the core itself knows no such token.
    const real = await open(await askLink(901));
    const res = await confirm(forged, real.cookie, real.nonce);
    expect(res.statusCode).toBe(403);
    expect(sessionOf(res)).toBeUndefined();
    expect(await t.core.unitOfWork(() => t.core.signInLinks.redeem('A'.repeat(43)))).toEqual({ outcome: 'refused', reason: 'unknown' });
    expect(await t.core.unitOfWork(() => t.core.signInLinks.redeem("' or 1=1 --"))).toEqual({ outcome: 'refused', reason: 'unknown' });
  });

  it('is cancelled by a leak report (/leak) made after it was given', async () => {
    const staff = await newStaff('Утечкина', ['teacher']);
    await t.core.unitOfWork(() => t.core.staffAccounts.grant(staff.id, 'utechkina@school.example', sys));
    await bind(902, 'staff', staff.id);
    const path = await askLink(902);
    const page = await open(path);
    await bot.handleUpdate(textUpdate(902, '/leak'));
    await bot.handleUpdate(callbackUpdate(902, 'leak1:yes'));
    expect(String(telegram.called('editMessageText').at(-1)?.payload.text)).toContain('Этот аккаунт вышел из журнала');

    const res = await confirm(path, page.cookie, page.nonce);
    expect(res.statusCode).toBe(403);
    expect(refusal(res)).toContain('доступ попал в чужие руки');
    expect(sessionOf(res)).toBeUndefined();
    // The account is bound to nobody now: the old menu's button gives no new link.
    await bot.handleUpdate(callbackUpdate(902, 'panel1:link'));
    expect(lastAnswer()).toBe('Вы ещё не вошли в журнал.');
  });

  it('is cancelled when its Telegram binding is revoked (the person bound another account)', async () => {
    const staff = await newStaff('Переездова', ['deputy']);
    await t.core.unitOfWork(() => t.core.staffAccounts.grant(staff.id, 'pereezdova@school.example', sys));
    await bind(903, 'staff', staff.id);
    const path = await askLink(903);
    const page = await open(path);
    await bind(904, 'staff', staff.id);
    const res = await confirm(path, page.cookie, page.nonce);
    expect(res.statusCode).toBe(403);
    expect(refusal(res)).toContain('привязка Telegram, из которой её получили, больше не действует');
    expect(sessionOf(res)).toBeUndefined();
    // From the new phone, a new link works (it still has a temporary password: the change page comes first).
    const freshPath = await askLink(904);
    const fresh = await open(freshPath);
    const signed = await confirm(freshPath, fresh.cookie, fresh.nonce);
    expect(signed.statusCode).toBe(303);
    expect(signed.headers.location).toBe('/admin/change-password');
    const next = await app.inject({ method: 'GET', url: '/admin', headers: { cookie: `klassny_panel=${sessionOf(signed)!.value}` } });
    expect(next.headers.location).toBe('/admin/change-password');
  });

  it('opens nothing for a disabled account, and the bot says why', async () => {
    const staff = await newStaff('Отключаемая', ['teacher']);
    await t.core.unitOfWork(() => t.core.staffAccounts.grant(staff.id, 'otkl@school.example', sys));
    await bind(905, 'staff', staff.id);
    const path = await askLink(905);
    const page = await open(path);
    await t.core.unitOfWork(() => t.core.staffAccounts.disable(staff.id, sys));
    for (const res of [(await open(path)).res, await confirm(path, page.cookie, page.nonce)]) {
      expect(res.statusCode).toBe(403);
      expect(refusal(res)).toBe('Доступ к панели управления отключён. Обратитесь к администратору школы.');
      expect(sessionOf(res)).toBeUndefined();
    }
    expect(labels(await menuOf(905))).not.toContain(PANEL);
    expect((await ask(905)).text).toBe('Ваш доступ к панели управления отключён. Обратитесь к администратору школы.');
  });

  it('tells staff without an account to ask the administrator, and a student that the panel is for staff', async () => {
    const head = await newStaff('Безучётная', ['director']);
    await bind(906, 'staff', head.id);
    expect(labels(await menuOf(906))).toContain(PANEL);
    expect((await ask(906)).text).toBe('У вас нет учётной записи панели управления. Попросите администратора школы выдать доступ: карточка сотрудника → «Доступ к панели».');
    const teacher = await newStaff('Безпанельная', ['teacher']);
    await bind(907, 'staff', teacher.id);
    expect(labels(await menuOf(907))).not.toContain(PANEL);
    await bind(908, 'student', school.studentA.id);
    expect(labels(await menuOf(908))).not.toContain(PANEL);
    expect((await ask(908)).text).toBe('Панель управления — для сотрудников школы.');
    expect(await t.orm.em.fork().count(PanelSignInLink, { account: { staff: { $in: [head.id, teacher.id] } } })).toBe(0);
    expect(telegram.violations).toEqual([]);
  });

  it('gives at most five links in 15 minutes to one person', async () => {
    const staff = await newStaff('Торопливая', ['teacher']);
    await t.core.unitOfWork(() => t.core.staffAccounts.grant(staff.id, 'toropl@school.example', sys));
    await bind(909, 'staff', staff.id);
    for (let i = 0; i < 5; i++) {
      await askLink(909);
      clock.advance(60_000);
    }
    expect((await ask(909)).text).toBe('Слишком много ссылок подряд. Попробуйте через 10 минут.');
    clock.advance(10 * 60_000);
    await askLink(909);
  });
});
