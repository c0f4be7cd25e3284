import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, systemActor } from '../../core/access/actor.js';
import { AccessDenied } from '../../core/base/errors.js';
import { Invite } from '../../core/telegram/invite.entity.js';
import { renderInviteSlips, SLIPS_PER_PAGE } from '../../core/invites/invite-slips.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

let t: TestCore;
let school: Awaited<ReturnType<typeof createSchoolFixture>>;
let bigGroup: number;
const sys = systemActor('cli');
const inUnit = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
const NAMES = ['Абрамов', 'Белов', 'Васильев', 'Григорьев', 'Дмитриев', 'Егоров', 'Жуков', 'Зайцев', 'Ильин', 'Козлов', 'Лебедев', 'Морозов', 'Никитин',
  'Орлов', 'Павлов', 'Романов', 'Соколов', 'Тихонов', 'Уткин', 'Фёдоров', 'Харитонов', 'Цветков', 'Чернов', 'Шаров', 'Щукин'];

beforeAll(async () => {
  t = await createTestCore();
  school = await createSchoolFixture(t.core);
  bigGroup = await inUnit(async () => {
    const create = (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
      t.core.records.create(kind, { school: school.school.id, ...input }, sys) as Promise<{ id: number }>;
    const group = await create('Group', { year: school.year.id, name: '7В', gradeLevel: 7 });
    for (const lastName of NAMES) {
      const s = await create('Student', { lastName, firstName: 'Иван', birthDate: '2013-04-05', sex: 'm' });
      await create('Enrollment', { student: s.id, group: group.id, startDate: '2026-09-01', startReason: 'admission' });
    }
    return group.id;
  });
});
afterAll(() => t.close());

describe('printed invitation slips', () => {
  it('renders 25 students on 7 A4 pages, 4 a page, with their names, the link and the instructions', async () => {
    const batch = await inUnit(() => t.core.inviteBatch.issueForGroup(bigGroup, 'students', sys));
    expect(batch.slips).toHaveLength(25);
    expect(batch.skipped).toEqual([]);
    const pdf = await renderInviteSlips(batch.slips, { compress: false });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(pdfPageCount(pdf)).toBe(Math.ceil(25 / SLIPS_PER_PAGE));
    expect(pdfPageCount(pdf)).toBe(7);
    const text = pdfText(pdf);
    for (const lastName of NAMES) expect(text).toContain(`${lastName} Иван`);
    expect(text).toContain('Отсканируйте QR-код камерой телефона');
    expect(text).toContain('Ученик, класс 7В');
    expect(text).toContain(batch.slips[0]!.deepLink.slice(0, 30));
    // Every student got a fresh invite; the compressed default is a valid PDF too.
    expect(await t.orm.em.fork().count(Invite, { personKind: 'student', revokedAt: null, usedAt: null })).toBe(25);
    expect((await renderInviteSlips(batch.slips)).subarray(0, 4).toString()).toBe('%PDF');
  });

  it('revokes the earlier invites of the class when slips are printed again', async () => {
    const first = await inUnit(() => t.core.inviteBatch.issueForGroup(school.groupA.id, 'students', sys));
    await inUnit(() => t.core.inviteBatch.issueForGroup(school.groupA.id, 'students', sys));
    const invites = await t.orm.em.fork().find(Invite, { personKind: 'student', personId: school.studentA.id }, { orderBy: { id: 'asc' } });
    expect(first.slips).toHaveLength(1);
    expect(invites.filter((i) => !i.revokedAt)).toHaveLength(1);
    expect(invites.at(-1)!.revokedAt).toBeNull();
  });

  it('skips guardians without consent, with the reason, and lists them on the last page', async () => {
    const before = await inUnit(() => t.core.inviteBatch.issueForGroup(school.groupA.id, 'guardians', sys));
    expect(before.slips).toEqual([]);
    expect(before.skipped).toEqual([{ fullName: 'Алексеева Анна', reason: 'нет согласия на обработку персональных данных' }]);
    const pdf = await renderInviteSlips(before.slips, { skipped: before.skipped, compress: false });
    expect(pdfText(pdf)).toContain('Алексеева Анна — нет согласия');

    await inUnit(() => t.core.consents.record(school.guardianA.id, 'given', '2026-09-01', sys));
    const both = await inUnit(() => t.core.inviteBatch.issueForGroup(school.groupA.id, 'both', sys));
    expect(both.slips.map((s) => s.fullName)).toEqual(['Алексеев Пётр', 'Алексеева Анна']);
    expect(both.slips[1]!.roleTitle).toContain('Пётр Алексеев');
    expect(both.skipped).toEqual([]);

    await inUnit(() => t.core.consents.record(school.guardianA.id, 'withdrawn', '2026-09-02', sys));
    const withdrawn = await inUnit(() => t.core.inviteBatch.issueForGroup(school.groupA.id, 'both', sys));
    // Withdrawn (G3): the only guardian's consent gone, the child is «Ученик 1» and gets no slip either.
    expect(withdrawn.slips).toEqual([]);
    expect(withdrawn.skipped).toEqual([
      { fullName: 'Ученик 1', reason: 'согласие на обработку персональных данных отозвано' },
      { fullName: 'Родитель 1', reason: 'согласие на обработку персональных данных отозвано' },
    ]);
  });

  it('lets the class teacher print its own class and refuses another class', async () => {
    const teacherA = staffActor({ schoolId: school.school.id, staffId: school.people.classTeacherA.id, roles: ['teacher'], classGroupIds: [school.groupA.id], source: 'panel' });
    const own = await inUnit(() => t.core.inviteBatch.issueForGroup(school.groupA.id, 'students', teacherA));
    // 7А's one student is «Ученик 1» since the withdrawal above: listed, not invited.
    expect([own.slips.length, own.skipped.length]).toEqual([0, 1]);
    const other = await inUnit(() => t.core.inviteBatch.issueForGroup(school.groupB.id, 'students', teacherA)).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(AccessDenied);
  });
});
