import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { PanelSession } from '../../core/panel/panel-session.entity.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const EMAIL = 'director@school.example';
const PASSWORD = 'correct-horse-battery';

function sessionCookie(setCookie: string | string[] | undefined): string | undefined {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return cookies.find((c) => c.startsWith('klassny_panel='))?.split(';')[0];
}

describe('web panel login', () => {
  let t: TestCore;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await createTestCore({ ADMIN_EMAIL: EMAIL, ADMIN_PASSWORD: PASSWORD });
    await t.core.unitOfWork(() => t.core.adminAccounts.ensureConfigured(EMAIL, PASSWORD));
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('renders the login page in Russian, with fonts served locally', async () => {
    const res = await app.inject({ method: 'GET', url: '/admin/login' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Классный журнал');
    expect(res.body).not.toContain('fonts.googleapis.com');
    const css = await app.inject({ method: 'GET', url: '/fonts/roboto.css' });
    expect(css.body).toContain('roboto-cyrillic-400-normal.woff2');
    const font = await app.inject({ method: 'GET', url: '/fonts/roboto-cyrillic-400-normal.woff2' });
    expect(font.statusCode).toBe(200);
    const traversal = await app.inject({ method: 'GET', url: '/fonts/..%2F..%2Fpackage.json' });
    expect(traversal.statusCode).toBe(404);
  });

  it('keeps the panel behind the login', async () => {
    const res = await app.inject({ method: 'GET', url: '/admin' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/admin/login');
  });

  it('refuses a wrong password and an unknown account', async () => {
    for (const [email, password] of [[EMAIL, 'wrong-password'], ['nobody@school.example', PASSWORD]]) {
      const res = await app.inject({ method: 'POST', url: '/admin/login', payload: { email, password } });
      expect(res.statusCode).toBe(200);
      // The page carries every translation; what it shows is the errorMessage it was rendered with.
      expect(res.body).toContain('"errorMessage":"invalidCredentials"');
      expect(sessionCookie(res.headers['set-cookie'])).toBeUndefined();
    }
  });

  it('logs in with the right password, with a new session id kept in PostgreSQL', async () => {
    const visit = await app.inject({ method: 'GET', url: '/admin' });
    const before = sessionCookie(visit.headers['set-cookie']);

    const res = await app.inject({
      method: 'POST',
      url: '/admin/login',
      payload: { email: EMAIL.toUpperCase(), password: PASSWORD },
      ...(before ? { headers: { cookie: before } } : {}),
    });
    expect(res.statusCode).toBe(302);
    const cookie = sessionCookie(res.headers['set-cookie']);
    expect(cookie).toBeDefined();
    expect(cookie).not.toBe(before);
    const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('klassny_panel='))!;
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);

    const sessions = await t.orm.em.fork().find(PanelSession, {});
    expect(sessions.some((s) => JSON.stringify(s.data).includes(EMAIL))).toBe(true);

    const page = await app.inject({ method: 'GET', url: '/admin', headers: { cookie: cookie! } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="app"');
    expect(page.body).toContain(`"session":{"id":`);
  });
});
