import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { hashPassword } from '../../core/accounts/passwords.js';
import { Staff } from '../../core/people/staff.entity.js';
import { PANEL_PASSWORD } from '../support/school-fixture.js';
import type { TestCore } from '../support/test-core.js';
import { closeTwoSchoolPanel, DEPLOYMENT_EMAIL, DEPLOYMENT_PASSWORD, openTwoSchoolPanel, sessionsOf, type SchoolFixture } from '../support/two-school-panel.js';

const STAFF_HAS_LOGIN = 'У сотрудника есть учётная запись панели: удалить его нельзя.';

function cookieOf(res: LightMyRequestResponse): string {
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('klassny_panel=') && !c.startsWith('klassny_panel=;'));
  expect(cookie, `a session cookie (status ${res.statusCode})`).toBeDefined();
  return cookie!.split(';')[0]!;
}

/**
 * Issue 12, point 1: the deployment's administrator is the account with the explicit flag, nothing else.
 * Every road to "an account without a staff link" is tried: deleting the staff record (refused), the
 * foreign key (restricts), a forged panel request to change the link or the flag (refused), a disabled
 * account's or an inactive member of staff's live session (ends), and the issue's own reproduction.
 */
describe('the deployment administrator is an explicit flag; no school-level action makes one', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let one: SchoolFixture;
  let two: SchoolFixture;
  let address = 0;

  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => t.orm.em.fork().getConnection().execute<T[]>(query, params);
  // Each sign-in from an address of its own: these tests are not about the per-address throttle.
  const login = async (email: string, password = PANEL_PASSWORD) =>
    app.inject({ method: 'POST', url: '/admin/login', payload: { email, password }, remoteAddress: `10.1.0.${++address}` });
  const signIn = async (email: string, password = PANEL_PASSWORD) => {
    const res = await login(email, password);
    expect(res.statusCode, `login of ${email}`).toBe(302);
    return cookieOf(res);
  };
  const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, cookie: string, payload: Record<string, unknown> = {}) => app.inject({ method: 'POST', url, headers: { cookie }, payload });
  const accountOf = (email: string) => t.orm.em.fork().findOneOrFail(AdminAccount, { email });
  const forbidden = (res: LightMyRequestResponse) =>
    res.statusCode === 403 || res.json<{ notice?: { message?: string } }>().notice?.message === 'forbiddenError';
  /** A member of staff of school one with a panel login of its own, for tests that end it. */
  const staffWithLogin = async (lastName: string, roles: string[]) => {
    const staff = (await t.core.unitOfWork(() =>
      t.core.records.create('Staff', { school: one.school.id, lastName, firstName: 'Анна', middleName: 'Петровна', roles }, systemActor('cli')))) as { id: number };
    const email = `${lastName.toLowerCase().replace(/[^a-z]/g, '') || 'x'}${staff.id}@school.example`;
    const em = t.orm.em.fork();
    em.create(AdminAccount, { email, passwordHash: await hashPassword(PANEL_PASSWORD), staff: staff.id });
    await em.flush();
    return { staffId: staff.id, email, accountId: (await accountOf(email)).id };
  };

  beforeAll(async () => {
    ({ t, app, one, two } = await openTwoSchoolPanel());
  });
  afterAll(() => closeTwoSchoolPanel({ t, app }));

  it('the issue, replayed: a school administrator cannot delete its own staff record, and still sees only its school', async () => {
    const cookie = await signIn(one.logins.administrator);
    const res = await post(`/admin/api/resources/Staff/records/${one.people.administrator.id}/delete`, cookie);
    expect(res.statusCode).toBe(200);
    const notice = res.json<{ notice?: { message: string; type: string } }>().notice;
    expect(notice?.type).toBe('error');
    expect(notice?.message).toContain(STAFF_HAS_LOGIN);
    expect(notice?.message).toContain('Сначала отключите учётную запись');
    expect(await t.orm.em.fork().count(Staff, { id: one.people.administrator.id })).toBe(1);
    expect((await accountOf(one.logins.administrator)).staff?.id).toBe(one.people.administrator.id);

    // The same session exports the students: its own school's, never the other's.
    const csv = await get('/admin/data/export/Student.csv', cookie);
    expect(csv.statusCode).toBe(200);
    // Both fixtures have an Алексеев and a Борисов: its own two, not four (the deployment's export had all schools).
    const lines = csv.body.trim().split('\r\n');
    expect(lines.slice(1).map((line) => line.split(';')[1]).sort()).toEqual(['Алексеев', 'Борисов']);
    expect(await t.core.unitOfWork(async () => (await t.core.panel.actor((await accountOf(one.logins.administrator)).id))?.kind)).toBe('staff');
    const otherSchool = await get(`/admin/api/resources/Student/records/${two.studentA.id}/show`, cookie);
    expect(otherSchool.json().record?.params?.lastName).toBeUndefined();

    // Signed in again, it is what it was: a school's administrator, not the deployment's.
    const again = await login(one.logins.administrator);
    expect(again.statusCode).toBe(302);
    const session = (await sql<{ data: { adminUser: { deployment: boolean; roles: string[] } } }>(
      `select data from panel_session where data -> 'adminUser' ->> 'email' = ? order by expires_at desc limit 1`, [one.logins.administrator]))[0]!;
    expect(session.data.adminUser.deployment).toBe(false);
  });

  it('the record service refuses the delete for every caller, the CLI and the deployment administrator included', async () => {
    for (const actor of [systemActor('cli'), { ...systemActor('panel'), kind: 'deployment' as const }]) {
      await expect(t.core.unitOfWork(() => t.core.records.remove('Staff', one.people.teacher.id, actor))).rejects.toMatchObject({
        problems: [{ key: 'staffHasPanelAccount' }],
      });
    }
    expect(await t.orm.em.fork().count(Staff, { id: one.people.teacher.id })).toBe(1);
  });

  it('the database restricts it too: the foreign key refuses a bare DELETE, and a deployment flag never sits beside a staff link', async () => {
    await expect(sql('delete from staff where id = ?', [one.people.teacher.id])).rejects.toMatchObject({ code: '23503' });
    await expect(sql('update admin_account set deployment = true where email = ?', [one.logins.teacher])).rejects.toMatchObject({ code: '23514' });
    const [fk] = await sql<{ confdeltype: string }>(`select confdeltype from pg_constraint where conname = 'admin_account_staff_id_foreign'`);
    expect(fk?.confdeltype).toBe('r');
  });

  it('forged panel requests cannot change an account\'s staff link or its flag, as a school administrator or as the deployment\'s', async () => {
    const teacher = await accountOf(one.logins.teacher);
    const school = await signIn(one.logins.administrator);
    const root = await signIn(DEPLOYMENT_EMAIL, DEPLOYMENT_PASSWORD);
    const forged = { staff: '', deployment: 'true', email: one.logins.teacher };
    for (const cookie of [school, root]) {
      const edit = await post(`/admin/api/resources/AdminAccount/records/${teacher.id}/edit`, cookie, forged);
      expect(forbidden(edit), edit.body).toBe(true);
      const create = await post('/admin/api/resources/AdminAccount/actions/new', cookie, { email: 'forged@school.example', passwordHash: 'x', deployment: 'true' });
      expect(forbidden(create), create.body).toBe(true);
    }
    // Nor through a staff record: its form has no such fields, and whatever is sent under those names is ignored.
    await post(`/admin/api/resources/Staff/records/${one.people.teacher.id}/edit`, school, { deployment: 'true', adminAccount: '', position: 'Учитель математики' });
    const after = await accountOf(one.logins.teacher);
    expect({ staff: after.staff?.id, deployment: after.deployment }).toEqual({ staff: one.people.teacher.id, deployment: false });
    expect(await t.orm.em.fork().count(AdminAccount, { email: 'forged@school.example' })).toBe(0);
    // A school administrator does not even see the logins; the deployment's administrator does.
    expect(forbidden(await get('/admin/api/resources/AdminAccount/actions/list', school))).toBe(true);
    expect((await get('/admin/api/resources/AdminAccount/actions/list', root)).json().records.length).toBeGreaterThan(0);
  });

  it('an account with neither a staff link nor the flag opens nothing: its live session ends and it cannot sign in', async () => {
    const { email, accountId } = await staffWithLogin('Осиротевшая', ['administrator']);
    const cookie = await signIn(email);
    expect((await get('/admin/api/resources/Student/actions/list', cookie)).statusCode).toBe(200);
    // However the link went (here by hand, as SET NULL once did), the account is no one.
    await sql('update admin_account set staff_id = null where id = ?', [accountId]);
    const api = await get('/admin/api/resources/Student/actions/list', cookie);
    expect(api.statusCode).toBe(401);
    expect(await sessionsOf(t, accountId)).toBe(0);
    expect((await get('/admin/data/export/Student.csv', cookie)).statusCode).toBe(302);
    const again = await login(email);
    expect(again.statusCode).toBe(200);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(await t.core.unitOfWork(() => t.core.panel.actor(accountId))).toBeUndefined();
  });

  it('disabling a login ends its live sessions at once; then its staff record may be deleted', async () => {
    const { staffId, email, accountId } = await staffWithLogin('Уволенная', ['teacher']);
    const cookie = await signIn(email);
    expect((await get('/admin/resources/Student', cookie)).statusCode).toBe(200);
    const school = await signIn(one.logins.administrator);
    expect((await post(`/admin/api/resources/Staff/records/${staffId}/delete`, school)).json().notice.message).toContain(STAFF_HAS_LOGIN);

    // A school administrator cannot disable it; the deployment's administrator can («Отключить»).
    expect(forbidden(await post(`/admin/api/resources/AdminAccount/records/${accountId}/delete`, school))).toBe(true);
    const root = await signIn(DEPLOYMENT_EMAIL, DEPLOYMENT_PASSWORD);
    const disable = await post(`/admin/api/resources/AdminAccount/records/${accountId}/delete`, root);
    expect(disable.json().notice?.type).toBe('success');
    expect(await t.orm.em.fork().count(AdminAccount, { id: accountId })).toBe(0);
    expect(await sessionsOf(t, accountId)).toBe(0);

    const page = await get('/admin/resources/Student', cookie);
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/admin/login');
    expect((await login(email)).statusCode).toBe(200);

    const removed = await post(`/admin/api/resources/Staff/records/${staffId}/delete`, school);
    expect(removed.json().notice?.type).toBe('success');
    expect(await t.orm.em.fork().count(Staff, { id: staffId })).toBe(0);
  });

  it('a member of staff made inactive loses its live session on its next request', async () => {
    const { staffId, email, accountId } = await staffWithLogin('Отключённая', ['administrator']);
    const cookie = await signIn(email);
    await sql('update staff set active = false where id = ?', [staffId]);
    const page = await get('/admin', cookie);
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/admin/login');
    expect(await sessionsOf(t, accountId)).toBe(0);
  });

  it('the panel cannot disable the deployment account; the CLI grants and withdraws the flag, never to a staff login', async () => {
    const root = await signIn(DEPLOYMENT_EMAIL, DEPLOYMENT_PASSWORD);
    const self = await accountOf(DEPLOYMENT_EMAIL);
    expect(self.deployment).toBe(true);
    const res = await post(`/admin/api/resources/AdminAccount/records/${self.id}/delete`, root);
    expect(res.json().notice?.type).toBe('error');
    expect(await t.orm.em.fork().count(AdminAccount, { id: self.id })).toBe(1);

    await expect(t.core.unitOfWork(() => t.core.adminAccounts.setDeployment(one.logins.director, true))).rejects.toMatchObject({ problems: [{ key: 'deploymentAccountHasStaff' }] });
    await expect(t.core.unitOfWork(() => t.core.adminAccounts.ensureConfigured(one.logins.director, 'whatever-password'))).rejects.toThrow(/member of staff/);
    expect((await accountOf(one.logins.director)).deployment).toBe(false);

    const em = t.orm.em.fork();
    em.create(AdminAccount, { email: 'spare@deployment.example', passwordHash: await hashPassword(DEPLOYMENT_PASSWORD) });
    await em.flush();
    expect((await login('spare@deployment.example', DEPLOYMENT_PASSWORD)).statusCode).toBe(200);
    expect(await t.core.unitOfWork(() => t.core.adminAccounts.setDeployment('spare@deployment.example', true))).toBe(true);
    const spare = await signIn('spare@deployment.example', DEPLOYMENT_PASSWORD);
    expect((await get('/admin/api/resources/AdminAccount/actions/list', spare)).statusCode).toBe(200);
    await t.core.unitOfWork(() => t.core.adminAccounts.setDeployment('spare@deployment.example', false));
    expect((await get('/admin/api/resources/AdminAccount/actions/list', spare)).statusCode).toBe(401);
  });
});
