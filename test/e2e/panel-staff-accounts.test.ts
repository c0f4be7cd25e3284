import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import type { StaffRole } from '../../core/people/staff.entity.js';
import { Staff } from '../../core/people/staff.entity.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { PANEL_PASSWORD } from '../support/school-fixture.js';
import type { TestCore } from '../support/test-core.js';
import { closeTwoSchoolPanel, DEPLOYMENT_EMAIL, DEPLOYMENT_PASSWORD, openTwoSchoolPanel, sessionsOf, type SchoolFixture } from '../support/two-school-panel.js';

const NEW_PASSWORD = 'my-own-password-42';

/**
 * Issue 13, point 1: the school's administrator gives a member of staff a panel account from the staff
 * record («Доступ к панели»): only the e-mail comes from the form, the roles from the staff record; a
 * temporary password shown once, changed at the first sign-in; disabled (sessions end), enabled, reset;
 * all audited. Every refusal is tried: another role, another school, a forged, deleted or inactive record.
 */
describe('staff panel accounts: given from the staff record, with a temporary password', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let one: SchoolFixture;
  let two: SchoolFixture;
  let address = 0;

  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => t.orm.em.fork().getConnection().execute<T[]>(query, params);
  const login = (email: string, password = PANEL_PASSWORD) =>
    app.inject({ method: 'POST', url: '/admin/login', payload: { email, password }, remoteAddress: `10.2.0.${++address}` });
  const cookieOf = (res: LightMyRequestResponse) => {
    const cookie = res.cookies.find((c) => c.name === 'klassny_panel' && c.value);
    expect(cookie, `a session cookie (status ${res.statusCode})`).toBeDefined();
    return `klassny_panel=${cookie!.value}`;
  };
  const signIn = async (email: string, password = PANEL_PASSWORD) => {
    const res = await login(email, password);
    expect(res.statusCode, `login of ${email}`).toBe(302);
    return cookieOf(res);
  };
  const get = (url: string, cookie: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, cookie: string, payload?: Record<string, string>) =>
    app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const access = (staffId: number | string, op = '') => `/admin/data/panel-access/${staffId}${op ? `/${op}` : ''}`;
  /** The temporary password on the printable page (and only there). */
  const passwordOn = (res: LightMyRequestResponse) => {
    const found = /<dd class="secret">([^<]+)<\/dd>/.exec(res.body)?.[1];
    expect(found, res.body.slice(0, 400)).toBeDefined();
    return found!;
  };
  const refusalOn = (res: LightMyRequestResponse) => [...res.body.matchAll(/data-testid="refusal">([^<]+)</g)].map((m) => m[1]!.replace(/&#(\d+);/g, (_s, c: string) => String.fromCharCode(Number(c))));
  const accountOf = (staffId: number) => t.orm.em.fork().findOne(AdminAccount, { staff: staffId });
  const newStaff = async (school: { id: number }, lastName: string, roles: StaffRole[], extra: Record<string, unknown> = {}) =>
    (await t.core.unitOfWork(() => t.core.records.create('Staff', { school: school.id, lastName, firstName: 'Ольга', middleName: 'Сергеевна', roles, ...extra }, systemActor('cli')))) as { id: number };

  beforeAll(async () => {
    ({ t, app, one, two } = await openTwoSchoolPanel());
  });
  afterAll(() => closeTwoSchoolPanel({ t, app }));

  it('lives its whole life: given → temporary password → forced change → disabled (sessions end) → enabled → reset → removed', async () => {
    const teacher = await newStaff(one.school, 'Новикова', ['teacher']);
    const admin = await signIn(one.logins.administrator);

    // The staff record's action, and the state it shows: no account yet.
    expect((await get(`/admin/api/resources/Staff/records/${teacher.id}/panelAccess`, admin)).statusCode).toBe(200);
    expect((await get(access(teacher.id), admin)).json()).toMatchObject({ staff: { id: teacher.id, fullName: 'Новикова Ольга Сергеевна', active: true }, account: null });

    // Given: only the e-mail is read; roles, flags and other ids sent along are ignored.
    const forged = { email: '  Novikova@School.Example ', roles: 'administrator', deployment: 'true', staffId: String(one.people.director.id), staff: String(two.people.teacher.id), mustChangePassword: 'false' };
    const given = await post(access(teacher.id, 'grant'), admin, forged);
    expect(given.statusCode).toBe(200);
    expect(given.headers['content-type']).toContain('text/html');
    expect(given.headers['cache-control']).toBe('no-store');
    expect(given.body).toContain('Доступ к панели управления');
    expect(given.body).toContain('Новикова Ольга Сергеевна');
    expect(given.body).toContain('novikova@school.example');
    expect(given.body).toContain('window.print()');
    const temporary = passwordOn(given);
    expect(temporary).toMatch(/^[A-Za-z2-9]{14}$/);
    const account = (await accountOf(teacher.id))!;
    expect(account).toMatchObject({ email: 'novikova@school.example', deployment: false, mustChangePassword: true, disabledAt: null });
    expect(account.passwordHash).not.toContain(temporary);
    expect(await t.orm.em.fork().count(AdminAccount, { staff: { $in: [one.people.director.id, two.people.teacher.id] } })).toBe(2);
    // The roles are the staff record's: a teacher, nothing the form said.
    const actor = await t.core.unitOfWork(() => t.core.panel.actor(account.id));
    expect({ kind: actor?.kind, roles: [...actor!.roles], schoolId: actor?.schoolId }).toEqual({ kind: 'staff', roles: ['teacher'], schoolId: one.school.id });
    // Shown once: the state says there is an account, never its password.
    expect(JSON.stringify((await get(access(teacher.id), admin)).json())).not.toContain(temporary);

    // The temporary password signs in to the change page only, then must be changed.
    const first = await login('novikova@school.example', temporary);
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe('/admin/change-password');
    const temp = cookieOf(first);
    expect((await get('/admin/api/resources/TeachingAssignment/actions/list', temp)).statusCode).toBe(403);
    const changed = await post('/admin/change-password', temp, { current: temporary, next: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(changed.statusCode).toBe(302);
    const own = cookieOf(changed);
    expect((await get('/admin/api/resources/TeachingAssignment/actions/list', own)).statusCode).toBe(200);
    expect((await accountOf(teacher.id))!.mustChangePassword).toBe(false);

    // Disabled: its live session ends at once, and neither password opens the panel.
    const disabled = await post(access(teacher.id, 'disable'), admin);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().account).toMatchObject({ disabled: true });
    expect(await sessionsOf(t, account.id)).toBe(0);
    const after = await get('/admin', own);
    expect(after.statusCode).toBe(302);
    expect(after.headers.location).toBe('/admin/login');
    expect((await login('novikova@school.example', NEW_PASSWORD)).statusCode).toBe(200);
    expect((await post(access(teacher.id, 'disable'), admin)).json().errors).toEqual(['Учётная запись уже отключена.']);

    // Enabled again: the same password opens it.
    expect((await post(access(teacher.id, 'enable'), admin)).json().account).toMatchObject({ disabled: false });
    const again = await signIn('novikova@school.example', NEW_PASSWORD);
    expect((await get('/admin', again)).statusCode).toBe(200);

    // Reset: a new temporary password, once; the old password and the open session are gone.
    const reset = await post(access(teacher.id, 'reset'), admin);
    expect(reset.statusCode).toBe(200);
    expect(reset.body).toContain('Новый временный пароль');
    const second = passwordOn(reset);
    expect(second).not.toBe(temporary);
    expect(await sessionsOf(t, account.id)).toBe(0);
    expect((await get('/admin', again)).statusCode).toBe(302);
    expect((await login('novikova@school.example', NEW_PASSWORD)).statusCode).toBe(200);
    const afterReset = await login('novikova@school.example', second);
    expect(afterReset.headers.location).toBe('/admin/change-password');

    // Removed (once disabled): then the staff record itself may go.
    expect((await post(access(teacher.id, 'remove'), admin)).json().errors).toEqual(['Сначала отключите учётную запись, потом удалите её.']);
    expect((await post(`/admin/api/resources/Staff/records/${teacher.id}/delete`, admin)).json().notice.message).toContain('Сначала отключите учётную запись');
    await post(access(teacher.id, 'disable'), admin);
    expect((await post(access(teacher.id, 'remove'), admin)).json()).toMatchObject({ account: null });
    expect((await post(`/admin/api/resources/Staff/records/${teacher.id}/delete`, admin)).json().notice?.type).toBe('success');

    // Every step in the school's audit log, by the administrator, never with a password.
    const lines = await t.orm.em.fork().find(AuditEntry, { entity: 'AdminAccount', entityId: String(account.id) }, { orderBy: { id: 'asc' } });
    // given, its own password change, disabled, enabled, reset, disabled, removed
    expect(lines.map((l) => [l.action, l.after?.disabled ?? l.after?.passwordChanged ?? null])).toEqual([
      ['create', null], ['update', true], ['update', true], ['update', false], ['update', true], ['update', true], ['delete', null],
    ]);
    const byAdministrator = lines.filter((l) => l.actorStaff?.id === one.people.administrator.id);
    expect(byAdministrator).toHaveLength(6);
    expect(byAdministrator.every((l) => l.school?.id === one.school.id && l.source === 'panel')).toBe(true);
    expect(JSON.stringify(lines.map((l) => [l.before, l.after]))).not.toMatch(new RegExp(`${temporary}|${second}|${NEW_PASSWORD}|passwordHash`));
  });

  it('gives class teachers and heads accounts too, each acting with its own record\'s roles', async () => {
    const classTeacher = await newStaff(one.school, 'Классова', ['teacher']);
    await t.core.unitOfWork(() => t.core.records.create('Group', { school: one.school.id, year: one.year.id, name: '8В', gradeLevel: 8, classTeacher: classTeacher.id }, systemActor('cli')));
    const deputy = await newStaff(one.school, 'Заместителева', ['deputy']);
    const admin = await signIn(one.logins.administrator);
    for (const [person, email, roles] of [[classTeacher, 'klassova@school.example', ['teacher', 'class_teacher']], [deputy, 'zam@school.example', ['deputy']]] as const) {
      const given = await post(access(person.id, 'grant'), admin, { email });
      expect(given.statusCode).toBe(200);
      const account = (await accountOf(person.id))!;
      expect([...(await t.core.unitOfWork(() => t.core.panel.actor(account.id)))!.roles].sort()).toEqual([...roles].sort());
      expect((await login(email, passwordOn(given))).headers.location).toBe('/admin/change-password');
    }
  });

  it('is the administrator\'s alone: other roles are refused, and the action is not even offered to them', async () => {
    const person = await newStaff(one.school, 'Безправова', ['teacher']);
    for (const who of ['director', 'deputy', 'inspector', 'classTeacherA', 'teacher'] as const) {
      const cookie = await signIn(one.logins[who]);
      expect((await get(access(person.id), cookie)).statusCode, who).toBe(403);
      const grant = await post(access(person.id, 'grant'), cookie, { email: `${who}.forged@school.example` });
      expect(grant.statusCode, who).toBe(403);
      expect(refusalOn(grant), who).toEqual(['Недостаточно прав для этого действия.']);
      for (const op of ['disable', 'enable', 'reset', 'remove']) expect((await post(access(one.people.teacher.id, op), cookie)).statusCode, `${who} ${op}`).toBe(403);
      const action = await get(`/admin/api/resources/Staff/records/${person.id}/panelAccess`, cookie);
      expect(action.statusCode === 403 || action.json().notice?.message === 'forbiddenError', who).toBe(true);
    }
    expect(await accountOf(person.id)).toBeNull();
    expect((await accountOf(one.people.teacher.id))!.disabledAt).toBeNull();
  });

  it('refuses another school\'s staff, forged, deleted and departed records, and a second account, in words', async () => {
    const admin = await signIn(one.logins.administrator);
    // Another school's member of staff does not exist for this administrator.
    const foreign = await newStaff(two.school, 'Чужая', ['teacher']);
    const cross = await post(access(foreign.id, 'grant'), admin, { email: 'foreign@school.example' });
    expect(cross.statusCode).toBe(404);
    expect(refusalOn(cross)).toEqual(['Запись не найдена.']);
    expect((await get(access(foreign.id), admin)).statusCode).toBe(404);
    expect((await post(access(two.people.teacher.id, 'disable'), admin)).statusCode).toBe(404);
    expect((await accountOf(two.people.teacher.id))!.disabledAt).toBeNull();
    expect(await accountOf(foreign.id)).toBeNull();

    // Forged ids: none such, not a number, negative.
    expect((await post(access(99_999_999, 'grant'), admin, { email: 'ghost@school.example' })).statusCode).toBe(404);
    for (const id of ['abc', '-1', '0', '1e3']) expect((await post(access(id, 'grant'), admin, { email: 'ghost@school.example' })).statusCode, id).toBe(404);

    // A deleted record, and one who left the school.
    const gone = await newStaff(one.school, 'Удалённая', ['teacher']);
    await t.core.unitOfWork(() => t.core.records.remove('Staff', gone.id, systemActor('cli')));
    expect((await post(access(gone.id, 'grant'), admin, { email: 'gone@school.example' })).statusCode).toBe(404);
    const left = await newStaff(one.school, 'Уволившаяся', ['teacher'], { active: false });
    const refusedLeft = await post(access(left.id, 'grant'), admin, { email: 'left@school.example' });
    expect(refusedLeft.statusCode).toBe(422);
    expect(refusedLeft.body).toContain('больше не работает в школе');

    // Already has one; an e-mail taken; a bad e-mail; no role that enters the panel.
    const twice = await post(access(one.people.teacher.id, 'grant'), admin, { email: 'second@school.example' });
    expect(refusalOn(twice)).toEqual(['У сотрудника уже есть учётная запись панели: её можно отключить, включить снова или сбросить пароль.']);
    const person = await newStaff(one.school, 'Свободная', ['teacher']);
    expect(refusalOn(await post(access(person.id, 'grant'), admin, { email: one.logins.director.toUpperCase() }))).toEqual([`Адрес «${one.logins.director}» уже занят другой учётной записью панели.`]);
    expect(refusalOn(await post(access(person.id, 'grant'), admin, { email: 'not-an-email' }))).toEqual(['«not-an-email» — неверный адрес электронной почты.']);
    expect(refusalOn(await post(access(person.id, 'grant'), admin, {}))).toEqual(['Обязательное поле.']);
    const roleless = await newStaff(one.school, 'Безролевая', []);
    expect((await post(access(roleless.id, 'grant'), admin, { email: 'roleless@school.example' })).body).toContain('нет роли, с которой входят в панель');
    expect(await t.orm.em.fork().count(AdminAccount, { staff: { $in: [person.id, roleless.id, left.id] } })).toBe(0);

    // Its own account is not disabled or reset from here.
    expect((await post(access(one.people.administrator.id, 'disable'), admin)).json().errors[0]).toContain('Свою учётную запись здесь не изменить');
    expect((await post(access(one.people.administrator.id, 'reset'), admin)).statusCode).toBe(422);
    // An account of the school that no longer opens the panel is refused enabling while its person is away.
    await post(access(one.people.classTeacherB.id, 'disable'), admin);
    await sql('update staff set active = false where id = ?', [one.people.classTeacherB.id]);
    expect((await post(access(one.people.classTeacherB.id, 'enable'), admin)).statusCode).toBe(422);
    expect(await t.orm.em.fork().count(Staff, { id: one.people.classTeacherB.id })).toBe(1);
  });

  it('lets the deployment\'s administrator give an account in any school, still with the staff record\'s roles', async () => {
    const root = await signIn(DEPLOYMENT_EMAIL, DEPLOYMENT_PASSWORD);
    const person = await newStaff(two.school, 'Вторая', ['inspector']);
    const given = await post(access(person.id, 'grant'), root, { email: 'inspector2@school.example', deployment: 'true' });
    expect(given.statusCode).toBe(200);
    const account = (await accountOf(person.id))!;
    expect(account.deployment).toBe(false);
    const actor = await t.core.unitOfWork(() => t.core.panel.actor(account.id));
    expect({ kind: actor?.kind, roles: [...actor!.roles], schoolId: actor?.schoolId }).toEqual({ kind: 'staff', roles: ['inspector'], schoolId: two.school.id });
    const [line] = await t.orm.em.fork().find(AuditEntry, { entity: 'AdminAccount', entityId: String(account.id), action: 'create' });
    expect({ kind: line?.actorKind, school: line?.school?.id }).toEqual({ kind: 'deployment', school: two.school.id });
  });
});
