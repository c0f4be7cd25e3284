import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { createLogger } from '../../core/base/logger.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { panelClient } from '../support/panel-client.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/** A fault whose message quotes SQL with a child's name, as a driver error does. */
class DriverFault extends Error {
  readonly code = '42P01';
  constructor() {
    super(`select * from "student" where "last_name" = 'Алексеев' - relation "studnet" does not exist`);
    this.name = 'TableNotFoundException';
  }
}

describe('panel: the core\'s refusals answered in one place, the actor resolved once per request', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  const logLines: string[] = [];
  const panel = panelClient(() => app);
  const as = async (who: keyof typeof school.logins) => ({ cookie: await panel.login(school.logins[who]) });

  beforeAll(async () => {
    t = await createTestCore();
    school = await createSchoolFixture(t.core);
    t.core.log = createLogger('info', new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }));
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('answers a refusal of the core with its status and the Russian text, and nothing more', async () => {
    const denied = await app.inject({ method: 'GET', url: `/admin/data/consent/${school.guardianA.id}`, headers: await as('classTeacherB') });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toEqual({ errors: ['Недостаточно прав для этого действия.'] });

    const missing = await app.inject({ method: 'GET', url: '/admin/data/consent/999999', headers: await as('administrator') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ errors: ['Запись не найдена.'] });

    const invalid = await app.inject({ method: 'POST', url: `/admin/data/consent/${school.guardianA.id}`, headers: await as('administrator'), payload: { status: 'given', date: 'вчера' } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json()).toEqual({ errors: ['Укажите дату в формате ГГГГ-ММ-ДД.'] });
    for (const res of [denied, missing, invalid]) expect(res.body).not.toMatch(/stack|\bat \w|permission/);
  });

  it('answers a fault with a bare 500, and logs its kind and frames without the SQL or the name in it', async () => {
    const forSlot = t.core.substitutions.forSlot.bind(t.core.substitutions);
    t.core.substitutions.forSlot = async () => {
      throw new DriverFault();
    };
    try {
      logLines.length = 0;
      const res = await app.inject({ method: 'GET', url: '/admin/data/substitutions/1', headers: await as('administrator') });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' });
      const logged = logLines.join('');
      expect(logged).toContain('TableNotFoundException');
      expect(logged).toContain('42P01');
      expect(logged).toContain('/admin/data/substitutions/:slotId');
      expect(logged).not.toMatch(/select|Алексеев|studnet/);
    } finally {
      t.core.substitutions.forSlot = forSlot;
    }
  });

  it('answers AdminJS\'s refusals as before: a record out of reach is forbidden, a rule broken is a field\'s Russian message', async () => {
    const foreign = await panel.api(school.logins.classTeacherA, 'GET', `/resources/Student/records/${school.studentB.id}/show`);
    expect(foreign.statusCode === 403 || foreign.json().record?.baseError?.type === 'ForbiddenError').toBe(true);
    expect(foreign.body).not.toContain('Борисов');
    const bad = await panel.api(school.logins.administrator, 'POST', '/resources/Subject/actions/new', { name: 'Физ. культура' });
    expect(bad.json().record.errors.name.message).toContain('без сокращений');
  });

  it('reads the panel account\'s actor once per request, however many resources the request touches', async () => {
    const actor = t.core.panel.actor.bind(t.core.panel);
    let calls = 0;
    t.core.panel.actor = async (accountId) => {
      calls += 1;
      return actor(accountId);
    };
    try {
      // A list of enrollments reads the enrollments, counts them, and looks up their students and classes.
      const list = await panel.api(school.logins.administrator, 'GET', '/resources/Enrollment/actions/list');
      expect(list.statusCode).toBe(200);
      expect(list.json().records).toHaveLength(2);
      expect(list.json().records[0].populated.student.params.lastName).toBe('Алексеев');
      expect(calls).toBe(1);
      await app.inject({ method: 'GET', url: `/admin/data/consent/${school.guardianA.id}`, headers: await as('administrator') });
      expect(calls).toBe(2);
    } finally {
      t.core.panel.actor = actor;
    }
  });
});
