import type { FastifyInstance } from 'fastify';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { PRIVATE_KEY_FILE } from '../../core/integrity/key-store.js';
import { panelClient } from '../support/panel-client.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('the public signing key in the panel (F3)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let keysDir: string;
  let f: Awaited<ReturnType<typeof createSchoolFixture>>;
  const panel = panelClient(() => app);
  const download = async (email?: string) =>
    app.inject({ method: 'GET', url: '/admin/integrity/public-key', ...(email ? { headers: { cookie: await panel.login(email) } } : {}) });

  beforeAll(async () => {
    keysDir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-keys-'));
    t = await createTestCore({ KEYS_DIR: keysDir });
    f = await createSchoolFixture(t.core);
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    await fs.rm(keysDir, { recursive: true, force: true });
  });

  it('gives the heads and the administrator the public key as a file, never the private one', async () => {
    const private_ = () => fs.readFile(path.join(keysDir, PRIVATE_KEY_FILE), 'utf8');
    for (const who of ['administrator', 'director', 'deputy', 'inspector'] as const) {
      const res = await download(f.logins[who]);
      expect(res.statusCode, who).toBe(200);
      expect(res.headers['content-disposition']).toContain('klassny-public-key.pem');
      expect(res.body).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
      expect(res.body).toBe((await t.core.integrity.keys()).publicKeyPem());
      expect(res.body).not.toContain((await private_()).split('\n')[1]);
    }
  });

  it('refuses teachers, class teachers and anyone not signed in', async () => {
    for (const who of ['teacher', 'classTeacherA'] as const) expect((await download(f.logins[who])).statusCode, who).toBe(403);
    expect([302, 401]).toContain((await download()).statusCode);
  });
});
