import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { PANEL_CSP } from '../../admin/security-headers.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { panelClient } from '../support/panel-client.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const require = createRequire(import.meta.url);
const productionBundle = path.join(path.dirname(require.resolve('adminjs')), 'lib/frontend/assets/scripts/app-bundle.production.js');

/** Issue 20, point 1: what a panel page weighs on the wire — packed, its scripts cached, its charset first. */
describe('the panel page as sent', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let client: ReturnType<typeof panelClient>;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;

  beforeAll(async () => {
    t = await createTestCore();
    school = await createSchoolFixture(t.core);
    app = await buildServer(t.core);
    client = panelClient(() => app);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const page = async (url: string, headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip', ...headers } });
    const encoding = res.headers['content-encoding'];
    const html = (encoding === 'br' ? zlib.brotliDecompressSync(res.rawPayload) : encoding === 'gzip' ? zlib.gunzipSync(res.rawPayload) : res.rawPayload).toString('utf8');
    return { res, html };
  };

  for (const [name, url, signedIn] of [['the login page', '/admin/login', false], ['the home page', '/admin', true], ['a list', '/admin/resources/Student', true]] as const) {
    it(`sends ${name} packed, its charset first in the head, AdminJS's bundles by hashed names, under the same CSP`, async () => {
      const { res, html } = await page(url, signedIn ? { cookie: await client.login(school.logins.administrator) } : {});
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.rawPayload.length).toBeLessThan(html.length / 3);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(PANEL_CSP);
      expect(html).toMatch(/<head>\s*<meta charset="utf-8">/);
      expect(html.match(/<meta charset/g)).toHaveLength(1);
      expect(html).not.toMatch(/frontend\/assets\/(global|design-system|app)\.bundle\.js/);
      for (const bundle of ['global', 'design-system', 'app']) expect(html).toMatch(new RegExp(`<script src="/panel-assets/adminjs/${bundle}\\.bundle\\.[0-9a-f]{16}\\.js"></script>`));
    });
  }

  it('serves each bundle as AdminJS\'s production build, cached for a year as immutable, packed', async () => {
    const { html } = await page('/admin/login');
    const url = /<script src="(\/panel-assets\/adminjs\/app\.bundle\.[0-9a-f]{16}\.js)"/.exec(html)![1]!;
    const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(res.rawPayload).equals(await fs.readFile(productionBundle))).toBe(true);
    expect((await app.inject({ method: 'GET', url: url.replace(/\.[0-9a-f]{16}\.js$/, '.0000000000000000.js') })).statusCode).toBe(404);
  });

  it('sends our own scripts again only when they changed (ETag)', async () => {
    const first = await app.inject({ method: 'GET', url: '/panel-assets/panel.js' });
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    const again = await app.inject({ method: 'GET', url: '/panel-assets/panel.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});
