import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { Student } from '../../core/people/student.entity.js';
import { CompromiseReport } from '../../core/audit/compromise-report.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { panelClient } from '../support/panel-client.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('panel: «Компрометация доступа» (B3)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  const panel = panelClient(() => app);
  const api = (who: keyof typeof school.logins, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    panel.api(school.logins[who], method, url, payload);

  beforeAll(async () => {
    t = await createTestCore();
    school = await createSchoolFixture(t.core);
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('the administrator reports, sees the operations, rolls them back once; the session of the person ends', async () => {
    const victim = 'classTeacherA' as const;
    const edited = await api(victim, 'POST', `/resources/Student/records/${school.studentA.id}/edit`, { lastName: 'Петров' });
    expect(edited.statusCode).toBe(200);
    expect((await t.orm.em.fork().findOneOrFail(Student, school.studentA.id)).lastName).toBe('Петров');

    const created = await api('administrator', 'POST', '/resources/CompromiseReport/actions/new', { personKind: 'staff', personId: String(school.people.classTeacherA.id), leakedSince: '' });
    expect(created.statusCode).toBe(200);
    const [report] = await t.orm.em.fork().find(CompromiseReport, { personId: school.people.classTeacherA.id });
    expect(report).toMatchObject({ source: 'panel', sessionsEnded: 1 });

    // The victim's session is gone: the panel no longer answers it.
    const after = await api(victim, 'GET', '/resources/Student/actions/list');
    expect(after.statusCode === 401 || after.statusCode === 302 || after.statusCode === 403).toBe(true);

    const shown = await api('administrator', 'GET', `/resources/CompromiseReport/records/${report!.id}/show`);
    expect(shown.json().record.params.operations).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} — Изменение: Ученик №${school.studentA.id} \\(Фамилия: Алексеев → Петров\\)$`));
    const english = await api('administrator', 'GET', `/resources/CompromiseReport/records/${report!.id}/show?lang=en`);
    expect(english.json().record.params.operations).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} — Changed: Student №${school.studentA.id} \\([A-Za-z ]+: Алексеев → Петров\\)$`));

    const refused = await api('director', 'POST', `/resources/CompromiseReport/records/${report!.id}/rollBack`);
    expect(refused.statusCode === 403 || refused.json().notice?.message === 'forbiddenError' || refused.json().record?.baseError?.type === 'ForbiddenError').toBe(true);

    const rolled = await api('administrator', 'POST', `/resources/CompromiseReport/records/${report!.id}/rollBack`);
    expect(rolled.json().notice).toMatchObject({ message: 'Откачено операций: 1.', type: 'success' });
    expect((await t.orm.em.fork().findOneOrFail(Student, school.studentA.id)).lastName).toBe('Алексеев');
    const again = await api('administrator', 'POST', `/resources/CompromiseReport/records/${report!.id}/rollBack`);
    // The panel's front end words the notice from its key (admin/adminjs/locale), with the refusal as its reason.
    expect(again.json().notice).toMatchObject({ type: 'error', message: 'nothingRolledBack' });
    expect(again.json().notice.options.reason).toContain('уже откачены');
  });
});
