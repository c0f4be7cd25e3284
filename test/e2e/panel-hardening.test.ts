import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { LoginAttempt } from '../../core/panel/login-attempt.entity.js';
import { verifyPassword } from '../../core/accounts/passwords.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const PASSWORD = 'right-password-123';
const LOCKED = (minutes: string) => `Слишком много неудачных попыток входа. Попробуйте снова через ${minutes}.`;

/** The message AdminJS's login page shows (the page carries every translation, so the body alone says little). */
function loginError(res: LightMyRequestResponse): string | null | undefined {
  const state = /window\.__APP_STATE__ = JSON\.parse\('(.*)'\);/.exec(res.body)?.[1];
  return state === undefined ? undefined : (JSON.parse(state) as { errorMessage: string | null }).errorMessage;
}

function sessionCookie(res: LightMyRequestResponse): string | undefined {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('klassny_panel=') && !c.startsWith('klassny_panel=;'))?.split(';')[0];
}

describe('panel hardening: throttled logins, session timeouts, temporary passwords', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let seq = 0;

  const sql = (query: string, params: unknown[] = []) => t.orm.em.fork().getConnection().execute(query, params);
  /** A fresh panel administrator with PASSWORD, so that tests do not share counters. */
  const account = async () => {
    const email = `admin${++seq}@school.example`;
    await t.core.unitOfWork(() => t.core.adminAccounts.ensureConfigured(email, PASSWORD));
    return email;
  };
  // These tests are about the per-e-mail throttle: each attempt comes from an address of its own, so the
  // per-address one (panel-login-flood.test.ts) never steps in.
  let address = 0;
  const login = (email: string, password: string, cookie?: string) =>
    app.inject({ method: 'POST', url: '/admin/login', payload: { email, password }, remoteAddress: `10.2.${Math.floor(++address / 250)}.${address % 250}`, ...(cookie ? { headers: { cookie } } : {}) });
  const failTimes = async (email: string, n: number) => {
    const answers: LightMyRequestResponse[] = [];
    for (let i = 0; i < n; i++) answers.push(await login(email, 'wrong-password'));
    return answers;
  };
  const attempt = (email: string) => t.orm.em.fork().findOne(LoginAttempt, { email });
  /** Time passes for the throttle: its lock ends now. */
  const lockEnds = (email: string) => sql(`update login_attempt set locked_until = now() - interval '1 second' where email = ?`, [email]);
  const sessionsOf = async (email: string) =>
    Number(((await sql(`select count(*) as n from panel_session where data -> 'adminUser' ->> 'email' = ?`, [email])) as { n: string }[])[0]!.n);
  const get = (url: string, cookie?: string) => app.inject({ method: 'GET', url, ...(cookie ? { headers: { cookie } } : {}) });
  const setLoginState = (email: string, key: 'loginAt' | 'seenAt', at: Date) =>
    sql(`update panel_session set data = jsonb_set(data, ?::text[], to_jsonb(?::text)) where data -> 'adminUser' ->> 'email' = ?`, [
      `{panelLogin,${key}}`, at.toISOString(), email,
    ]);

  beforeAll(async () => {
    t = await createTestCore();
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('locks an account after five wrong passwords: then even the right one is refused, in Russian', async () => {
    const email = await account();
    const answers = await failTimes(email, 4);
    for (const res of answers) {
      expect(res.statusCode).toBe(200);
      expect(loginError(res)).toBe('invalidCredentials');
    }
    const fifth = await login(email, 'wrong-password');
    expect(fifth.statusCode).toBe(429);
    expect(loginError(fifth)).toBe(LOCKED('1 минуту'));

    const right = await login(email.toUpperCase(), PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.headers['retry-after']).toBe('60');
    expect(right.headers['content-type']).toContain('text/html');
    expect(loginError(right)).toBe(LOCKED('1 минуту'));
    expect(sessionCookie(right)).toBeUndefined();
    expect(await sessionsOf(email)).toBe(0);
  });

  it('makes each further lock twice as long, up to an hour, and says the minutes in Russian', async () => {
    const email = await account();
    const minutes = [1, 2, 4, 8, 16, 32, 60, 60];
    const words = ['1 минуту', '2 минуты', '4 минуты', '8 минут', '16 минут', '32 минуты', '60 минут', '60 минут'];
    for (const [i, expected] of minutes.entries()) {
      if (i > 0) await lockEnds(email);
      const answers = await failTimes(email, 5);
      expect(answers.slice(0, 4).map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
      expect(loginError(answers[4]!)).toBe(LOCKED(words[i]!));
      const row = await attempt(email);
      expect(row!.locks).toBe(i + 1);
      const length = row!.lockedUntil!.getTime() - Date.now();
      expect(length).toBeGreaterThan(expected * 60_000 - 10_000);
      expect(length).toBeLessThanOrEqual(expected * 60_000);
    }
    // Part of the lock gone by: what is left, rounded up, with the plural form it needs.
    await sql(`update login_attempt set locked_until = now() + interval '20 minutes 30 seconds' where email = ?`, [email]);
    expect(loginError(await login(email, PASSWORD))).toBe(LOCKED('21 минуту'));
    await sql(`update login_attempt set locked_until = now() + interval '90 seconds' where email = ?`, [email]);
    expect(loginError(await login(email, PASSWORD))).toBe(LOCKED('2 минуты'));
  });

  it('gives a burst of parallel attempts no more password checks than a sequence', async () => {
    const email = await account();
    const answers = await Promise.all(Array.from({ length: 12 }, () => login(email, 'wrong-password')));
    const refusedUnchecked = answers.filter((r) => r.statusCode === 429).length;
    expect(refusedUnchecked).toBeGreaterThanOrEqual(12 - 5 + 1);
    expect(answers.filter((r) => r.statusCode === 200).length).toBeLessThanOrEqual(4);
    expect((await attempt(email))!.locks).toBe(1);
  });

  it('counts five failures within 15 minutes only', async () => {
    const email = await account();
    await failTimes(email, 4);
    await sql(`update login_attempt set window_started_at = window_started_at - interval '16 minutes' where email = ?`, [email]);
    const answers = await failTimes(email, 4);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect((await login(email, 'wrong-password')).statusCode).toBe(429);
  });

  it('throttles an unknown e-mail exactly like an account, so answers do not tell which accounts exist', async () => {
    const known = await account();
    const unknown = `nobody${seq}@school.example`;
    const answersOf = async (email: string) => {
      const answers = [...(await failTimes(email, 5)), await login(email, PASSWORD)];
      return answers.map((r) => [r.statusCode, r.headers['retry-after'] ?? null, loginError(r)]);
    };
    const ofUnknown = await answersOf(unknown);
    expect(ofUnknown.at(-1)).toEqual([429, '60', LOCKED('1 минуту')]);
    expect(ofUnknown).toEqual(await answersOf(known));
    expect((await attempt(unknown))!.lockedUntil).not.toBeNull();
  });

  it('lets the right password in once the lock is over, and forgets the failures and the locks', async () => {
    const email = await account();
    await failTimes(email, 5);
    await lockEnds(email);
    await failTimes(email, 5);
    expect((await attempt(email))!.locks).toBe(2);
    await lockEnds(email);

    const res = await login(email, PASSWORD);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/admin');
    expect(sessionCookie(res)).toBeDefined();
    expect(await attempt(email)).toBeNull();

    // Counted from zero again: four failures lock nothing, the fifth locks for one minute, not four.
    expect((await failTimes(email, 4)).map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(loginError(await login(email, 'wrong-password'))).toBe(LOCKED('1 минуту'));
  });

  it('ends a session 12 hours after its login, however busy, and sends the browser to the login page', async () => {
    const email = await account();
    const cookie = sessionCookie(await login(email, PASSWORD))!;
    expect((await get('/admin', cookie)).statusCode).toBe(200);

    await setLoginState(email, 'loginAt', new Date(Date.now() - 12 * 3600_000 - 60_000));
    const res = await get('/admin', cookie);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/admin/login');
    expect(await sessionsOf(email)).toBe(0);
    const again = await get('/admin/api/resources/AdminAccount/actions/list', cookie);
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe('/admin/login');
  });

  it('ends a session idle for over 2 hours even if its cookie is still sent', async () => {
    const email = await account();
    const cookie = sessionCookie(await login(email, PASSWORD))!;
    expect((await get('/admin', cookie)).statusCode).toBe(200);
    await setLoginState(email, 'seenAt', new Date(Date.now() - 2 * 3600_000 - 60_000));
    const res = await get('/admin', cookie);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/admin/login');
    expect((await get('/admin', cookie)).headers.location).toBe('/admin/login');
  });

  it('keeps an account with a temporary password on the password change page until it changes it', async () => {
    const email = await account();
    await failTimes(email, 5); // locked out, then given a new password: it opens at once
    const temporary = (await t.core.unitOfWork(() => t.core.adminAccounts.resetPassword(email)))!;
    const other = sessionCookie(await login(email, temporary))!;

    const res = await login(email, temporary);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/admin/change-password');
    const cookie = sessionCookie(res)!;

    const panel = await get('/admin', cookie);
    expect(panel.statusCode).toBe(302);
    expect(panel.headers.location).toBe('/admin/change-password');
    expect((await get('/admin/resources/AdminAccount', cookie)).headers.location).toBe('/admin/change-password');
    const api = await get('/admin/api/resources/AdminAccount/actions/list', cookie);
    expect(api.statusCode).toBe(403);
    expect(api.json()).toMatchObject({ error: 'passwordChangeRequired', redirectUrl: '/admin/change-password' });

    const form = await get('/admin/change-password', cookie);
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-type']).toContain('text/html');
    expect(form.body).toContain('Смена пароля');
    expect(form.body).toContain('href="/fonts/roboto.css"');
    expect(form.body).not.toContain('fonts.googleapis.com');

    const change = (current: string, next: string, confirm = next) =>
      app.inject({ method: 'POST', url: '/admin/change-password', headers: { cookie }, payload: { current, next, confirm } });
    const wrong = await change('not-the-temporary', 'my-own-password-1');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Текущий пароль указан неверно.');
    const short = await change(temporary, 'short');
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('Пароль должен быть не короче 10 символов.');
    expect((await change(temporary, temporary)).body).toContain('Новый пароль должен отличаться от текущего.');
    expect((await change(temporary, email.toUpperCase())).body).toContain('Пароль не должен совпадать с адресом электронной почты.');
    expect((await change(temporary, 'my-own-password-1', 'my-own-password-2')).body).toContain('Новый пароль и подтверждение не совпадают.');
    expect((await t.orm.em.fork().findOneOrFail(AdminAccount, { email })).mustChangePassword).toBe(true);

    const done = await change(temporary, 'my-own-password-1');
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/admin');
    const renewed = sessionCookie(done)!;
    expect(renewed).toBeDefined();
    expect(renewed).not.toBe(cookie);

    const stored = await t.orm.em.fork().findOneOrFail(AdminAccount, { email });
    expect(stored.mustChangePassword).toBe(false);
    expect(await verifyPassword(stored.passwordHash, 'my-own-password-1')).toBe(true);

    const page = await get('/admin', renewed);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="app"');
    expect((await get('/admin/api/resources/AdminAccount/actions/list', renewed)).statusCode).toBe(200);
    // The session id of the temporary password, and the account's other session, are gone.
    expect((await get('/admin', cookie)).headers.location).toBe('/admin/login');
    expect((await get('/admin', other)).headers.location).toBe('/admin/login');

    expect((await login(email, temporary)).statusCode).toBe(200);
    const next = await login(email, 'my-own-password-1');
    expect(next.statusCode).toBe(302);
    expect(next.headers.location).toBe('/admin');
  });
});
