import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { Staff } from '../../core/people/staff.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { Subject } from '../../core/school/subject.entity.js';
import { TimetableSlot } from '../../core/schedule/timetable-slot.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { panelClient } from '../support/panel-client.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

// AdminJS answers a refused action with 200 and a ForbiddenError in the body (its frontend shows it as a notice).
describe('panel roles, enforced over HTTP', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  const panel = panelClient(() => app);
  const api = (who: keyof typeof school.logins, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    panel.api(school.logins[who], method, url, payload);
  const refused = (res: { statusCode: number; json(): any }) => res.statusCode === 403 || res.json().record?.baseError?.type === 'ForbiddenError' || res.json().notice?.message === 'forbiddenError';
  const listNames = (body: { records?: { params: { lastName?: string } }[] }) => (body.records ?? []).map((r) => r.params.lastName);

  beforeAll(async () => {
    t = await createTestCore();
    school = await createSchoolFixture(t.core);
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('a director sees every student, no edit buttons, and the server refuses an edit anyway', async () => {
    const list = await api('director', 'GET', '/resources/Student/actions/list');
    expect(list.statusCode).toBe(200);
    expect(listNames(list.json()).sort()).toEqual(['Алексеев', 'Борисов']);
    const actions = (list.json().records[0].recordActions as { name: string }[]).map((a) => a.name);
    expect(actions).toContain('show');
    expect(actions).not.toContain('edit');
    expect(actions).not.toContain('delete');

    const edit = await api('director', 'POST', `/resources/Student/records/${school.studentA.id}/edit`, { lastName: 'Изменённый' });
    expect(refused(edit)).toBe(true);
    const stored = await t.orm.em.fork().findOneOrFail(Student, school.studentA.id);
    expect(stored.lastName).toBe('Алексеев');
  });

  it('an inspector reads and cannot create anything', async () => {
    expect((await api('inspector', 'GET', '/resources/Student/actions/list')).statusCode).toBe(200);
    const create = await api('inspector', 'POST', '/resources/Subject/actions/new', { name: 'Астрономия' });
    expect(refused(create)).toBe(true);
    expect(await t.orm.em.fork().count(Subject, { name: 'Астрономия' })).toBe(0);
  });

  it('a deputy may edit the timetable but not students', async () => {
    const slot = await api('deputy', 'POST', '/resources/TimetableSlot/actions/new', {
      assignment: school.assignment.id, group: school.groupA.id, weekday: 1, lessonNumber: 1, validFrom: '2026-09-01',
    });
    expect(slot.statusCode).toBe(200);
    expect(slot.json().record.errors).toEqual({});
    expect(await t.orm.em.fork().count(TimetableSlot, {})).toBe(1);
    const edit = await api('deputy', 'POST', `/resources/Student/records/${school.studentA.id}/edit`, { lastName: 'Изменённый' });
    expect(refused(edit)).toBe(true);
    expect((await t.orm.em.fork().findOneOrFail(Student, school.studentA.id)).lastName).toBe('Алексеев');
  });

  it('a class teacher sees and edits only its own group’s students and guardians', async () => {
    const list = await api('classTeacherA', 'GET', '/resources/Student/actions/list');
    expect(listNames(list.json())).toEqual(['Алексеев']);
    const guardians = await api('classTeacherA', 'GET', '/resources/Guardian/actions/list');
    expect(listNames(guardians.json())).toEqual(['Алексеева']);

    const own = await api('classTeacherA', 'POST', `/resources/Student/records/${school.studentA.id}/edit`, { lastName: 'Алексеев-Петров' });
    expect(own.statusCode).toBe(200);
    expect((await t.orm.em.fork().findOneOrFail(Student, school.studentA.id)).lastName).toBe('Алексеев-Петров');

    const foreignShow = await api('classTeacherA', 'GET', `/resources/Student/records/${school.studentB.id}/show`);
    expect(refused(foreignShow)).toBe(true);
    expect(foreignShow.body).not.toContain('Борисов');
    const foreignEdit = await api('classTeacherA', 'POST', `/resources/Student/records/${school.studentB.id}/edit`, { lastName: 'Взломанный' });
    expect(refused(foreignEdit)).toBe(true);
    expect((await t.orm.em.fork().findOneOrFail(Student, school.studentB.id)).lastName).toBe('Борисов');
  });

  it('a class teacher cannot open staff or the timetable editor', async () => {
    const list = await api('classTeacherA', 'GET', '/resources/Staff/actions/list');
    expect(refused(list)).toBe(true);
    expect(list.json().records).toEqual([]);
    const create = await api('classTeacherA', 'POST', '/resources/Staff/actions/new', { lastName: 'Новикова', firstName: 'Ольга' });
    expect(refused(create)).toBe(true);
    expect(await t.orm.em.fork().count(Staff, { lastName: 'Новикова' })).toBe(0);
  });

  it('the administrator edits, and a rule violation comes back as a Russian message with nothing saved', async () => {
    const bad = await api('administrator', 'POST', '/resources/Subject/actions/new', { name: 'Рус. яз.' });
    expect(bad.statusCode).toBe(200);
    expect(bad.json().record.errors.name.message).toContain('без сокращений');
    const good = await api('administrator', 'POST', '/resources/Subject/actions/new', { name: 'Русский язык', doubleMarksAllowed: 'true' });
    expect(good.json().record.errors).toEqual({});
  });

  it('the audit log: the administrator and the director read it, filtered; nobody else; nobody edits it', async () => {
    const edit = await api('administrator', 'POST', `/resources/Student/records/${school.studentB.id}/edit`, { middleName: 'Олегович' });
    expect(edit.json().record.errors).toEqual({});
    const query = '/resources/AuditEntry/actions/list?filters.entity=Student&filters.action=update&sortBy=at&direction=desc';
    for (const who of ['administrator', 'director'] as const) {
      const list = await api(who, 'GET', query);
      expect(list.statusCode).toBe(200);
      const [latest, ...rest] = list.json().records as { id: string; params: Record<string, unknown>; recordActions: { name: string }[] }[];
      expect(rest.every((r) => r.params.entity === 'Student' && r.params.action === 'update')).toBe(true);
      expect(latest!.params).toMatchObject({ source: 'panel', action: 'update', entity: 'Student', entityId: String(school.studentB.id), actorStaff: school.people.administrator.id });
      expect(latest!.recordActions.map((a) => a.name)).not.toContain('edit');
      const show = await api(who, 'GET', `/resources/AuditEntry/records/${latest!.id}/show`);
      // Shown as «field: value» lines with the panel's names.
      expect(show.json().record.params.before).toContain('Отчество: —');
      expect(show.json().record.params.after).toContain('Отчество: Олегович');
      // Worded when read, in the reader's language: the English panel gets English names of the fields.
      const english = (await api(who, 'GET', `/resources/AuditEntry/records/${latest!.id}/show?lang=en`)).json().record.params;
      expect(english.before).toContain('Patronymic: —');
      expect(english.after).toContain('Patronymic: Олегович');
      expect(`${english.before}\n${english.after}`.replace(/: .*$/gm, '')).not.toMatch(/[А-Яа-яЁё]/);
    }
    for (const who of ['classTeacherA', 'deputy'] as const) {
      const list = await api(who, 'GET', '/resources/AuditEntry/actions/list');
      expect(refused(list), who).toBe(true);
      expect(list.json().records ?? []).toEqual([]);
    }
    const entry = await t.orm.em.fork().findOneOrFail(AuditEntry, { entity: 'Student', entityId: String(school.studentB.id) }, { orderBy: { id: 'desc' } });
    for (const who of ['administrator', 'director'] as const) {
      expect(refused(await api(who, 'POST', `/resources/AuditEntry/records/${entry.id}/edit`, { entityId: '0' })), who).toBe(true);
      expect(refused(await api(who, 'POST', `/resources/AuditEntry/records/${entry.id}/delete`)), who).toBe(true);
    }
    expect(await t.orm.em.fork().findOneOrFail(AuditEntry, entry.id)).toMatchObject({ entityId: String(school.studentB.id), action: 'update' });
  });
});
