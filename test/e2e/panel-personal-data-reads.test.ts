import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import type { Bot } from '../../bot/create-bot.js';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import { systemActor } from '../../core/access/actor.js';
import { PersonalDataRead } from '../../core/audit/personal-data-read.entity.js';
import { readLogWatch } from '../support/read-log-watch.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { Student } from '../../core/people/student.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { interceptTelegram } from '../support/fake-telegram.js';
import { recordConsent } from '../support/notification-fixture.js';
import { panelClient, panelRefused } from '../support/panel-client.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

const NOW = '2026-11-23T09:00:00Z';
const TEACHER = 9401;
const GUARDIAN = 9402;
const refused = panelRefused;

describe('panel and bot: reads of personal data in «Журнал доступа к ПДн» (G4)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  const panel = panelClient(() => app);
  const sys = systemActor('cli');
  const em = () => t.orm.em.fork();
  const { mark, added } = readLogWatch(em);
  const signIn = async (telegramId: number, kind: 'staff' | 'guardian', personId: number) => {
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue(kind, personId, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(telegramId, `/start ${code}`));
  };

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    s = await createSchoolFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    await recordConsent(em(), s.school.id, s.guardianA.id, 'given');
    app = await buildServer(t.core);
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    await signIn(TEACHER, 'staff', s.people.teacher.id);
    await signIn(GUARDIAN, 'guardian', s.guardianA.id);
  });
  afterAll(async () => {
    telegram?.restore();
    await app?.close();
    await t?.close();
  });
  beforeEach(mark);

  it('a person\'s record opened, its edit form and a list page of people: one line each, from the panel with the address', async () => {
    const who = s.logins.classTeacherA;
    expect((await panel.api(who, 'GET', `/resources/Student/records/${s.studentA.id}/show`)).statusCode).toBe(200);
    expect((await panel.api(who, 'GET', `/resources/Student/records/${s.studentA.id}/edit`)).statusCode).toBe(200);
    const list = await panel.api(who, 'GET', '/resources/Student/actions/list');
    const shown = (list.json().records as unknown[]).length;
    expect(shown).toBeGreaterThan(0);
    expect((await added()).map((l) => [l.kind, l.resource, l.recordId, l.people, l.channel, l.address, l.actorStaff?.id])).toEqual([
      ['record', 'Student', String(s.studentA.id), 1, 'panel', '127.0.0.1', s.people.classTeacherA.id],
      ['record', 'Student', String(s.studentA.id), 1, 'panel', '127.0.0.1', s.people.classTeacherA.id],
      ['list', 'Student', null, shown, 'panel', '127.0.0.1', s.people.classTeacherA.id],
    ]);
  });

  it('saving a form is a change, not a read; a list that names nobody is no read; links count the people they name', async () => {
    const saved = await panel.api(s.logins.classTeacherA, 'POST', `/resources/Student/records/${s.studentA.id}/edit`, { middleName: 'Иванович' });
    expect(saved.json().record.errors).toEqual({});
    await panel.api(s.logins.administrator, 'GET', '/resources/Subject/actions/list');
    await panel.api(s.logins.administrator, 'GET', '/resources/StudentGuardian/actions/list');
    expect((await added()).map((l) => [l.kind, l.resource, l.people])).toEqual([['list', 'StudentGuardian', 2]]);
  });

  it('the bot: the roll call opened by the teacher is one line; the taps on it none; a guardian reading its child none', async () => {
    const teacher = (await staffActorFor(em(), s.people.teacher.id, 'bot'))!;
    const lesson = await t.core.unitOfWork(() => t.core.journal.lessons.openLesson(s.assignment.id, '2026-11-23', 1, teacher));
    await mark();
    await bot.handleUpdate(callbackUpdate(TEACHER, encodeJournal('r', { lessonId: lesson.id, page: 0 })));
    await bot.handleUpdate(callbackUpdate(TEACHER, encodeJournal('rs', { lessonId: lesson.id, studentId: s.studentA.id, version: 0, code: 0, page: 0 })));
    await bot.handleUpdate(textUpdate(GUARDIAN, '/diary'));
    expect((await added()).map((l) => [l.kind, l.resource, l.detail, l.people, l.channel, l.address])).toEqual([['list', 'Lesson', 'rollCall', 1, 'bot', null]]);
    expect(telegram.violations).toEqual([]);
  });

  it('the page: the administrator and the director read their school\'s lines, filtered; a teacher, the deputy and another school cannot', async () => {
    await panel.api(other.logins.administrator, 'GET', `/resources/Student/records/${other.studentA.id}/show`);
    const ours = await em().find(PersonalDataRead, { school: s.school.id });
    const theirs = await em().findOneOrFail(PersonalDataRead, { school: other.school.id });
    for (const who of [s.logins.administrator, s.logins.director]) {
      const list = await panel.api(who, 'GET', '/resources/PersonalDataRead/actions/list?filters.kind=record&perPage=100');
      expect(list.statusCode).toBe(200);
      const records = list.json().records as { id: string; params: Record<string, unknown>; recordActions: { name: string }[] }[];
      expect(records.length).toBeGreaterThan(0);
      expect(records.every((r) => r.params.kind === 'record' && r.params.school === s.school.id)).toBe(true);
      expect(records.map((r) => Number(r.id))).not.toContain(theirs.id);
      expect(records[0]!.recordActions.map((a) => a.name).sort()).toEqual(['show']);
      expect(refused(await panel.api(who, 'GET', `/resources/PersonalDataRead/records/${theirs.id}/show`))).toBe(true);
    }
    expect(refused(await panel.api(other.logins.administrator, 'GET', `/resources/PersonalDataRead/records/${ours[0]!.id}/show`))).toBe(true);
    for (const who of [s.logins.teacher, s.logins.deputy, s.logins.classTeacherA, s.logins.inspector]) {
      const list = await panel.api(who, 'GET', '/resources/PersonalDataRead/actions/list');
      expect(refused(list), who).toBe(true);
      expect(list.json().records ?? []).toEqual([]);
    }
  });

  it('nobody edits or deletes a line, the administrator included', async () => {
    const [line] = await em().find(PersonalDataRead, { school: s.school.id }, { limit: 1 });
    for (const who of [s.logins.administrator, s.logins.director]) {
      expect(refused(await panel.api(who, 'POST', `/resources/PersonalDataRead/records/${line!.id}/edit`, { people: '0' })), who).toBe(true);
      expect(refused(await panel.api(who, 'POST', `/resources/PersonalDataRead/records/${line!.id}/delete`)), who).toBe(true);
      expect(refused(await panel.api(who, 'POST', '/resources/PersonalDataRead/actions/new', { kind: 'list', resource: 'Student', people: '1' })), who).toBe(true);
    }
    expect(await em().findOneOrFail(PersonalDataRead, line!.id)).toMatchObject({ people: line!.people });
    expect((await em().findOneOrFail(Student, s.studentA.id)).middleName).toBe('Иванович');
  });
});
