import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { guardianActor, systemActor, type Actor } from '../../core/access/actor.js';
import { PersonalDataRead } from '../../core/audit/personal-data-read.entity.js';
import { readLogWatch } from '../support/read-log-watch.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { WeeklyDigest } from '../../core/notifications/weekly-digest.entity.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { fixedClock } from '../../core/time/clock.js';
import { recordConsent } from '../support/notification-fixture.js';
import { panelClient, panelRefused } from '../support/panel-client.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

// Monday 23 November 2026, 12:00 in Moscow.
const NOW = '2026-11-23T09:00:00Z';
const TODAY = '2026-11-23';

/**
 * The panel's pages not built on the records' resource wrapper, and its autocomplete, write one read each
 * (G4); nobody, in any role or school, changes or removes a read, and a school sees only its own.
 */
describe('panel: searches, messages, mark changes, the outbox and the day summary in the reads log (G4)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  let admin: Actor;
  let slotId: number;
  const panel = panelClient(() => app);
  const sys = systemActor('cli');
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const em = () => t.orm.em.fork();
  const { mark, added } = readLogWatch(em);
  const shown = async () => (await added()).map((l) => [l.kind, l.resource, l.recordId, l.people, l.channel, l.address, l.actorStaff?.id ?? null]);
  const list = async (who: string, resource: string) => {
    const res = await panel.api(who, 'GET', `/resources/${resource}/actions/list`);
    expect(res.statusCode, `${resource} list`).toBe(200);
    return res.json().records as { id: string; params: Record<string, unknown> }[];
  };

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    s = await createSchoolFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    const create = async (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
      ((await run(() => t.core.records.create(kind, { school: s.school.id, ...input }, sys))) as { id: number }).id;
    const workType = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
    slotId = await create('TimetableSlot', { assignment: s.assignment.id, group: s.groupA.id, weekday: 1, lessonNumber: 1, validFrom: '2026-09-01' });
    await recordConsent(em(), s.school.id, s.guardianA.id, 'given');
    const teacher = (await staffActorFor(em(), s.people.teacher.id, 'bot'))!;
    admin = (await staffActorFor(em(), s.people.administrator.id, 'panel'))!;
    const lesson = await run(() => t.core.journal.lessons.openLesson(s.assignment.id, TODAY, 1, teacher));
    const mark = await run(() => t.core.journal.marks.giveMark(lesson.id, s.studentA.id, 5, { workTypeId: workType }, teacher));
    await run(() => t.core.journal.marks.changeMark(mark.id, { value: 4 }, mark.version, teacher));
    await run(() => t.core.messages.write(guardianActor({ schoolId: s.school.id, guardianId: s.guardianA.id }), s.studentA.id, s.people.teacher.id, 'Здравствуйте!'));
    // Two notifications waiting: a mark for the mother about her son, a message for the teacher about him.
    const waiting = { school: s.school.id, telegramAccountId: 9601, studentId: s.studentA.id, payload: {}, notBefore: new Date(NOW), createdAt: new Date(NOW), updatedAt: new Date(NOW) };
    await em().insert(Notification, { ...waiting, personKind: 'guardian', personId: s.guardianA.id, kind: 'mark', eventKey: 'mark:1' });
    await em().insert(Notification, { ...waiting, telegramAccountId: 9602, personKind: 'staff', personId: s.people.teacher.id, kind: 'message', eventKey: 'message:1' });
    await em().insert(WeeklyDigest, { school: s.school.id, guardian: s.guardianA.id, student: s.studentA.id, weekStart: '2026-11-16', sentAt: new Date(NOW) });
    await run(() => t.core.announcements.create({ groupId: null, title: 'Собрание', text: 'В пятницу в 18:00.' }, admin));
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });
  beforeEach(mark);

  it('the autocomplete of a reference picker or a filter answers names: one line with how many it answered; one that names nobody, none', async () => {
    const found = await panel.api(s.logins.administrator, 'GET', `/resources/Student/actions/search/${encodeURIComponent('Алекс')}`);
    expect(found.statusCode).toBe(200);
    expect((found.json().records as unknown[]).length).toBe(1);
    const guardians = (await panel.api(s.logins.classTeacherA, 'GET', '/resources/Guardian/actions/search')).json().records as unknown[];
    await panel.api(s.logins.administrator, 'GET', '/resources/Subject/actions/search');
    const nobody = await panel.api(s.logins.administrator, 'GET', `/resources/Student/actions/search/${encodeURIComponent('Никтоев')}`);
    expect(nobody.json().records).toEqual([]);
    expect(await shown()).toEqual([
      ['list', 'Student', null, 1, 'panel', '127.0.0.1', s.people.administrator.id],
      ['list', 'Guardian', null, guardians.length, 'panel', '127.0.0.1', s.people.classTeacherA.id],
    ]);
    expect((await added()).map((l) => l.detail)).toEqual(['search', 'search, all']);
  });

  it('«Изменения отметок»: the page names the student and the teacher of each change, one line; a change opened, one line', async () => {
    const [row] = await list(s.logins.director, 'MarkChange');
    expect(row!.params.student).toContain('Алексеев');
    expect((await panel.api(s.logins.director, 'GET', `/resources/MarkChange/records/${row!.id}/show`)).statusCode).toBe(200);
    expect(await shown()).toEqual([
      ['report', 'MarkChange', null, 2, 'panel', '127.0.0.1', s.people.director.id],
      ['record', 'MarkChange', String(row!.id), 2, 'panel', '127.0.0.1', s.people.director.id],
    ]);
  });

  it('«Переписка»: the list and a thread name the parent, the child and the teacher, one line each', async () => {
    const [thread] = await list(s.logins.director, 'MessageThread');
    expect((await panel.api(s.logins.director, 'GET', `/resources/MessageThread/records/${thread!.id}/show`)).statusCode).toBe(200);
    expect(await shown()).toEqual([
      ['list', 'MessageThread', null, 3, 'panel', '127.0.0.1', s.people.director.id],
      ['record', 'MessageThread', String(thread!.id), 3, 'panel', '127.0.0.1', s.people.director.id],
    ]);
  });

  it('«Уведомления»: the page names each recipient and child once, one line; a notification opened, one line', async () => {
    const rows = await list(s.logins.administrator, 'Notification');
    expect(rows.length).toBeGreaterThan(1);
    const notifications = await em().find(Notification, { school: s.school.id }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 25 });
    expect(rows.length).toBe(notifications.length);
    const named = new Set(notifications.flatMap((n) => [`${n.personKind}:${n.personId}`, ...(n.studentId ? [`student:${n.studentId}`] : [])]));
    const first = notifications[0]!;
    await panel.api(s.logins.administrator, 'GET', `/resources/Notification/records/${first.id}/show`);
    const one = new Set([`${first.personKind}:${first.personId}`, ...(first.studentId ? [`student:${first.studentId}`] : [])]);
    expect(await shown()).toEqual([
      ['list', 'Notification', null, named.size, 'panel', '127.0.0.1', s.people.administrator.id],
      ['record', 'Notification', String(first.id), one.size, 'panel', '127.0.0.1', s.people.administrator.id],
    ]);
  });

  it('«Еженедельные сводки» name the child and the parent; «Объявления» their author, but not to the author itself', async () => {
    const [digest] = await list(s.logins.administrator, 'WeeklyDigest');
    await panel.api(s.logins.administrator, 'GET', `/resources/WeeklyDigest/records/${digest!.id}/show`);
    await list(s.logins.director, 'Announcement');
    await list(s.logins.administrator, 'Announcement');
    expect(await shown()).toEqual([
      ['list', 'WeeklyDigest', null, 2, 'panel', '127.0.0.1', s.people.administrator.id],
      ['record', 'WeeklyDigest', String(digest!.id), 2, 'panel', '127.0.0.1', s.people.administrator.id],
      ['list', 'Announcement', null, 1, 'panel', '127.0.0.1', s.people.director.id],
    ]);
  });

  it('the home page\'s day summary names the day\'s teachers: one line', async () => {
    const home = await panel.api(s.logins.director, 'GET', '/dashboard');
    expect(home.statusCode).toBe(200);
    expect(await shown()).toEqual([['report', 'DaySummary', null, 1, 'panel', '127.0.0.1', s.people.director.id]]);
    expect((await added())[0]).toMatchObject({ school: { id: s.school.id }, detail: `school, ${TODAY}` });
  });

  it('the pages of a record\'s own actions, the report form\'s teachers, a slot\'s substitutes and the class\'s invitations: one line each', async () => {
    const raw = async (method: 'GET' | 'POST', url: string) =>
      app.inject({ method, url: `/admin${url}`, headers: { cookie: await panel.login(s.logins.administrator) } });
    expect((await panel.api(s.logins.administrator, 'GET', `/resources/Guardian/records/${s.guardianA.id}/consent`)).statusCode).toBe(200);
    expect((await panel.api(s.logins.administrator, 'GET', `/resources/Staff/records/${s.people.teacher.id}/panelAccess`)).statusCode).toBe(200);
    expect((await raw('GET', '/reports/choices')).statusCode).toBe(200);
    expect((await raw('GET', `/data/substitutions/${slotId}`)).statusCode).toBe(200);
    const slips = await raw('POST', `/data/invite-slips/${s.groupA.id}.pdf?who=both`);
    expect(slips.statusCode).toBe(200);
    const me = s.people.administrator.id;
    expect(await shown()).toEqual([
      ['record', 'Guardian', String(s.guardianA.id), 1, 'panel', '127.0.0.1', me],
      ['record', 'Staff', String(s.people.teacher.id), 1, 'panel', '127.0.0.1', me],
      // The one teacher with a class and subject of the school.
      ['list', 'ReportChoices', null, 1, 'panel', '127.0.0.1', me],
      // The slot's teacher and the three others who teach.
      ['list', 'Substitution', String(slotId), 4, 'panel', '127.0.0.1', me],
      // The student of 7А and its mother, whose consent is given.
      ['export', 'InviteSlips', String(s.groupA.id), 2, 'panel', '127.0.0.1', me],
    ]);
    expect((await added()).map((l) => l.detail)).toEqual(['consent', 'panelAccess', 'teachers', null, 'pdf, both']);
  });

  it('the journal page\'s subject list names each subject\'s teacher: one line, but not for the teacher reading its own', async () => {
    const view = async (who: string) => app.inject({ method: 'GET', url: `/admin/data/journal/view?group=${s.groupA.id}`, headers: { cookie: await panel.login(who) } });
    expect((await view(s.logins.director)).statusCode).toBe(200);
    expect((await view(s.logins.teacher)).statusCode).toBe(200);
    expect(await shown()).toEqual([['list', 'JournalChoices', String(s.groupA.id), 1, 'panel', '127.0.0.1', s.people.director.id]]);
  });

  it('nobody — any role, a forged id, another school — edits, deletes or adds a read line through the panel', async () => {
    const ours = await em().find(PersonalDataRead, { school: s.school.id }, { orderBy: { id: 'asc' } });
    const theirs = await em().findOneOrFail(PersonalDataRead, { school: other.school.id }, { orderBy: { id: 'asc' } }).catch(async () => {
      await panel.api(other.logins.administrator, 'GET', `/resources/Student/records/${other.studentA.id}/show`);
      return em().findOneOrFail(PersonalDataRead, { school: other.school.id });
    });
    const snapshot = async () => (await em().find(PersonalDataRead, { id: { $lte: Math.max(ours.at(-1)!.id, theirs.id) } }, { orderBy: { id: 'asc' } }))
      .map((l) => [l.id, l.kind, l.resource, l.people, l.school?.id, l.detail]);
    const kept = await snapshot();
    const everyone = [...Object.values(s.logins), other.logins.administrator, other.logins.director];
    for (const who of everyone) {
      for (const id of [ours[0]!.id, theirs.id, 999_999_999]) {
        expect(panelRefused(await panel.api(who, 'POST', `/resources/PersonalDataRead/records/${id}/edit`, { people: '0', detail: 'x' })), `${who} edit ${id}`).toBe(true);
        expect(panelRefused(await panel.api(who, 'POST', `/resources/PersonalDataRead/records/${id}/delete`)), `${who} delete ${id}`).toBe(true);
      }
      const bulk = await panel.api(who, 'POST', `/resources/PersonalDataRead/bulk/bulkDelete?recordIds=${ours[0]!.id},${theirs.id}`);
      expect(panelRefused(bulk), `${who} bulk delete`).toBe(true);
      expect(panelRefused(await panel.api(who, 'POST', '/resources/PersonalDataRead/actions/new', { kind: 'list', resource: 'Student', people: '1', school: String(s.school.id) })), `${who} new`).toBe(true);
    }
    expect(await snapshot()).toEqual(kept);
  });

  it('another school\'s administrator sees none of this school\'s lines, even asking for them by filter or id', async () => {
    const ours = await em().find(PersonalDataRead, { school: s.school.id }, { orderBy: { id: 'asc' } });
    expect(ours.length).toBeGreaterThan(5);
    for (const who of [other.logins.administrator, other.logins.director]) {
      const page = await panel.api(who, 'GET', `/resources/PersonalDataRead/actions/list?perPage=500&filters.school=${s.school.id}`);
      const records = (page.json().records ?? []) as { id: string; params: Record<string, unknown> }[];
      expect(records.filter((r) => r.params.school !== other.school.id)).toEqual([]);
      const all = (await panel.api(who, 'GET', '/resources/PersonalDataRead/actions/list?perPage=500')).json().records as { id: string }[];
      const ourIds = new Set(ours.map((l) => String(l.id)));
      expect(all.filter((r) => ourIds.has(String(r.id)))).toEqual([]);
      for (const line of [ours[0]!, ours.at(-1)!]) {
        expect(panelRefused(await panel.api(who, 'GET', `/resources/PersonalDataRead/records/${line.id}/show`)), `${who} show ${line.id}`).toBe(true);
      }
    }
  });
});
