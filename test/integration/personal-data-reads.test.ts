import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { guardianActor, systemActor, type Actor } from '../../core/access/actor.js';
import { PersonalDataRead } from '../../core/audit/personal-data-read.entity.js';
import { ValidationFailed } from '../../core/base/errors.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { MovableClock } from '../../core/time/clock.js';
import { recordConsent } from '../support/notification-fixture.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const NOW = '2026-11-23T09:00:00Z';

describe('reads of personal data are logged, one line per read (G4)', () => {
  let t: TestCore;
  let dir: string;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const clock = new MovableClock(NOW);
  let admin: Actor;
  let teacher: Actor;
  let classTeacher: Actor;
  let lessonId: number;
  let q2: number;
  const students: number[] = [];

  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const em = () => t.orm.em.fork();
  const lines = () => em().find(PersonalDataRead, {}, { orderBy: { id: 'asc' } });
  const sql = (query: string) => em().getConnection().execute(query);

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-reads-'));
    t = await createTestCore({ ARCHIVE_DIR: path.join(dir, 'archive'), KEYS_DIR: path.join(dir, 'keys') }, clock);
    s = await createSchoolFixture(t.core);
    const system = systemActor('panel');
    const create = async (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
      ((await run(() => t.core.records.create(kind, { school: s.school.id, ...input }, system))) as { id: number }).id;
    const workType = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
    q2 = await create('Period', { year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' });
    students.push(s.studentA.id);
    for (const lastName of ['Воронин', 'Гусев']) {
      const id = await create('Student', { lastName, firstName: 'Олег', birthDate: '2013-02-02', sex: 'm' });
      await create('Enrollment', { student: id, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
      students.push(id);
    }
    admin = (await staffActorFor(em(), s.people.administrator.id, 'panel'))!;
    teacher = (await staffActorFor(em(), s.people.teacher.id, 'bot'))!;
    classTeacher = (await staffActorFor(em(), s.people.classTeacherA.id, 'panel'))!;
    lessonId = (await run(() => t.core.journal.lessons.openLesson(s.assignment.id, '2026-11-23', 1, teacher))).id;
    for (const [i, id] of students.entries()) await run(() => t.core.journal.marks.giveMark(lessonId, id, 5 - i, { workTypeId: workType }, teacher));
    await recordConsent(em(), s.school.id, s.guardianA.id, 'given');
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });
  let before = 0;
  beforeEach(async () => {
    before = (await lines()).length;
  });
  const added = async () => (await lines()).slice(before);

  it('a list export: one line with the number of people it names, who, when and from where', async () => {
    const actor = { ...admin, address: '203.0.113.7' };
    await run(() => t.core.exportList('Student', actor, 'csv'));
    const [line, ...more] = await added();
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      kind: 'export', resource: 'Student', detail: 'csv', people: 4, school: { id: s.school.id }, channel: 'panel', address: '203.0.113.7',
      actorKind: 'staff', actorStaff: { id: s.people.administrator.id }, actorAccountId: admin.accountId ?? null,
    });
    expect(line!.at.toISOString()).toBe(new Date(NOW).toISOString());
    // A list that names nobody is no read of personal data.
    await run(() => t.core.exportList('Subject', admin, 'csv'));
    expect(await added()).toHaveLength(1);
  });

  it('the journal page and its print: one line each with the class\'s size', async () => {
    await run(() => t.core.journalPages.page(s.assignment.id, q2, classTeacher));
    await run(() => t.core.journalPages.print(s.assignment.id, q2, 'xlsx', classTeacher));
    expect((await added()).map((l) => [l.kind, l.resource, l.recordId, l.detail, l.people])).toEqual([
      ['journal', 'Journal', String(s.assignment.id), `view, period ${q2}`, 3],
      ['journal', 'Journal', String(s.assignment.id), `xlsx, period ${q2}`, 3],
    ]);
  });

  it('a statement: one line about one student; the guardian\'s own is not logged', async () => {
    await run(() => t.core.statements.pdf(s.studentA.id, classTeacher, { compress: false }));
    await run(() => t.core.statements.pdf(s.studentA.id, guardianActor({ schoolId: s.school.id, guardianId: s.guardianA.id }), { compress: false }));
    expect((await added()).map((l) => [l.kind, l.resource, l.recordId, l.people, l.actorStaff?.id])).toEqual([['statement', 'Student', String(s.studentA.id), 1, s.people.classTeacherA.id]]);
  });

  it('a report with names: one line with the people it names; a report of counts only names nobody', async () => {
    await run(() => t.core.reports.make('E1', { period: q2, class: s.groupA.id }, admin, 'csv'));
    await run(() => t.core.reports.make('E9', { period: q2 }, admin, 'csv'));
    expect((await added()).map((l) => [l.kind, l.resource, l.people])).toEqual([['report', 'E1', 3]]);
  });

  it('the bot\'s class list: one line when the screen is opened, none when it is drawn again after a tap', async () => {
    await run(() => t.core.teacherJournal.lesson(lessonId, teacher, 'rollCall'));
    await run(() => t.core.teacherJournal.setAttendance(lessonId, s.studentA.id, 'op', undefined, teacher));
    await run(() => t.core.teacherJournal.lesson(lessonId, teacher));
    await run(() => t.core.teacherJournal.periodSheet(s.assignment.id, q2, teacher, true));
    expect((await added()).map((l) => [l.kind, l.resource, l.detail, l.people, l.channel])).toEqual([
      ['list', 'Lesson', 'rollCall', 3, 'bot'],
      ['list', 'PeriodMark', `periodSheet, period ${q2}`, 3, 'bot'],
    ]);
  });

  it('a scheduled job reads nothing into the log', async () => {
    await run(() => t.core.journalPages.page(s.assignment.id, q2, systemActor('job')));
    expect(await added()).toEqual([]);
  });

  it('the archive download: one line with the class\'s size', async () => {
    clock.set('2027-06-15T09:00:00Z');
    const director = (await staffActorFor(em(), s.people.director.id, 'panel'))!;
    const [journal] = await run(() => t.core.archives.make(s.groupA.id, director));
    before = (await lines()).length;
    await run(() => t.core.archives.download(journal!.id, director));
    expect((await added()).map((l) => [l.kind, l.resource, l.recordId, l.people])).toEqual([['archive', 'JournalArchive', String(journal!.id), 3]]);
  });

  it('nobody changes or removes a line: not the record service, not SQL', async () => {
    const [line] = await lines();
    await expect(run(() => t.core.records.update('PersonalDataRead', line!.id, { people: 0 }, admin))).rejects.toBeInstanceOf(ValidationFailed);
    await expect(run(() => t.core.records.remove('PersonalDataRead', line!.id, admin))).rejects.toBeInstanceOf(ValidationFailed);
    await expect(sql(`update personal_data_read set people = 0 where id = ${line!.id}`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(sql(`delete from personal_data_read`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql(`truncate personal_data_read`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect((await em().findOneOrFail(PersonalDataRead, line!.id)).people).toBe(line!.people);
  });
});
