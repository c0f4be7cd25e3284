import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPanel } from '../../admin/adminjs/plugin.js';
import { PANEL_ROOTS } from '../../admin/deferred-panel.js';
import { buildServer } from '../../admin/server.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const EMAIL = 'director@school.example';
const PASSWORD = 'correct-horse-battery';

/**
 * The panel loads after the server answers (admin/deferred-panel.ts): the server hands it every request
 * under its roots, body and all, so the panel must have no route elsewhere, and a request must not notice.
 */
describe('the web panel, loaded apart from the server', () => {
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

  it('has every route of the panel under the roots the server hands on', async () => {
    const panel = Fastify();
    const urls: string[] = [];
    panel.addHook('onRoute', (route) => void urls.push(route.url));
    await panel.register(adminPanel, { core: t.core });
    await panel.ready();
    await panel.close();
    expect(urls.length).toBeGreaterThan(20);
    const outside = urls.filter((url) => !PANEL_ROOTS.some((root) => url === root || url.startsWith(`${root}/`)));
    expect(outside).toEqual([]);
  });

  it('answers /healthz without loading the panel, then loads it for the first panel request', async () => {
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect(app.panel.state()).toBe('not loaded');
    const [page, css] = await Promise.all([app.inject({ url: '/admin/login' }), app.inject({ url: '/fonts/roboto.css' })]);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Классный журнал');
    expect(css.body).toContain('@font-face');
    expect(app.panel.state()).toBe('up');
    expect((await app.inject({ url: '/admin/no-such-page' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/no-such-page' })).statusCode).toBe(404);
  });

  it('hands the panel a form body as sent: a login with the right password opens a session', async () => {
    const res = await app.inject({
      method: 'POST', url: '/admin/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: EMAIL, password: PASSWORD }).toString(),
    });
    expect(res.statusCode).toBe(302);
    expect(String(res.headers['set-cookie'])).toContain('klassny_panel=');
  });

  it('counts a panel request once, under the panel\'s own route', async () => {
    await app.inject({ url: '/admin/login' });
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/klassny_http_requests_total\{method="GET",route="\/admin\/login",status="200"} \d+/);
    expect(metrics).not.toContain('route="/admin/*"');
  });
});
