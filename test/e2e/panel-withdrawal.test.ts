import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import { panelClient } from '../support/panel-client.js';
import { closeTwoSchoolPanel, openTwoSchoolPanel, type TwoSchoolPanel } from '../support/two-school-panel.js';

/**
 * G3 and 152-ФЗ art. 14 in the panel, over HTTP: «отозвано» in the consent registry withdraws (rights as for
 * the registry: the administrator, the class teacher of the child), the lists then show the codes, and
 * «Данные о человеке» gives the PDF and the JSON to the administrator and the director only.
 */
describe('withdrawal and a person\'s data from the panel', () => {
  let p: TwoSchoolPanel;
  const panel = panelClient(() => p.app);
  const as = async (who: keyof TwoSchoolPanel['one']['logins'], school: 'one' | 'two' = 'one') => ({ cookie: await panel.login(p[school].logins[who]) });
  const withdraw = async (guardianId: number, headers: Record<string, string>) =>
    p.app.inject({ method: 'POST', url: `/admin/data/consent/${guardianId}`, headers, payload: { status: 'withdrawn', date: '2026-09-02', note: 'заявление об отзыве' } });

  beforeAll(async () => {
    p = await openTwoSchoolPanel();
    await p.t.core.unitOfWork(() => p.t.core.consents.record(p.one.guardianA.id, 'given', '2026-09-01', systemActor('cli')));
  });
  afterAll(() => closeTwoSchoolPanel(p));

  it('refuses a teacher, another class\'s class teacher, another school\'s administrator and a made-up parent', async () => {
    expect((await withdraw(p.one.guardianA.id, await as('teacher'))).statusCode).toBe(403);
    expect((await withdraw(p.one.guardianA.id, await as('classTeacherB'))).statusCode).toBe(403);
    expect((await withdraw(p.one.guardianA.id, await as('administrator', 'two'))).statusCode).toBe(404);
    expect((await withdraw(987654, await as('administrator'))).statusCode).toBe(404);
  });

  it('withdraws as the child\'s class teacher: the answer names the codes, the lists show them, a second time is refused', async () => {
    const res = await withdraw(p.one.guardianA.id, await as('classTeacherA'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'withdrawn', withdrawal: { guardian: { pseudonymNo: 1 }, studentsPseudonymised: [{ id: p.one.studentA.id, pseudonymNo: 1 }] } });

    const headers = await as('administrator');
    const guardians = await p.app.inject({ method: 'GET', url: '/admin/api/resources/Guardian/actions/list', headers });
    const students = await p.app.inject({ method: 'GET', url: '/admin/api/resources/Student/actions/list', headers });
    expect(guardians.body).toContain('Родитель 1');
    expect(students.body).toContain('Ученик 1');
    for (const body of [guardians.body, students.body]) expect(body).not.toMatch(/Алексеева? (Анна|Пётр)|000-00-01/);

    const again = await withdraw(p.one.guardianA.id, headers);
    expect(again.statusCode).toBe(422);
    expect(JSON.stringify(again.json())).toContain('уже отозвано');
    // The other school's people are untouched.
    const there = await p.app.inject({ method: 'GET', url: '/admin/api/resources/Student/actions/list', headers: await as('administrator', 'two') });
    expect(there.body).toContain('Алексеев');
  });

  it('gives a person\'s data as PDF and JSON to the director and the administrator, and to nobody else', async () => {
    const url = (kind: string, id: number, format: string) => `/admin/data/person-data/${kind}/${id}.${format}`;
    const pdf = await p.app.inject({ method: 'GET', url: url('student', p.one.studentA.id, 'pdf'), headers: await as('director') });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="person-student-\d+-\d{4}-\d\d-\d\d\.pdf"$/);
    const json = await p.app.inject({ method: 'GET', url: `${url('guardian', p.one.guardianA.id, 'json')}?lang=en`, headers: await as('administrator') });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ kind: 'guardian', person: { lastName: 'Родитель 1', phone: null } });
    expect(json.body).toContain('Student 1');

    for (const who of ['deputy', 'inspector', 'teacher', 'classTeacherA'] as const) {
      expect((await p.app.inject({ method: 'GET', url: url('student', p.one.studentA.id, 'json'), headers: await as(who) })).statusCode, who).toBe(403);
    }
    expect((await p.app.inject({ method: 'GET', url: url('student', p.one.studentA.id, 'json'), headers: await as('director', 'two') })).statusCode).toBe(404);
    expect((await p.app.inject({ method: 'GET', url: url('staff', 987654, 'pdf'), headers: await as('director') })).statusCode).toBe(404);
    expect((await p.app.inject({ method: 'GET', url: url('student', p.one.studentA.id, 'pdf') })).statusCode).not.toBe(200);

    const staff = await p.app.inject({ method: 'GET', url: `/admin/api/resources/Staff/records/${p.one.people.teacher.id}/show`, headers: await as('director') });
    expect((staff.json().record.recordActions as { name: string }[]).map((a) => a.name)).toContain('personData');
    const deputy = await p.app.inject({ method: 'GET', url: `/admin/api/resources/Student/records/${p.one.studentA.id}/show`, headers: await as('deputy') });
    expect((deputy.json().record.recordActions as { name: string }[]).map((a) => a.name)).not.toContain('personData');
  });
});
